using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Engram.Generators.Tests;

/// <summary>
/// One test per diagnostic: its id, severity, the exact source text it sits on, and its message (what is wrong, the
/// value found, the valid range).
/// </summary>
public sealed class DiagnosticTests
{
    [Fact]
    public void ENG0001_ClassNotPartial_OnTheClassIdentifier() => AssertDiagnostic(
        Declaration("public class NotPartial;"),
        "ENG0001",
        "NotPartial",
        "Experiment class 'NotPartial' is not partial; the generator adds its Spec and Run members, so declare it 'partial class NotPartial'");

    [Fact]
    public void ENG0002_NestedClass_OnTheClassIdentifier() => AssertDiagnostic(
        """
        using Engram.Dsl;

        namespace Lab;

        public partial class Outer
        {
            [Experiment, PermutedMnist, Mlp(10), Sgd]
            public partial class Inner;
        }
        """,
        "ENG0002",
        "Inner",
        "Experiment class 'Inner' is nested in 'Lab.Outer'; an experiment must be a top-level class of a namespace or of the global namespace");

    [Fact]
    public void ENG0003_GenericClass_OnTheClassIdentifier() => AssertDiagnostic(
        Declaration("public partial class Generic<TModel, TData>;"),
        "ENG0003",
        "Generic",
        "Experiment class 'Generic' has type parameters <TModel, TData>; an experiment must be a class without type parameters");

    [Fact]
    public void ENG0004_StaticClass_OnTheClassIdentifier() => AssertDiagnostic(
        Declaration("public static partial class Static;"),
        "ENG0004",
        "Static",
        "Experiment class 'Static' is static; an experiment must be a non-static class");

    [Fact]
    public void ENG0005_NoTaskFamily_OnTheExperimentAttribute() => AssertDiagnostic(
        """
        using Engram.Dsl;

        [Experiment(Seed = 7)]
        [Mlp(10)]
        [Sgd]
        public partial class NoFamily;
        """,
        "ENG0005",
        "Experiment(Seed = 7)",
        "Experiment 'NoFamily' declares no task family; add exactly one of [PermutedMnist]");

    [Fact]
    public void ENG0006_NoModel_OnTheExperimentAttribute() => AssertDiagnostic(
        """
        using Engram.Dsl;

        [Experiment]
        [PermutedMnist]
        [Sgd]
        public partial class NoModel;
        """,
        "ENG0006",
        "Experiment",
        "Experiment 'NoModel' declares no model; add [Mlp(...)] with the hidden layer sizes, e.g. [Mlp(100, 100)]");

    [Fact]
    public void ENG0007_HiddenLayerSize_OnThatArgument() => AssertDiagnostic(
        Declaration("public partial class Layers;", mlp: "Mlp(100, 0, 100)"),
        "ENG0007",
        "0",
        "Hidden layer 2 of [Mlp] has size 0; every hidden layer needs at least 1 neuron");

    [Fact]
    public void ENG0007_HiddenLayerSize_OnTheArrayElement() => AssertDiagnostic(
        Declaration("public partial class Layers;", mlp: "Mlp(new[] { 100, -5 })"),
        "ENG0007",
        "-5",
        "Hidden layer 2 of [Mlp] has size -5; every hidden layer needs at least 1 neuron");

    [Fact]
    public void ENG0008_NoOptimizer_OnTheExperimentAttribute() => AssertDiagnostic(
        """
        using Engram.Dsl;

        [Experiment(Name = "no-optimizer")]
        [PermutedMnist]
        [Mlp(10)]
        public partial class NoOptimizer;
        """,
        "ENG0008",
        "Experiment(Name = \"no-optimizer\")",
        "Experiment 'NoOptimizer' declares no optimizer; add exactly one of [Sgd] or [Adam]");

    [Fact]
    public void ENG0009_MultipleOptimizers_OnTheSecondOptimizer() => AssertDiagnostic(
        Declaration("public partial class TwoOptimizers;", optimizer: "Sgd(LearningRate = 0.1), Adam"),
        "ENG0009",
        "Adam",
        "Experiment 'TwoOptimizers' declares 2 optimizers ([Sgd], [Adam]); declare exactly one of [Sgd] or [Adam]");

    [Fact]
    public void ENG0010_Tasks_OnTheTasksArgument() => AssertDiagnostic(
        Declaration("public partial class NoTasks;", family: "PermutedMnist(Tasks = 0)"),
        "ENG0010",
        "Tasks = 0",
        "[PermutedMnist] Tasks is 0; an experiment needs at least 1 task");

    [Fact]
    public void ENG0011_Epochs_OnTheEpochsArgument() => AssertDiagnostic(
        Declaration("public partial class NoEpochs;", extra: "[Training(Epochs = 0, BatchSize = 32)]"),
        "ENG0011",
        "Epochs = 0",
        "[Training] Epochs is 0; every task needs at least 1 epoch");

    [Fact]
    public void ENG0012_BatchSize_OnTheBatchSizeArgument() => AssertDiagnostic(
        Declaration("public partial class EmptyBatches;", extra: "[Training(BatchSize = -1)]"),
        "ENG0012",
        "BatchSize = -1",
        "[Training] BatchSize is -1; a minibatch needs at least 1 sample");

