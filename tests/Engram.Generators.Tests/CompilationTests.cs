using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

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
        GeneratorHarness.CurveNaiveThreeTasks,
        GeneratorHarness.CurveMaskTwoTasks,
        GeneratorHarness.CurveL1Mask,
        GeneratorHarness.CurveMaskEwc,
        GeneratorHarness.PermutedMnistOnlineEwc,
        GeneratorHarness.PermutedMnistMask,
        GeneratorHarness.MaskEwcL1,
        """
        using Engram.Dsl;

        namespace Engram.Samples.Variants;

        /// <summary>Curve regression with every setting omitted: 3 tasks, full batch, a mask with its defaults.</summary>
        [Experiment]
        [CurveRegression]
        [Mlp]
        [Adam]
        [FisherMask]
        public partial class MinimalCurve;
        """,
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
        // One file per declaration, and the catalog.
        Assert.Equal(Declarations.Length + 1, run.Result.GeneratedTrees.Length);
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

        Assert.Contains(
            """
                    ExperimentDescriptor.Create(
                        "Minimal",
                        "",
                        "PermutedMnist",
                        global::Engram.Samples.Variants.Minimal.Declared,
                        global::Engram.Samples.Variants.Minimal.Claims,
                        global::Engram.Samples.Variants.Minimal.Run),
            """,
            catalog);
        Assert.Contains("[assembly: DeclaredExperiment(typeof(global::Engram.Samples.Variants.Minimal))]", catalog);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void InATestProjectEveryExperimentWithClaimsGetsATestThatCompiles()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Declarations, implicitUsings: false, requireDocumentation: true, xunit: true));

        Assert.Empty(run.Diagnostics);
        // The samples with claims and the combined declaration; the other declarations have none.
        Assert.Equal(
            [
                "Engram.Samples.PermutedMnistEwc.Claims.g.cs",
                "Engram.Samples.PermutedMnistMask.Claims.g.cs",
                "Engram.Samples.PermutedMnistNaive.Claims.g.cs",
                "Engram.Samples.PermutedMnistOnlineEwc.Claims.g.cs",
                "Lab.Combined.MaskEwcL1.Claims.g.cs",
            ],
            run.Result.Results.Single().GeneratedSources.Select(s => s.HintName).Where(h => h.EndsWith(".Claims.g.cs", StringComparison.Ordinal)).Order());
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void WithoutXunitNoTestIsGenerated()
    {
        GeneratorRun run = GeneratorHarness.Run(Declarations);

        Assert.DoesNotContain(run.Result.Results.Single().GeneratedSources, s => s.HintName.EndsWith(".Claims.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void ATestProjectGetsTestsForTheExperimentsOfAReferencedAssembly()
    {
        // The experiments assembly, compiled and emitted as a real project would be...
        GeneratorRun experiments = GeneratorHarness.Run(Declarations);
        using var image = new MemoryStream();
        Assert.True(experiments.Output.Emit(image).Success);

        // ...and a test project that only references it.
        CSharpCompilation tests = GeneratorHarness.CreateCompilation(["namespace Lab.Tests; internal static class Nothing { }"], implicitUsings: true, requireDocumentation: false, xunit: true)
            .AddReferences(MetadataReference.CreateFromImage(image.ToArray()));
        GeneratorRun run = GeneratorHarness.Run(tests);

        Assert.Empty(run.Diagnostics);
        Assert.Equal(
            [
                "Engram.Samples.PermutedMnistEwc.Claims.g.cs",
                "Engram.Samples.PermutedMnistMask.Claims.g.cs",
                "Engram.Samples.PermutedMnistNaive.Claims.g.cs",
                "Engram.Samples.PermutedMnistOnlineEwc.Claims.g.cs",
                "Lab.Combined.MaskEwcL1.Claims.g.cs",
            ],
            run.Result.Results.Single().GeneratedSources.Select(s => s.HintName).Order());
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void NoExperimentsMeansNoCatalog()
    {
        GeneratorRun run = GeneratorHarness.Run("namespace Plain; internal static class Helper { }");

        Assert.Empty(run.Result.GeneratedTrees);
    }
}
