using Microsoft.CodeAnalysis;

namespace Engram.Generators.Tests;

/// <summary>
/// The generated code compiles against the real runtime (Engram.dll, TorchSharp.dll) with nullable enabled and every
/// warning an error, as the repo builds.
/// </summary>
public sealed class CompilationTests
{
    private static readonly string[] Declarations =
    [
        GeneratorHarness.PermutedMnistEwc,
        GeneratorHarness.PermutedMnistNaive,
        GeneratorHarness.SgdDefaults,
        """
        using Engram.Dsl;

        namespace Engram.Samples.Variants;

        /// <summary>Every optional attribute omitted but the mandatory ones; a linear model; SGD with EWC.</summary>
        [Experiment]
        [PermutedMnist]
        [Mlp]
        [Sgd]
        [Ewc]
        public partial class Minimal;
        """,
    ];

    [Fact]
    public void GeneratedCodeCompilesWithoutAnyDiagnostic()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Declarations, implicitUsings: true, requireDocumentation: true));

        Assert.Empty(run.Diagnostics);
        Assert.Equal(5, run.Result.GeneratedTrees.Length);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void GeneratedCodeNeedsNoImplicitUsings()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Declarations, implicitUsings: false, requireDocumentation: true));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void TheCatalogListsEveryExperimentWithItsDeclaredSpec()
    {
        GeneratorRun run = GeneratorHarness.Run(Declarations);
        string catalog = run.Generated("ExperimentCatalog.g.cs");

        Assert.Contains("new(\"Minimal\", \"\", \"PermutedMnist\", global::Engram.Samples.Variants.Minimal.Declared, global::Engram.Samples.Variants.Minimal.Run),", catalog);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void NoExperimentsMeansNoCatalog()
    {
        GeneratorRun run = GeneratorHarness.Run("namespace Plain; internal static class Helper { }");

        Assert.Empty(run.Result.GeneratedTrees);
    }
}