    [Fact]
    public void ENG0013_LearningRate_OnTheLearningRateArgument() => AssertDiagnostic(
        Declaration("public partial class NegativeRate;", optimizer: "Adam(LearningRate = -1e-3)"),
        "ENG0013",
        "LearningRate = -1e-3",
        "[Adam] LearningRate is -0.001; it must be a finite number greater than 0");

    [Fact]
    public void ENG0014_Momentum_OnTheMomentumArgument() => AssertDiagnostic(
        Declaration("public partial class FullMomentum;", optimizer: "Sgd(Momentum = 1)"),
        "ENG0014",
        "Momentum = 1",
        "[Sgd] Momentum is 1; it must be at least 0 and less than 1 (0 is plain SGD)");

    [Fact]
    public void ENG0015_EwcLambda_OnTheLambdaArgument() => AssertDiagnostic(
        Declaration("public partial class NegativeLambda;", extra: "[Ewc(Lambda = -1, FisherSamples = 200)]"),
        "ENG0015",
        "Lambda = -1",
        "[Ewc] Lambda is -1; the penalty strength must be a finite number at least 0");

    [Fact]
    public void ENG0016_FisherSamples_OnTheFisherSamplesArgument() => AssertDiagnostic(
        Declaration("public partial class NoFisherSamples;", extra: "[Ewc(FisherSamples = 0)]"),
        "ENG0016",
        "FisherSamples = 0",
        "[Ewc] FisherSamples is 0; the Fisher estimate needs at least 1 sample");

    [Fact]
    public void ENG0017_Activation_OnTheActivationArgument() => AssertDiagnostic(
        Declaration("public partial class UnknownActivation;", mlp: "Mlp(10, Activation = (Activation)7)"),
        "ENG0017",
        "Activation = (Activation)7",
        "[Mlp] Activation is 7; it must be one of ReLU, Sigmoid, Tanh");

    [Fact]
    public void ENG0018_Name_OnTheNameArgument() => AssertDiagnostic(
        Declaration("public partial class Spaced;", experiment: "Experiment(Name = \"my experiment\")"),
        "ENG0018",
        "Name = \"my experiment\"",
        "Experiment name 'my experiment' is not valid; a name starts with a letter or digit and has only letters, digits, '.', '-' and '_'");

    [Fact]
    public void ENG0019_DuplicateName_OnTheLaterDeclaration() => AssertDiagnostic(
        [
            Declaration("public partial class First;", experiment: "Experiment(Name = \"baseline\")"),
            Declaration("public partial class Second;", experiment: "Experiment(Name = \"baseline\")"),
        ],
        "ENG0019",
        "Name = \"baseline\"",
        "Experiment name 'baseline' is already used by 'First'; experiment names must be unique within an assembly",
        expectedFile: "Source1.cs");

    [Fact]
    public void ValueErrorsStillEmitTheClassSoCallersCompile()
    {
        GeneratorRun run = GeneratorHarness.Run(Declaration("public partial class Broken;", family: "PermutedMnist(Tasks = 0)"));

        Assert.Equal("ENG0010", Assert.Single(run.Diagnostics).Id);
        Assert.Contains(run.Result.GeneratedTrees, t => t.FilePath.EndsWith("Broken.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void StructuralErrorsEmitNothing()
    {
        GeneratorRun run = GeneratorHarness.Run(Declaration("public class NotPartial;"));

        Assert.Equal("ENG0001", Assert.Single(run.Diagnostics).Id);
        Assert.Empty(run.Result.GeneratedTrees);
    }

    [Fact]
    public void EveryRuleOfADeclarationIsReportedAtOnce()
    {
        GeneratorRun run = GeneratorHarness.Run(Declaration(
            "public partial class ManyErrors;",
            family: "PermutedMnist(Tasks = -2)",
            mlp: "Mlp(0, 10)",
            optimizer: "Sgd(LearningRate = 0, Momentum = -0.5)"));

        Assert.Equal(["ENG0010", "ENG0007", "ENG0013", "ENG0014"], run.Diagnostics.Select(d => d.Id));
    }

    /// <summary>A complete, valid declaration with one part replaced.</summary>
    private static string Declaration(
        string classDeclaration,
        string experiment = "Experiment",
        string family = "PermutedMnist",
        string mlp = "Mlp(10)",
        string optimizer = "Sgd",
        string extra = "") => $$"""
        using Engram.Dsl;

        [{{experiment}}]
        [{{family}}]
        [{{mlp}}]
        [{{optimizer}}]
        {{extra}}
        {{classDeclaration}}
        """;

    private static void AssertDiagnostic(string source, string id, string locatedText, string message) =>
        AssertDiagnostic([source], id, locatedText, message, expectedFile: "Source0.cs");

    private static void AssertDiagnostic(string[] sources, string id, string locatedText, string message, string expectedFile)
    {
        GeneratorRun run = GeneratorHarness.Run(sources);

        // The declarations themselves are valid C#: the generator's diagnostic is the only error.
        Assert.Empty(run.Input.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Engram", diagnostic.Descriptor.Category);
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        string path = diagnostic.Location.GetLineSpan().Path;
        Assert.Equal(expectedFile, path);
        SyntaxTree tree = run.Input.SyntaxTrees.Single(t => t.FilePath == path);
        Assert.Equal(locatedText, tree.GetText().ToString(diagnostic.Location.SourceSpan));
    }
}
