namespace Engram.Generators.Tests;

/// <summary>
/// The generated loop holds exactly what the declaration asks for: each regularizer's steps appear only when it is
/// declared, the loss and likelihood follow the task family, and the resolved defaults are the documented ones.
/// </summary>
public sealed class GeneratedLoopTests
{
    [Theory]
    [InlineData("CurveRegression", "", "BatchSize: 0);")]
    [InlineData("CurveRegression", "[Training(Epochs = 5)]", "BatchSize: 0);")]
    [InlineData("CurveRegression", "[Training(BatchSize = 32)]", "BatchSize: 32);")]
    [InlineData("PermutedMnist", "", "BatchSize: 64);")]
    [InlineData("PermutedMnist", "[Training(Epochs = 5)]", "BatchSize: 64);")]
    [InlineData("PermutedMnist", "[Training(BatchSize = 0)]", "BatchSize: 0);")]
    public void CurveRegressionTrainsFullBatchUnlessABatchSizeIsDeclared(string family, string training, string expected)
    {
        string generated = Generate(family, training);

        Assert.Contains(expected, generated, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CurveRegression", "", "Epochs: 3000,")]
    [InlineData("CurveRegression", "[Training(BatchSize = 0)]", "Epochs: 3000,")]
    [InlineData("CurveRegression", "[Training(Epochs = 5)]", "Epochs: 5,")]
    [InlineData("PermutedMnist", "", "Epochs: 1,")]
    public void CurveRegressionTrains3000FullBatchEpochsUnlessEpochsAreDeclared(string family, string training, string expected)
    {
        string generated = Generate(family, training);

        Assert.Contains(expected, generated, StringComparison.Ordinal);
    }

    [Fact]
    public void ANaiveDeclarationHasNoTraceOfAnyRegularizer()
    {
        string generated = Generate("CurveRegression", "");

        Assert.Contains("Tensor loss = nn.functional.mse_loss(model.call(batch.Inputs), batch.Labels);", generated, StringComparison.Ordinal);
        foreach (string absent in new[] { "ewc", "Ewc", "l1", "L1", "mask", "Mask", "FisherInformation", "RecordImportance", "using Engram.Importance;", "using Engram.Regularizers;", "LoadMnist" })
            Assert.DoesNotContain(absent, generated, StringComparison.Ordinal);
    }

    [Fact]
    public void AMaskStepSitsBetweenBackwardAndStepAndItsRestoreRightAfterTheStep()
    {
        string generated = Generate("CurveRegression", "[FisherMask]");

        Assert.Contains(
            """
                                loss.backward();
                                mask.MaskGradients();
                                optimizer.step();
                                mask.RestoreFrozen();
                                run.StepDone(epoch, loss);
            """,
            generated,
            StringComparison.Ordinal);
        Assert.Contains("spec.MaskFisher, Likelihood.Gaussian, run.Generator);", generated, StringComparison.Ordinal);
        Assert.Contains("run.RecordImportance(significance);", generated, StringComparison.Ordinal);
        Assert.Contains("run.RecordMask(mask.Update(significance, task.Index));", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void WithEwcAndAMaskEachTaskRecordsOneSignificanceHistogram()
    {
        string generated = Generate("PermutedMnist", "[Ewc]\n[FisherMask]");

        Assert.Equal(1, Occurrences(generated, "run.RecordImportance("));
        Assert.Contains("run.RecordImportance(fisher);", generated, StringComparison.Ordinal);
        Assert.Contains("spec.EwcFisher, Likelihood.Categorical, run.Generator);", generated, StringComparison.Ordinal);
        Assert.Contains("spec.MaskFisher, Likelihood.Categorical, run.Generator);", generated, StringComparison.Ordinal);
        Assert.True(
            generated.IndexOf("ewc.Consolidate(fisher);", StringComparison.Ordinal) < generated.IndexOf("run.RecordMask(", StringComparison.Ordinal),
            "EWC consolidates before the mask updates.");
    }

    [Fact]
    public void OfflineEwcHasNoGammaAndOnlineEwcHasItsGamma()
    {
        string offline = Generate("PermutedMnist", "[Ewc(Lambda = 10)]");
        string online = Generate("PermutedMnist", "[Ewc(Lambda = 10, Online = true, Gamma = 0.5)]");

        Assert.DoesNotContain("EwcGamma", offline, StringComparison.Ordinal);
        Assert.Contains("using var ewc = new OfflineEwc(model, spec.EwcLambda);", offline, StringComparison.Ordinal);
        Assert.Contains("EwcGamma: 0.5);", online, StringComparison.Ordinal);
        Assert.Contains("EwcGamma = check.EwcGamma(EwcGamma),", online, StringComparison.Ordinal);
        Assert.Contains("using var ewc = new OnlineEwc(model, spec.EwcLambda, spec.EwcGamma);", online, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLossAddsEveryDeclaredPenaltyEwcFirst()
    {
        string generated = Generate("PermutedMnist", "[L1(Layers = [1])]\n[Ewc]");

        Assert.Contains("Tensor loss = nn.functional.cross_entropy(model.call(batch.Inputs), batch.Labels) + ewc.Penalty() + l1.Penalty();", generated, StringComparison.Ordinal);
        Assert.Contains("L1Layers: [1]", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("mask", generated, StringComparison.Ordinal);
    }

    private static string Generate(string family, string extra)
    {
        GeneratorRun run = GeneratorHarness.Run($$"""
            using Engram.Dsl;

            namespace Lab;

            [Experiment, {{family}}, Mlp(10), Adam]
            {{extra}}
            public partial class Loop;
            """);
        Assert.Empty(run.Diagnostics);
        return run.Generated("Lab.Loop.g.cs");
    }

    private static int Occurrences(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
