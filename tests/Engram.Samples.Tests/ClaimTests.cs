using Engram.Cli;
using Engram.Dsl;
using Engram.Experiments;
using Spectre.Console;

namespace Engram.Samples.Tests;

/// <summary>
/// [Expect] claims: every generated Run checks its experiment's claims; a result names each unmet claim, its threshold
/// and the measured value; the command line prints them and exits with 7 when one is unmet.
/// </summary>
public class ClaimTests
{
    /// <summary>One task, one epoch: a run of about a second.</summary>
    private static readonly PermutedMnistNaive.Spec OneTask = PermutedMnistNaive.Declared with { Tasks = 1, Epochs = 1 };

    [Fact]
    public void The_generated_run_checks_the_declared_claims()
    {
        ExperimentResult result = PermutedMnistNaive.Run(OneTask, RunContext.Default);

        // One task has no earlier task to forget, so the run produces no BWT: "BWT <= -0.05" is not measured and not met.
        Assert.Equal(PermutedMnistNaive.Claims, result.Claims.Select(c => c.Claim));
        CheckedClaim acc = result.Claims[0];
        Assert.Equal((Metric.Acc, Bound.AtLeast, 0.6, true), (acc.Metric, acc.Bound, acc.Threshold, acc.Met));
        Assert.Equal(result.Acc, acc.Measured);
        CheckedClaim bwt = result.Claims[1];
        Assert.Equal((Metric.Bwt, Bound.AtMost, -0.05, (double?)null, false), (bwt.Metric, bwt.Bound, bwt.Threshold, bwt.Measured, bwt.Met));
        Assert.False(result.ClaimsMet);
        Assert.Equal(
            "PermutedMnistNaive did not meet 1 of 2 claims:" + Environment.NewLine + "  BWT <= -0.05: not measured (this run produces no BWT), not met",
            result.DescribeUnmetClaims());

        ExperimentResult mse = result.CheckClaims([new Claim(Metric.Mse, Bound.AtMost, 0.1)]);
        Assert.Equal("MSE <= 0.1: not measured (this run produces no MSE), not met", Assert.Single(mse.Claims).ToString());
    }

    [Fact]
    public void The_command_line_prints_the_claims_and_exits_7_when_one_is_not_met()
    {
        ExperimentDescriptor experiment = ExperimentDescriptor.Create(
            "one-task", "", "PermutedMnist", OneTask, PermutedMnistNaive.Claims, PermutedMnistNaive.Run);
        string output = Path.Combine(Path.GetTempPath(), "engram-claim-test-" + Guid.NewGuid().ToString("N"));
        var writer = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 1000;

        try
        {
            int exit = EngramCli.Run(["run", "one-task", "--output", output], [experiment], console);

            string text = writer.ToString();
            Assert.True(exit == 7, $"exit {exit}: {text}");
            Assert.Contains("ACC >= 0.6", text, StringComparison.Ordinal);
            Assert.Matches(@"BWT <= -0\.05 +│ not measured +│ not met", text);
            Assert.Contains("1 of 2 claims not met (exit code 7).", text, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(output))
                Directory.Delete(output, recursive: true);
        }
    }
}
