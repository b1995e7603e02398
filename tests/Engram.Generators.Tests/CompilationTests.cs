using Microsoft.CodeAnalysis;
using Engram.Validation;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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
        GeneratorHarness.SplitMnistClassIncremental,
        GeneratorHarness.SplitMnistTaskIncremental,
        GeneratorHarness.SplitMnistTaskIncrementalEwc,
        """
        using Engram.Dsl;

        namespace Engram.Samples.Variants;

        /// <summary>Task-incremental permuted MNIST: a head per task, with L1 on the heads and a global mask.</summary>
        [Experiment]
        [PermutedMnist(Tasks = 3)]
        [Mlp(32, MultiHead = true)]
        [Adam]
        [L1(Layers = [1])]
        [FisherMask(Scope = MaskScope.Global)]
        public partial class MultiHeadPermuted;
        """,
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
    public void EveryNameTheGeneratedCodeLooksUpOutsideItsRecordIsReservedByENG0042()
    {
        // An experiment class named like a type, method or member the generated code finds by simple-name lookup would
        // capture that lookup. ENG0042 refuses exactly the names of ExperimentRules.GeneratedCodeNames: this collects
        // the names the generated code of every declaration above really looks up, and compares the two sets.
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Declarations, implicitUsings: false, requireDocumentation: true));
        var lookedUp = new SortedSet<string>(StringComparer.Ordinal);
        foreach (SyntaxTree tree in run.Result.GeneratedTrees.Where(t => !t.FilePath.EndsWith("ExperimentCatalog.g.cs", StringComparison.Ordinal)))
        {
            SemanticModel model = run.Output.GetSemanticModel(tree);
            foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (IsQualified(name) || model.GetSymbolInfo(name).Symbol is not { } symbol)
                    continue;
                bool found = symbol is INamedTypeSymbol or IMethodSymbol or IPropertySymbol or IFieldSymbol;
                bool inSpec = symbol.ContainingType?.Name == "Spec"; // the record's own members are found before the class
                if (found && !inSpec)
                    lookedUp.Add(name.Identifier.ValueText);
            }
        }

        Assert.Equal(ExperimentRules.GeneratedCodeNames.Keys.Order(StringComparer.Ordinal), lookedUp);
    }

    private static bool IsQualified(SimpleNameSyntax name) => name.Parent switch
    {
        MemberAccessExpressionSyntax access => access.Name == name,
        QualifiedNameSyntax qualified => qualified.Right == name,
        NameColonSyntax or NameEqualsSyntax => true,
        AliasQualifiedNameSyntax alias => alias.Name == name,
        _ => false,
    };

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

    /// <summary>The test files of the declarations above that have claims: the samples with claims and the combined one.</summary>
    private static readonly string[] ClaimTestFiles =
    [
        "Engram.Samples.PermutedMnistEwc.Claims.g.cs",
        "Engram.Samples.PermutedMnistMask.Claims.g.cs",
        "Engram.Samples.PermutedMnistNaive.Claims.g.cs",
        "Engram.Samples.PermutedMnistOnlineEwc.Claims.g.cs",
        "Engram.Samples.SplitMnistClassIncremental.Claims.g.cs",
        "Engram.Samples.SplitMnistTaskIncremental.Claims.g.cs",
        "Engram.Samples.SplitMnistTaskIncrementalEwc.Claims.g.cs",
        "Lab.Combined.MaskEwcL1.Claims.g.cs",
    ];

    [Fact]
    public void InATestProjectEveryExperimentWithClaimsGetsATestThatCompiles()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Declarations, implicitUsings: false, requireDocumentation: true, xunit: true));

        Assert.Empty(run.Diagnostics);
        // The samples with claims and the combined declaration; the other declarations have none.
        Assert.Equal(
            ClaimTestFiles,
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
            ClaimTestFiles,
            run.Result.Results.Single().GeneratedSources.Select(s => s.HintName).Order());
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void WithoutExperimentsAProgramStillGetsAnEmptyCatalogToCompileAgainst()
    {
        // A new experiments program: Main hands the catalog to the CLI before its first experiment compiles.
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(
            ["namespace Plain; internal static class Entry { public static int Count() => Engram.Generated.ExperimentCatalog.All.Count; }"],
            implicitUsings: true, requireDocumentation: true));

        Assert.Equal(["ExperimentCatalog.g.cs"], run.Result.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)));
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void ATestProjectWithoutExperimentsGetsNoCatalog()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(
            ["namespace Plain.Tests; internal static class Helper { }"], implicitUsings: true, requireDocumentation: false, xunit: true));

        Assert.Empty(run.Result.GeneratedTrees);
    }
}
