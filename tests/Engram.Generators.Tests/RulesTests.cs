using System.Runtime.CompilerServices;
using Engram.Dsl;
using Engram.Generators.Diagnostics;
using Engram.Validation;

namespace Engram.Generators.Tests;

/// <summary>
/// The rules are written once: the generator's defaults equal the attributes', every rule has its descriptor, its
/// release-tracking line and its section in docs/diagnostics.md.
/// </summary>
public sealed class RulesTests
{
    [Fact]
    public void DefaultsEqualTheAttributeDefaults()
    {
        Assert.Equal(ExperimentRules.Defaults.Seed, new ExperimentAttribute().Seed);
        Assert.Equal(ExperimentRules.Defaults.Tasks, new PermutedMnistAttribute().Tasks);
        Assert.Equal(ExperimentRules.Defaults.Activation, new MlpAttribute().Activation.ToString());
        Assert.Equal(ExperimentRules.Defaults.Epochs, new TrainingAttribute().Epochs);
        Assert.Equal(ExperimentRules.Defaults.BatchSize, new TrainingAttribute().BatchSize);
        Assert.Equal(ExperimentRules.Defaults.SgdLearningRate, new SgdAttribute().LearningRate);
        Assert.Equal(ExperimentRules.Defaults.SgdMomentum, new SgdAttribute().Momentum);
        Assert.Equal(ExperimentRules.Defaults.AdamLearningRate, new AdamAttribute().LearningRate);
        Assert.Equal(ExperimentRules.Defaults.EwcLambda, new EwcAttribute().Lambda);
        Assert.Equal(ExperimentRules.Defaults.EwcFisherSamples, new EwcAttribute().FisherSamples);
        Assert.Equal(ExperimentRules.Defaults.EwcOnline, new EwcAttribute().Online);
        Assert.Equal(ExperimentRules.Defaults.EwcGamma, new EwcAttribute().Gamma);
        Assert.Equal(ExperimentRules.Defaults.Fisher, new EwcAttribute().Fisher.ToString());
        Assert.Equal(ExperimentRules.Defaults.CurveTasks, new CurveRegressionAttribute().Tasks);
        Assert.Equal(ExperimentRules.Defaults.CurveFrom, new CurveRegressionAttribute().From);
        Assert.Equal(ExperimentRules.Defaults.CurveTo, new CurveRegressionAttribute().To);
        Assert.Equal(ExperimentRules.Defaults.CurveSamples, new CurveRegressionAttribute().Samples);
        Assert.Equal(ExperimentRules.Defaults.CurveNoise, new CurveRegressionAttribute().Noise);
        Assert.Equal(ExperimentRules.Defaults.Curve, new CurveRegressionAttribute().Curve.ToString());
        Assert.Equal(ExperimentRules.Defaults.CurveSeed, new CurveRegressionAttribute().Seed);
        Assert.Equal(ExperimentRules.Defaults.L1Strength, new L1Attribute().Strength);
        Assert.Empty(new L1Attribute().Layers);
        Assert.Equal(ExperimentRules.Defaults.MaskFreeze, new FisherMaskAttribute().Freeze);
        Assert.Equal(ExperimentRules.Defaults.MaskThreshold, new FisherMaskAttribute().Threshold);
        Assert.Equal(ExperimentRules.Defaults.MaskScope, new FisherMaskAttribute().Scope.ToString());
        Assert.Equal(ExperimentRules.Defaults.MaskGranularity, new FisherMaskAttribute().Granularity.ToString());
        Assert.Equal(ExperimentRules.Defaults.MaskAccumulate, new FisherMaskAttribute().Accumulate.ToString());
        Assert.Equal(ExperimentRules.Defaults.Fisher, new FisherMaskAttribute().Fisher.ToString());
        Assert.Equal(ExperimentRules.Defaults.MaskFisherSamples, new FisherMaskAttribute().FisherSamples);
        Assert.True(double.IsNaN(new ExpectAttribute(Metric.Acc).AtLeast));
        Assert.True(double.IsNaN(new ExpectAttribute(Metric.Acc).AtMost));
    }

    [Fact]
    public void EveryRuleHasItsDescriptorReleaseLineAndDocumentation()
    {
        string root = RepositoryRoot();
        string releases = File.ReadAllText(Path.Combine(root, "generators/Engram.Generators/AnalyzerReleases.Unshipped.md"));
        string documentation = File.ReadAllText(Path.Combine(root, "docs/diagnostics.md"));

        Assert.Equal(ExperimentRules.All.Select(r => r.Id), DiagnosticDescriptors.All.Select(d => d.Id));
        Assert.Equal(ExperimentRules.All.Count, ExperimentRules.All.Select(r => r.Id).Distinct().Count());
        foreach ((ExperimentRule rule, Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor) in ExperimentRules.All.Zip(DiagnosticDescriptors.All))
        {
            Assert.Equal(rule.Title, descriptor.Title.ToString());
            Assert.Equal(rule.MessageFormat, descriptor.MessageFormat.ToString());
            Assert.Equal(rule.Severity == RuleSeverity.Warning ? Microsoft.CodeAnalysis.DiagnosticSeverity.Warning : Microsoft.CodeAnalysis.DiagnosticSeverity.Error, descriptor.DefaultSeverity);
            Assert.Contains($"{rule.Id} | Engram | {rule.Severity} | {rule.Title}", releases);
            Assert.Contains($"## {rule.Id}: {rule.Title}", documentation);
        }
    }

    [Theory]
    [InlineData(0.001, "0.001")]
    [InlineData(1e-5, "1E-05")]
    [InlineData(100.0, "100")]
    [InlineData(0.1, "0.1")]
    public void NumbersPrintRoundTripInvariant(double value, string expected) => Assert.Equal(expected, ExperimentRules.Value(value));

