using Engram.Dsl;
using Engram.Experiments;
using Engram.Metrics;

namespace Engram.Tests.Experiments;

/// <summary>How a result describes its claims: the count agrees with its noun ("its claim", never "1 of 1 claims").</summary>
public class ClaimTextTests
{
    private static ExperimentResult Result(params CheckedClaim[] claims) => new()
    {
        Experiment = "Tiny",
        Spec = new object(),
        Seed = 1,
        DataSource = "",
        Accuracy = AccuracyMatrix.FromRows(1, [[0.5]]),
        Timings = [],
        TotalSeconds = 1,
        StartedUtc = DateTimeOffset.UnixEpoch,
        Threads = 1,
        Claims = claims,
    };

    private static CheckedClaim Acc(bool met) => new(Metric.Acc, Bound.AtLeast, 0.9, met ? 0.95 : 0.5, met);

    [Fact]
    public void One_claim_is_its_claim()
    {
        Assert.Equal("Tiny met its claim.", Result(Acc(met: true)).DescribeUnmetClaims());
        Assert.Equal("Tiny did not meet its claim:" + Environment.NewLine + "  ACC >= 0.9: measured 0.5000, not met", Result(Acc(met: false)).DescribeUnmetClaims());
    }

    [Fact]
    public void Several_claims_are_counted()
    {
        Assert.Equal("Tiny met all 2 claims.", Result(Acc(met: true), Acc(met: true)).DescribeUnmetClaims());
        Assert.StartsWith("Tiny did not meet 1 of 2 claims:", Result(Acc(met: true), Acc(met: false)).DescribeUnmetClaims(), StringComparison.Ordinal);
        Assert.Equal("Tiny declares no claims.", Result().DescribeUnmetClaims());
    }

    [Fact]
    public void A_BWT_claim_on_a_single_task_is_not_measured_rather_than_met_by_a_BWT_of_zero()
    {
        ExperimentResult oneTask = Result().CheckClaims([new Claim(Metric.Bwt, Bound.AtLeast, -0.05), new Claim(Metric.Acc, Bound.AtLeast, 0.4)]);
        ExperimentResult twoTasks = (Result() with { Accuracy = AccuracyMatrix.FromRows(2, [[0.5, 0.1], [0.45, 0.9]]) })
            .CheckClaims([new Claim(Metric.Bwt, Bound.AtLeast, -0.1)]);

        Assert.False(oneTask.ClaimsMet);
        Assert.Equal("BWT >= -0.05: not measured (this run produces no BWT), not met", oneTask.Claims[0].ToString());
        Assert.True(oneTask.Claims[1].Met);
        Assert.True(twoTasks.ClaimsMet);
        Assert.Equal(-0.05, twoTasks.Claims[0].Measured!.Value, 10);
    }
}
