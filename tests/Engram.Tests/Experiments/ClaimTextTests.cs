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
}