    [Fact]
    public void RangeChecksAcceptTheBoundariesTheyDocument()
    {
        Assert.Null(ExperimentRules.CheckTasks("PermutedMnist", 1));
        Assert.NotNull(ExperimentRules.CheckTasks("PermutedMnist", 0));
        Assert.Null(ExperimentRules.CheckMomentum(0));
        Assert.NotNull(ExperimentRules.CheckMomentum(1));
        Assert.NotNull(ExperimentRules.CheckMomentum(double.NaN));
        Assert.Null(ExperimentRules.CheckEwcLambda(0));
        Assert.NotNull(ExperimentRules.CheckEwcLambda(double.PositiveInfinity));
        Assert.NotNull(ExperimentRules.CheckLearningRate("Sgd", double.NaN));
        Assert.Null(ExperimentRules.CheckName("permuted-mnist_ewc.v2"));
        Assert.NotNull(ExperimentRules.CheckName("-leading-dash"));
        Assert.NotNull(ExperimentRules.CheckName(""));
        Assert.Equal("Hidden layer 3 of [Mlp] has size -1; every hidden layer needs at least 1 neuron", ExperimentRules.CheckHiddenLayer(2, -1)?.Message);
        Assert.Null(ExperimentRules.CheckRegularizerTasks("Ewc", "PermutedMnist", 2));
        Assert.NotNull(ExperimentRules.CheckRegularizerTasks("Ewc", "PermutedMnist", 1));
        Assert.Null(ExperimentRules.CheckRegularizerTasks("Ewc", "PermutedMnist", 0));
        Assert.Null(ExperimentRules.CheckExpectThreshold("Acc", "AtLeast", 0));
        Assert.Null(ExperimentRules.CheckExpectThreshold("Acc", "AtMost", 1));
        Assert.NotNull(ExperimentRules.CheckExpectThreshold("Acc", "AtLeast", 1.0001));
        Assert.Null(ExperimentRules.CheckExpectThreshold("Bwt", "AtLeast", -1));
        Assert.NotNull(ExperimentRules.CheckExpectThreshold("Bwt", "AtLeast", double.NaN));
        Assert.NotNull(ExperimentRules.CheckExpectThreshold("Mse", "AtMost", double.PositiveInfinity));
        Assert.Null(ExperimentRules.CheckExpectBounds("Acc", 0.5, 0.5));
        Assert.Null(ExperimentRules.CheckBatchSize(0));
        Assert.NotNull(ExperimentRules.CheckBatchSize(-1));
        Assert.Null(ExperimentRules.CheckMaskFreeze(1));
        Assert.NotNull(ExperimentRules.CheckMaskFreeze(0));
        Assert.NotNull(ExperimentRules.CheckMaskFreeze(double.NaN));
        Assert.Null(ExperimentRules.CheckMaskThreshold(0));
        Assert.NotNull(ExperimentRules.CheckMaskThreshold(double.NaN));
        Assert.NotNull(ExperimentRules.CheckMaskThreshold(double.PositiveInfinity));
        Assert.Null(ExperimentRules.CheckL1Strength(0));
        Assert.NotNull(ExperimentRules.CheckL1Strength(double.NaN));
        Assert.Null(ExperimentRules.CheckL1Layer(0, 0));
        Assert.Null(ExperimentRules.CheckL1Layer(3, 3));
        Assert.NotNull(ExperimentRules.CheckL1Layer(4, 3));
        Assert.NotNull(ExperimentRules.CheckL1Layer(-1, 3));
        Assert.Null(ExperimentRules.CheckEwcGamma(0));
        Assert.Null(ExperimentRules.CheckEwcGamma(1));
        Assert.NotNull(ExperimentRules.CheckEwcGamma(double.NaN));
        Assert.Null(ExperimentRules.CheckEwcGammaHasEffect(0.5, online: true));
        Assert.NotNull(ExperimentRules.CheckEwcGammaHasEffect(1, online: false));
        Assert.NotNull(ExperimentRules.CheckCurveRange(1, 1));
        Assert.NotNull(ExperimentRules.CheckCurveRange(double.NegativeInfinity, 1));
        Assert.NotNull(ExperimentRules.CheckCurveRange(double.NaN, 1));
        Assert.Null(ExperimentRules.CheckCurveRange(-1.5, 1.5));
        Assert.Null(ExperimentRules.CheckCurveSamples(1));
        Assert.NotNull(ExperimentRules.CheckCurveSamples(0));
        Assert.Null(ExperimentRules.CheckCurveNoise(0));
        Assert.NotNull(ExperimentRules.CheckCurveNoise(double.PositiveInfinity));
        Assert.Null(ExperimentRules.CheckRegularizerTasks("FisherMask", "CurveRegression", 2));
        Assert.NotNull(ExperimentRules.CheckRegularizerTasks("FisherMask", "CurveRegression", 1));
    }

    [Fact]
    public void OnlyTheSettingsThatCanHaveNoEffectAreWarnings() =>
        Assert.Equal(["ENG0021", "ENG0022", "ENG0033"], ExperimentRules.All.Where(r => r.Severity == RuleSeverity.Warning).Select(r => r.Id));

    [Fact]
    public void EveryTaskFamilyProducesOnlyMetricsOfTheMetricEnum()
    {
        foreach (string family in ExperimentRules.TaskFamilyNames)
        {
            Assert.NotEmpty(ExperimentRules.MetricsOf(family));
            Assert.All(ExperimentRules.MetricsOf(family), metric => Assert.True(Enum.IsDefined(Enum.Parse<Metric>(metric))));
        }

        Assert.All(Enum.GetNames<Metric>(), metric => Assert.NotNull(ExperimentRules.MetricRange(metric)));
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}
