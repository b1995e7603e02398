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
        "Experiment 'NoFamily' declares no task family; add exactly one of [PermutedMnist], [SplitMnist] or [CurveRegression]");

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
        "[PermutedMnist] Tasks is 0; an experiment needs at least 1 task and at most 1000");

    [Fact]
    public void ENG0010_Tasks_AboveTheMaximum_OnTheTasksArgument() => AssertDiagnostic(
        Declaration("public partial class EndlessTasks;", family: "CurveRegression(Tasks = 100000)"),
        "ENG0010",
        "Tasks = 100000",
        "[CurveRegression] Tasks is 100000; an experiment needs at least 1 task and at most 1000");

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
        "[Training] BatchSize is -1; it must be at least 0 (0 = full batch: every step trains on the task's whole training set)");

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
    public void ENG0016_FisherSamples_OfTheMask_NamesTheMask() => AssertDiagnostic(
        Declaration("public partial class NoSignificanceSamples;", extra: "[FisherMask(Freeze = 0.5, FisherSamples = -3)]"),
        "ENG0016",
        "FisherSamples = -3",
        "[FisherMask] FisherSamples is -3; the Fisher estimate needs at least 1 sample");

    [Fact]
    public void ENG0017_Activation_OnTheActivationArgument() => AssertDiagnostic(
        Declaration("public partial class UnknownActivation;", mlp: "Mlp(10, Activation = (Activation)7)"),
        "ENG0017",
        "Activation = (Activation)7",
        "[Mlp] Activation is 7; it must be one of ReLU, Sigmoid, Tanh");

    [Theory]
    [InlineData("CurveRegression(Curve = (Curve)9)", "", "Curve = (Curve)9", "[CurveRegression] Curve is 9; it must be one of Polynomial, Sine, Rbf")]
    [InlineData("PermutedMnist", "[Ewc(Fisher = (FisherEstimator)5)]", "Fisher = (FisherEstimator)5", "[Ewc] Fisher is 5; it must be one of Empirical, Sampled, Exact, Minibatch, SquaredMeanGradient")]
    [InlineData("PermutedMnist", "[FisherMask(Scope = (MaskScope)2)]", "Scope = (MaskScope)2", "[FisherMask] Scope is 2; it must be one of Global, Layerwise")]
    [InlineData("PermutedMnist", "[FisherMask(Granularity = (MaskGranularity)3)]", "Granularity = (MaskGranularity)3", "[FisherMask] Granularity is 3; it must be one of Parameter, Neuron")]
    [InlineData("PermutedMnist", "[FisherMask(Accumulate = (MaskAccumulation)4)]", "Accumulate = (MaskAccumulation)4", "[FisherMask] Accumulate is 4; it must be one of Union, Latest")]
    [InlineData("PermutedMnist", "[FisherMask(Fisher = (FisherEstimator)7)]", "Fisher = (FisherEstimator)7", "[FisherMask] Fisher is 7; it must be one of Empirical, Sampled, Exact, Minibatch, SquaredMeanGradient")]
    public void ENG0017_EveryEnumSetting_OnItsArgument(string family, string extra, string located, string message) => AssertDiagnostic(
        Declaration("public partial class UnknownMember;", family: family, extra: extra),
        "ENG0017",
        located,
        message);

    [Fact]
    public void ENG0018_Name_OnTheNameArgument() => AssertDiagnostic(
        Declaration("public partial class Spaced;", experiment: "Experiment(Name = \"my experiment\")"),
        "ENG0018",
        "Name = \"my experiment\"",
        "Experiment name 'my experiment' is not valid; a name has 1 to 100 characters, starts with an ASCII letter or digit and has only ASCII letters, digits, '.', '-' and '_' (it names a folder and a command-line argument)");

    [Fact]
    public void ENG0018_Name_OnTheClassNameWhenItIsTheName() => AssertDiagnostic(
        Declaration("public partial class Übung;"),
        "ENG0018",
        "Übung",
        "Experiment name 'Übung' is not valid; a name has 1 to 100 characters, starts with an ASCII letter or digit and has only ASCII letters, digits, '.', '-' and '_' (it names a folder and a command-line argument)");

    [Fact]
    public void ENG0018_Name_AtMost100Characters()
    {
        GeneratorRun run = GeneratorHarness.Run(Declaration("public partial class Long;", experiment: $"Experiment(Name = \"{new string('a', 101)}\")"));
        GeneratorRun fits = GeneratorHarness.Run(Declaration("public partial class Long;", experiment: $"Experiment(Name = \"{new string('a', 100)}\")"));

        Assert.Equal("ENG0018", Assert.Single(run.Diagnostics).Id);
        Assert.Empty(fits.Diagnostics);
    }

    [Fact]
    public void ENG0019_DuplicateName_OnTheLaterDeclaration() => AssertDiagnostic(
        [
            Declaration("public partial class First;", experiment: "Experiment(Name = \"baseline\")"),
            Declaration("public partial class Second;", experiment: "Experiment(Name = \"baseline\")"),
        ],
        "ENG0019",
        "Name = \"baseline\"",
        "Experiment name 'baseline' is already used by 'First' (as 'baseline'); experiment names must be unique within an assembly, ignoring case, because each names a run folder",
        expectedFile: "Source1.cs");

    [Fact]
    public void ENG0020_MultipleTaskFamilies_OnTheSecondFamily()
    {
        GeneratorRun run = GeneratorHarness.Run(Declaration("public partial class TwoFamilies;", family: "PermutedMnist(Tasks = 2), CurveRegression(Tasks = 3)"));

        AssertDiagnostic(
            run,
            "ENG0020",
            "CurveRegression(Tasks = 3)",
            "Experiment 'TwoFamilies' declares 2 task families ([PermutedMnist], [CurveRegression]); declare exactly one of [PermutedMnist], [SplitMnist] or [CurveRegression]",
            "Source0.cs");
        AssertNothingButTheEmptyCatalog(run);
    }

    [Fact]
    public void ENG0021_RegularizerSingleTask_WarnsOnTheRegularizer() => AssertDiagnostic(
        Declaration("public partial class LonelyEwc;", family: "PermutedMnist(Tasks = 1)", extra: "[Ewc(Lambda = 100)]"),
        "ENG0021",
        "Ewc(Lambda = 100)",
        "[Ewc] can do nothing: [PermutedMnist] Tasks is 1, and a regularizer or mask protects earlier tasks only while later ones train; declare Tasks = 2 or more, or remove [Ewc]");

    [Fact]
    public void ENG0021_RegularizerSingleTask_WarnsOnTheMask() => AssertDiagnostic(
        Declaration("public partial class LonelyMask;", family: "CurveRegression(Tasks = 1)", extra: "[FisherMask(Freeze = 0.9)]"),
        "ENG0021",
        "FisherMask(Freeze = 0.9)",
        "[FisherMask] can do nothing: [CurveRegression] Tasks is 1, and a regularizer or mask protects earlier tasks only while later ones train; declare Tasks = 2 or more, or remove [FisherMask]");

    [Fact]
    public void ENG0022_EwcLambdaZero_WarnsOnTheLambdaArgument() => AssertDiagnostic(
        Declaration("public partial class ZeroLambda;", extra: "[Ewc(Lambda = 0)]"),
        "ENG0022",
        "Lambda = 0",
        "[Ewc] Lambda is 0, so the penalty is always 0 and the run is plain fine-tuning; use a Lambda greater than 0, or remove [Ewc] for the fine-tuning baseline");

    [Fact]
    public void ENG0023_ExpectMetric_BwtOfASingleTask() => AssertDiagnostic(
        Declaration("public partial class OneTask;", family: "SplitMnist(Tasks = 1)", extra: "[Expect(Metric.Bwt, AtLeast = -0.1)]"),
        "ENG0023",
        "Metric.Bwt",
        "[Expect] Metric is Bwt, which [SplitMnist] does not produce with Tasks = 1 (BWT compares each earlier task before and after the later ones); expect one of Acc");

    [Fact]
    public void ENG0023_ExpectMetric_NotProduced_OnTheMetricArgument() => AssertDiagnostic(
        Declaration("public partial class RegressionClaim;", extra: "[Expect(Metric.Mse, AtMost = 0.1)]"),
        "ENG0023",
        "Metric.Mse",
        "[Expect] Metric is Mse, which [PermutedMnist] does not produce; expect one of Acc, Bwt");

    [Fact]
    public void ENG0023_ExpectMetric_AccuracyOfARegressionFamily_OnTheMetricArgument() => AssertDiagnostic(
        Declaration("public partial class CurveClaim;", family: "CurveRegression", extra: "[Expect(Metric.Acc, AtLeast = 0.9)]"),
        "ENG0023",
        "Metric.Acc",
        "[Expect] Metric is Acc, which [CurveRegression] does not produce; expect one of Mse");

    [Fact]
    public void ENG0023_ExpectMetric_Undefined_OnTheMetricArgument() => AssertDiagnostic(
        Declaration("public partial class UndefinedClaim;", extra: "[Expect((Metric)7, AtLeast = 0.5)]"),
        "ENG0023",
        "(Metric)7",
        "[Expect] Metric is 7, which [PermutedMnist] does not produce; expect one of Acc, Bwt");

    [Fact]
    public void ENG0024_ExpectNoThreshold_OnTheAttribute() => AssertDiagnostic(
        Declaration("public partial class VagueClaim;", extra: "[Expect(Metric.Acc)]"),
        "ENG0024",
        "Expect(Metric.Acc)",
        "[Expect(Metric.Acc)] sets neither AtLeast nor AtMost; a claim needs a threshold, so set AtLeast, AtMost or both");

    [Fact]
    public void ENG0025_ExpectThreshold_Percent_OnTheThresholdArgument() => AssertDiagnostic(
        Declaration("public partial class PercentClaim;", extra: "[Expect(Metric.Acc, AtLeast = 80)]"),
        "ENG0025",
        "AtLeast = 80",
        "[Expect(Metric.Acc)] AtLeast is 80; Acc lies in [0, 1] (a fraction: 0.8 means 80%), so the threshold must be a number in that range");

    [Fact]
    public void ENG0025_ExpectThreshold_NaN_OnTheThresholdArgument() => AssertDiagnostic(
        Declaration("public partial class NaNClaim;", extra: "[Expect(Metric.Bwt, AtMost = double.NaN)]"),
        "ENG0025",
        "AtMost = double.NaN",
        "[Expect(Metric.Bwt)] AtMost is NaN; Bwt lies in [-1, 1] (a fraction: -0.05 means 5 percentage points lost), so the threshold must be a number in that range");

    [Fact]
    public void ENG0026_ExpectEmptyRange_OnTheAttribute() => AssertDiagnostic(
        Declaration("public partial class ImpossibleClaim;", extra: "[Expect(Metric.Acc, AtLeast = 0.9, AtMost = 0.8)]"),
        "ENG0026",
        "Expect(Metric.Acc, AtLeast = 0.9, AtMost = 0.8)",
        "[Expect(Metric.Acc)] AtLeast is 0.9 and AtMost is 0.8; no value is at least 0.9 and at most 0.8");

    [Fact]
    public void ENG0026_ExpectEmptyRange_AcrossTwoExpectations_OnTheLaterOne() => AssertDiagnostic(
        Declaration("public partial class ContradictoryClaims;", extra: "[Expect(Metric.Acc, AtLeast = 0.9)]\n[Expect(Metric.Bwt, AtMost = 0)]\n[Expect(Metric.Acc, AtMost = 0.5)]"),
        "ENG0026",
        "Expect(Metric.Acc, AtMost = 0.5)",
        "[Expect(Metric.Acc)] AtLeast is 0.9 and AtMost is 0.5; no value is at least 0.9 and at most 0.5");

    [Fact]
    public void ENG0027_NotExpanded_Attribute_OnTheAttribute() => AssertDiagnostic(
        [
            Declaration("public partial class Rehearsal;", extra: "[Replay(Buffer = 200)]"),
            // An Engram.Dsl attribute this generator does not know (as from an Engram.dll newer than the generator).
            """
            namespace Engram.Dsl;

            [System.AttributeUsage(System.AttributeTargets.Class)]
            public sealed class ReplayAttribute : System.Attribute
            {
                public int Buffer { get; set; }
            }
            """,
        ],
        "ENG0027",
        "Replay(Buffer = 200)",
        "[Replay] is not expanded by this version of the Engram generator, so a run would silently ignore it; remove it until the generator supports it",
        expectedFile: "Source0.cs");

    [Fact]
    public void ENG0027_NotExpanded_EveryDslAttributeIsExpanded()
    {
        // Every attribute of Engram.Dsl is expanded by the generator: none is reported as ignored, and none is missing
        // from this list (a new attribute in the runtime must be expanded, or the generator reports ENG0027 on it).
        string[] read =
        [
            "ExperimentAttribute", "PermutedMnistAttribute", "SplitMnistAttribute", "CurveRegressionAttribute", "MlpAttribute", "SgdAttribute", "AdamAttribute",
            "TrainingAttribute", "EwcAttribute", "L1Attribute", "FisherMaskAttribute", "ExpectAttribute",
        ];
        Type[] attributes = typeof(Engram.Dsl.ExperimentAttribute).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "Engram.Dsl" && t.IsSubclassOf(typeof(Attribute)))
            .ToArray();

        Assert.Equal(read.Order(), attributes.Select(t => t.Name).Order());
    }

    [Fact]
    public void ENG0027_NotExpanded_Argument_OnTheArgument()
    {
        // An [Ewc] that has grown a property the generator does not read (declared here, shadowing Engram.dll's:
        // CS0436) is not silently ignored either.
        GeneratorRun run = GeneratorHarness.Run(
            Declaration("public partial class DecayedEwc;", extra: "[Ewc(Lambda = 100, Decay = 0.5)]"),
            """
            namespace Engram.Dsl
            {
                [System.AttributeUsage(System.AttributeTargets.Class)]
                public sealed class EwcAttribute : System.Attribute
                {
                    public double Lambda { get; set; } = 100;
                    public int FisherSamples { get; set; } = 1000;
                    public double Decay { get; set; }
                }
            }
            """);

        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("ENG0027", diagnostic.Id);
        Assert.Equal(
            "[Ewc] Decay is not expanded by this version of the Engram generator, so a run would silently ignore it; remove it until the generator supports it",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("Decay = 0.5", run.Input.SyntaxTrees.First().GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public void ENG0028_MaskFreeze_OnTheFreezeArgument() => AssertDiagnostic(
        Declaration("public partial class PercentMask;", extra: "[FisherMask(Freeze = 90)]"),
        "ENG0028",
        "Freeze = 90",
        "[FisherMask] Freeze is 90; the fraction of units to freeze must be greater than 0 and at most 1 (0.9 freezes the most significant 90%)");

    [Fact]
    public void ENG0028_MaskFreeze_Zero_OnTheFreezeArgument() => AssertDiagnostic(
        Declaration("public partial class EmptyMask;", extra: "[FisherMask(Freeze = 0)]"),
        "ENG0028",
        "Freeze = 0",
        "[FisherMask] Freeze is 0; the fraction of units to freeze must be greater than 0 and at most 1 (0.9 freezes the most significant 90%)");

    [Fact]
    public void ENG0029_MaskThreshold_OnTheThresholdArgument() => AssertDiagnostic(
        Declaration("public partial class NegativeThreshold;", extra: "[FisherMask(Threshold = -1e-5)]"),
        "ENG0029",
        "Threshold = -1e-5",
        "[FisherMask] Threshold is -1E-05; it must be a finite number at least 0 (0 freezes by the Freeze fraction instead)");

    [Fact]
    public void ENG0029_MaskThreshold_Infinite_OnTheThresholdArgument() => AssertDiagnostic(
        Declaration("public partial class InfiniteThreshold;", extra: "[FisherMask(Threshold = double.PositiveInfinity)]"),
        "ENG0029",
        "Threshold = double.PositiveInfinity",
        "[FisherMask] Threshold is Infinity; it must be a finite number at least 0 (0 freezes by the Freeze fraction instead)");

    [Fact]
    public void ENG0030_L1Strength_OnTheStrengthArgument() => AssertDiagnostic(
        Declaration("public partial class NegativeL1;", extra: "[L1(Strength = -1e-4)]"),
        "ENG0030",
        "Strength = -1e-4",
        "[L1] Strength is -0.0001; the penalty strength must be a finite number at least 0");

    [Fact]
    public void ENG0031_L1Layer_OnTheArrayElement() => AssertDiagnostic(
        Declaration("public partial class MissingLayer;", mlp: "Mlp(10, 10)", extra: "[L1(Layers = [0, 3])]"),
        "ENG0031",
        "3",
        "[L1] Layers has 3; it must be a linear layer of the model, 0 to 2, where 2 (the number of hidden layers in [Mlp]) is the output layer");

    [Fact]
    public void ENG0031_L1Layer_Negative_OnTheArrayElementOfAnArrayCreation() => AssertDiagnostic(
        Declaration("public partial class NegativeLayer;", extra: "[L1(Layers = new[] { -1, 1 })]"),
        "ENG0031",
        "-1",
        "[L1] Layers has -1; it must be a linear layer of the model, 0 to 1, where 1 (the number of hidden layers in [Mlp]) is the output layer");

    [Fact]
    public void ENG0032_EwcGamma_OnTheGammaArgument() => AssertDiagnostic(
        Declaration("public partial class GrowingFisher;", extra: "[Ewc(Online = true, Gamma = 1.5)]"),
        "ENG0032",
        "Gamma = 1.5",
        "[Ewc] Gamma is 1.5; the per-task decay of the running Fisher must be at least 0 and at most 1 (1 sums every task's Fisher, 0 keeps only the latest task's)");

    [Fact]
    public void ENG0033_EwcGammaWithoutOnline_WarnsOnTheGammaArgument() => AssertDiagnostic(
        Declaration("public partial class OfflineGamma;", extra: "[Ewc(Lambda = 100, Gamma = 0.9)]"),
        "ENG0033",
        "Gamma = 0.9",
        "[Ewc] Gamma is 0.9 but Online is false: offline EWC keeps every task's Fisher and anchor undecayed, so Gamma has no effect; set Online = true, or remove Gamma");

    [Fact]
    public void ENG0034_CurveRange_OnTheToArgument() => AssertDiagnostic(
        Declaration("public partial class Backwards;", family: "CurveRegression(From = 1.5, To = -1.5)"),
        "ENG0034",
        "To = -1.5",
        "[CurveRegression] From is 1.5 and To is -1.5; the x-range needs finite numbers with From less than To");

    [Fact]
    public void ENG0034_CurveRange_OnTheFromArgumentWhenToIsOmitted() => AssertDiagnostic(
        Declaration("public partial class PastTheEnd;", family: "CurveRegression(From = 2)"),
        "ENG0034",
        "From = 2",
        "[CurveRegression] From is 2 and To is 1.5; the x-range needs finite numbers with From less than To");

    [Fact]
    public void ENG0035_CurveSamples_OnTheSamplesArgument() => AssertDiagnostic(
        Declaration("public partial class NoPoints;", family: "CurveRegression(Samples = 0)"),
        "ENG0035",
        "Samples = 0",
        "[CurveRegression] Samples is 0; every task needs at least 1 training point");

    [Fact]
    public void ENG0036_CurveNoise_OnTheNoiseArgument() => AssertDiagnostic(
        Declaration("public partial class NegativeNoise;", family: "CurveRegression(Noise = -0.1)"),
        "ENG0036",
        "Noise = -0.1",
        "[CurveRegression] Noise is -0.1; the noise standard deviation must be a finite number at least 0 (0 = noise-free targets)");

    [Fact]
    public void ENG0037_SplitClasses_OnTheTasksArgument() => AssertDiagnostic(
        Declaration("public partial class TooManySplits;", family: "SplitMnist(Tasks = 6, ClassesPerTask = 2)"),
        "ENG0037",
        "Tasks = 6",
        "[SplitMnist] Tasks is 6 and ClassesPerTask is 2, so the tasks need 12 classes, but MNIST has 10; lower Tasks or ClassesPerTask so that Tasks x ClassesPerTask is at most 10");

    [Fact]
    public void ENG0037_SplitClasses_OnClassesPerTaskWhenTasksIsTheDefault() => AssertDiagnostic(
        Declaration("public partial class WideSplits;", family: "SplitMnist(ClassesPerTask = 3)"),
        "ENG0037",
        "ClassesPerTask = 3",
        "[SplitMnist] Tasks is 5 and ClassesPerTask is 3, so the tasks need 15 classes, but MNIST has 10; lower Tasks or ClassesPerTask so that Tasks x ClassesPerTask is at most 10");

    [Fact]
    public void ENG0038_ClassesPerTask_OnTheClassesPerTaskArgument() => AssertDiagnostic(
        Declaration("public partial class OneClassDomains;", family: "SplitMnist(Tasks = 10, ClassesPerTask = 1, Scenario = Scenario.DomainIncremental)"),
        "ENG0038",
        "ClassesPerTask = 1",
        "[SplitMnist] ClassesPerTask is 1; in Scenario.DomainIncremental it must be from 2 to 10 (a task of one class has nothing to tell apart; only Scenario.ClassIncremental asks to tell it from the other tasks' classes)");

    [Fact]
    public void ENG0038_OneClassPerTaskIsValidClassIncremental()
    {
        GeneratorRun run = GeneratorHarness.Run(Declaration("public partial class OneClassTasks;", family: "SplitMnist(Tasks = 10, ClassesPerTask = 1)"));

        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void ENG0039_MultiHeadWithoutTaskIdentity_OnTheMultiHeadArgument() => AssertDiagnostic(
        Declaration("public partial class HeadsWithoutIdentity;", family: "SplitMnist(Scenario = Scenario.ClassIncremental)", mlp: "Mlp(100, MultiHead = true)"),
        "ENG0039",
        "MultiHead = true",
        "[Mlp] MultiHead is true, but [SplitMnist] Scenario is ClassIncremental, which gives no task identity at test time to choose a head with; use Scenario.TaskIncremental, or remove MultiHead for one shared head");

    [Fact]
    public void ENG0039_AlsoForTheDefaultScenario() => AssertDiagnostic(
        Declaration("public partial class DefaultScenarioHeads;", family: "SplitMnist", mlp: "Mlp(100, MultiHead = true)"),
        "ENG0039",
        "MultiHead = true",
        "[Mlp] MultiHead is true, but [SplitMnist] Scenario is ClassIncremental, which gives no task identity at test time to choose a head with; use Scenario.TaskIncremental, or remove MultiHead for one shared head");

    [Fact]
    public void ENG0040_TaskIncrementalSingleHead_OnTheScenarioArgument() => AssertDiagnostic(
        Declaration("public partial class SharedHeadTaskIl;", family: "SplitMnist(Scenario = Scenario.TaskIncremental)"),
        "ENG0040",
        "Scenario = Scenario.TaskIncremental",
        "[SplitMnist] Scenario is TaskIncremental, but [Mlp] has one shared head, which cannot use the task identity (the run would be domain-incremental); set MultiHead = true on [Mlp], or use Scenario.DomainIncremental");

    [Fact]
    public void MultiHeadOnPermutedMnistIsTaskIncrementalPermutedMnist()
    {
        GeneratorRun run = GeneratorHarness.Run(Declaration("public partial class TaskIlPermuted;", mlp: "Mlp(100, MultiHead = true)"));

        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void ENG0019_DuplicateName_IgnoresCase() => AssertDiagnostic(
        [
            Declaration("public partial class First;", experiment: "Experiment(Name = \"Baseline\")"),
            Declaration("public partial class Second;", experiment: "Experiment(Name = \"baseline\")"),
        ],
        "ENG0019",
        "Name = \"baseline\"",
        "Experiment name 'baseline' is already used by 'First' (as 'Baseline'); experiment names must be unique within an assembly, ignoring case, because each names a run folder",
        expectedFile: "Source1.cs");

    [Fact]
    public void ENG0041_NoExperiment_OnTheTaskFamily() => AssertDiagnostic(
        """
        using Engram.Dsl;

        [SplitMnist(Tasks = 5)]
        [Mlp(100)]
        [Adam]
        public partial class Forgotten;
        """,
        "ENG0041",
        "SplitMnist(Tasks = 5)",
        "Class 'Forgotten' has [SplitMnist] but no [Experiment], so nothing is generated for it and no command or test can run it; add [Experiment] to make it an experiment, or remove [SplitMnist]");

    [Theory]
    [InlineData("Mlp", "Engram.Models.Mlp")]
    [InlineData("OnlineEwc", "Engram.Regularizers.OnlineEwc")]
    [InlineData("Spec", "its generated member Spec")]
    public void ENG0042_ReservedClassName_OnTheClassName(string className, string meaning) => AssertDiagnostic(
        Declaration($"public partial class {className};"),
        "ENG0042",
        className,
        $"Experiment class '{className}' has the name of {meaning}, which its generated code uses, so inside the class that name would mean the class itself; rename the class, e.g. to '{className}Experiment' (the experiment's name can stay '{className}' with [Experiment(Name = \"{className}\")])");

    [Fact]
    public void ENG0042_NothingIsGeneratedForAReservedName()
    {
        GeneratorRun run = GeneratorHarness.Run(Declaration("public partial class Mlp;"));

        Assert.Equal("ENG0042", Assert.Single(run.Diagnostics).Id);
        AssertNothingButTheEmptyCatalog(run);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void ENG0043_HiddenGeneratedName_OnTheHidingType() => AssertDiagnostic(
        [
            """
            using Engram.Dsl;

            namespace Lab;

            [Experiment, SplitMnist(Scenario = Scenario.TaskIncremental), Mlp(100, MultiHead = true), Adam]
            public partial class Good;

            [Experiment, PermutedMnist, Mlp(100), Adam]
            public partial class Other;
            """,
            """
            namespace Lab;

            /// <summary>A helper of the user's that happens to share a name with the runtime's model.</summary>
            internal static class Mlp { }
            """,
        ],
        "ENG0043",
        "Mlp",
        "Type 'Lab.Mlp' has the name of Engram.Models.Mlp, which the generated code of experiments 'Good' and 'Other' uses; in namespace Lab the name means 'Lab.Mlp' instead, so that code cannot compile; rename 'Lab.Mlp', or declare the experiments in another namespace",
        expectedFile: "Source1.cs");

    [Fact]
    public void ENG0043_AlsoForATypeOfAnEnclosingOrTheGlobalNamespace() => AssertDiagnostic(
        [InNamespace("Lab.Deep", "Nested"), "public sealed class Tensor { }"],
        "ENG0043",
        "Tensor",
        "Type 'Tensor' has the name of TorchSharp.torch.Tensor, which the generated code of experiment 'Nested' uses; in namespace Lab.Deep the name means 'Tensor' instead, so that code cannot compile; rename 'Tensor', or declare the experiments in another namespace",
        expectedFile: "Source1.cs");

    [Fact]
    public void ENG0043_AlsoForAGlobalTypeNamedLikeAnImportedNamespace() => AssertDiagnostic(
        [InNamespace("Lab", "Imports"), "internal static class TorchSharp { }"],
        "ENG0043",
        "TorchSharp",
        "Type 'TorchSharp' has the name of the namespace TorchSharp, which the generated code of experiment 'Imports' uses; in namespace Lab the name means 'TorchSharp' instead, so that code cannot compile; rename 'TorchSharp', or declare the experiments in another namespace",
        expectedFile: "Source1.cs");

    [Fact]
    public void ENG0043_NotForTypesOfOtherNamespaces()
    {
        GeneratorRun run = GeneratorHarness.Run(InNamespace("Lab", "Fine"), "namespace Elsewhere { public sealed class Mlp { } }");

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Theory]
    [InlineData("public partial record Recorded;", "record")]
    [InlineData("public partial record class Recorded;", "record")]
    [InlineData("file partial class Recorded;", "file-local class")]
    public void ENG0044_NotAClass_OnTheName(string declaration, string kind) => AssertDiagnostic(
        Declaration(declaration),
        "ENG0044",
        "Recorded",
        $"Experiment 'Recorded' is declared as a {kind}; the generator adds a Spec record and a Run loop to a 'partial class', so declare 'public partial class Recorded'");

    [Fact]
    public void ENG0045_ModelTooLarge_OnTheMlp() => AssertDiagnostic(
        Declaration("public partial class Huge;", mlp: "Mlp(100000, 100000)"),
        "ENG0045",
        "Mlp(100000, 100000)",
        "The model 784-100000-100000-10 has 10,079,600,010 parameters; at most 100,000,000 fit a run on a CPU (the weights, their gradients, the optimizer's state and the regularizers' anchors are several copies); use smaller layers");

    [Fact]
    public void ENG0045_TheLargestSizesDoNotOverflow()
    {
        GeneratorRun run = GeneratorHarness.Run(Declaration("public partial class Largest;", mlp: "Mlp(int.MaxValue, int.MaxValue)"));

        Assert.Equal("ENG0045", Assert.Single(run.Diagnostics).Id);
        Assert.Contains("784-2147483647-2147483647-10 has 4,611,68", run.Diagnostics[0].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ENG0045_CountsEveryHead()
    {
        // 784*20000 + 20000 = 15.7 M for the hidden layer; 5 heads of 20000*2 + 2: 0.2 M: fits. 10 tasks of Class-IL outputs: fits too.
        GeneratorRun fits = GeneratorHarness.Run(Declaration("public partial class Wide;", family: "SplitMnist(Scenario = Scenario.TaskIncremental)", mlp: "Mlp(20000, MultiHead = true)"));
        GeneratorRun tooBig = GeneratorHarness.Run(Declaration("public partial class Wider;", family: "PermutedMnist(Tasks = 1000)", mlp: "Mlp(10000, MultiHead = true)"));

        Assert.Empty(fits.Diagnostics);
        Assert.Equal("ENG0045", Assert.Single(tooBig.Diagnostics).Id);
        Assert.Contains("The model 784-10000-1000 x 10 has 107,860,000 parameters", tooBig.Diagnostics[0].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public partial class Custom { public static void Run() { } }", "Run", "its generated member Run")]
    [InlineData("public partial class Custom { public static int nn = 1; }", "nn", "TorchSharp.torch.nn")]
    [InlineData("public partial class Custom { private sealed class Tensor { } }", "Tensor", "TorchSharp.torch.Tensor")]
    public void ENG0046_ReservedMemberName_OnTheMember(string declaration, string member, string meaning) => AssertDiagnostic(
        Declaration(declaration),
        "ENG0046",
        member,
        $"Experiment class 'Custom' has a member named '{member}' (declared or inherited), but its generated code needs that name for {meaning}; rename the member");

    [Fact]
    public void ENG0046_AlsoForAnInheritedMember() => AssertDiagnostic(
        Declaration("public partial class Derived : BaseLab;") + "\npublic class BaseLab { protected static string Declared = \"\"; }",
        "ENG0046",
        "Declared",
        "Experiment class 'Derived' has a member named 'Declared' (declared or inherited), but its generated code needs that name for its generated member Declared; rename the member");

    [Fact]
    public void Cross_attribute_checks_wait_for_arguments_that_bind()
    {
        // A typo in Scenario is the compiler's error; ENG0039 must not blame the default scenario the user never wrote.
        GeneratorRun run = GeneratorHarness.Run(Declaration("public partial class Typo;", family: "SplitMnist(Scenario = Scenario.TaskIncrementl)", mlp: "Mlp(10, MultiHead = true)"));

        Assert.Empty(run.Diagnostics);
        Assert.Contains(run.Input.GetDiagnostics(), d => d.Id == "CS0117");
    }

    [Fact]
    public void Keywords_as_class_or_namespace_names_are_escaped()
    {
        GeneratorRun run = GeneratorHarness.Run(
            """
            using Engram.Dsl;

            namespace Lab.@class;

            [Experiment(Name = "event"), PermutedMnist, Mlp(10), Sgd, Expect(Metric.Acc, AtLeast = 0.1)]
            public partial class @event;
            """);

        Assert.Empty(run.Diagnostics);
        Assert.Contains(run.Result.GeneratedTrees, t => t.FilePath.EndsWith("Lab.class.event.g.cs", StringComparison.Ordinal));
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Classes_whose_names_differ_only_in_case_get_distinct_files()
    {
        // Valid: different experiment names; the compiler compares hint names ignoring case.
        GeneratorRun run = GeneratorHarness.Run(
            InNamespace("Lab.Exp", "Run1", name: "one"),
            InNamespace("Lab.exp", "Run1", name: "two"),
            Declaration("public partial class ExperimentCatalog;", experiment: "Experiment(Name = \"three\")"));

        Assert.Empty(run.Diagnostics);
        Assert.Equal(
            ["ExperimentCatalog.2.g.cs", "ExperimentCatalog.g.cs", "Lab.exp.Run1.2.g.cs", "Lab.Exp.Run1.g.cs"],
            run.Result.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void InvalidClaimsAreLeftOutOfTheGeneratedCode()
    {
        GeneratorRun run = GeneratorHarness.Run(Declaration(
            "public partial class ClaimsCheck;",
            extra: "[Expect(Metric.Acc, AtLeast = 80)]\n[Expect(Metric.Bwt, AtLeast = -0.1, AtMost = 0)]"));

        Assert.Equal("ENG0025", Assert.Single(run.Diagnostics).Id);
        string generated = run.Generated("ClaimsCheck.g.cs");
        Assert.DoesNotContain("Metric.Acc", generated, StringComparison.Ordinal);
        Assert.Contains("new(Metric.Bwt, Bound.AtLeast, -0.1),", generated, StringComparison.Ordinal);
        Assert.Contains("new(Metric.Bwt, Bound.AtMost, 0),", generated, StringComparison.Ordinal);
    }

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
        AssertNothingButTheEmptyCatalog(run);
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

    [Fact]
    public void EveryRuleOfACurveDeclarationIsReportedAtOnce()
    {
        GeneratorRun run = GeneratorHarness.Run(Declaration(
            "public partial class ManyCurveErrors;",
            family: "CurveRegression(Tasks = 2, From = 1, To = 0, Samples = -1, Noise = -1)",
            mlp: "Mlp(10)",
            optimizer: "Adam",
            extra: "[Training(BatchSize = -2)]\n[Ewc(Gamma = 2, FisherSamples = 0)]\n[L1(Strength = -1, Layers = [2])]\n[FisherMask(Freeze = 1.1, Threshold = -1, FisherSamples = 0)]"));

        Assert.Equal(
            ["ENG0034", "ENG0035", "ENG0036", "ENG0012", "ENG0032", "ENG0016", "ENG0030", "ENG0031", "ENG0028", "ENG0029", "ENG0016"],
            run.Diagnostics.Select(d => d.Id));
    }

    /// <summary>No experiment's code: only the (empty) catalog every non-test compilation gets.</summary>
    private static void AssertNothingButTheEmptyCatalog(GeneratorRun run)
    {
        Assert.Equal(["ExperimentCatalog.g.cs"], run.Result.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)));
        Assert.DoesNotContain("ExperimentDescriptor.Create(", run.Generated("ExperimentCatalog.g.cs"), StringComparison.Ordinal);
    }

    /// <summary>A valid experiment <paramref name="className"/> in namespace <paramref name="ns"/>.</summary>
    private static string InNamespace(string ns, string className, string? name = null) => $$"""
        using Engram.Dsl;

        namespace {{ns}};

        [Experiment{{(name is null ? "" : $"(Name = \"{name}\")")}}, PermutedMnist, Mlp(10), Sgd]
        public partial class {{className}};
        """;

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

    private static void AssertDiagnostic(string[] sources, string id, string locatedText, string message, string expectedFile) =>
        AssertDiagnostic(GeneratorHarness.Run(sources), id, locatedText, message, expectedFile);

    private static void AssertDiagnostic(GeneratorRun run, string id, string locatedText, string message, string expectedFile)
    {
        // The declarations themselves are valid C#: the generator's diagnostic is the only error.
        Assert.Empty(run.Input.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Diagnostic diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        // The harness compiles with warnings as errors (as the repo builds), so a warning's reported severity is Error.
        Assert.Equal(id is "ENG0021" or "ENG0022" or "ENG0033" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
        Assert.Equal("Engram", diagnostic.Descriptor.Category);
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        string path = diagnostic.Location.GetLineSpan().Path;
        Assert.Equal(expectedFile, path);
        SyntaxTree tree = run.Input.SyntaxTrees.Single(t => t.FilePath == path);
        Assert.Equal(locatedText, tree.GetText().ToString(diagnostic.Location.SourceSpan));
    }
}
