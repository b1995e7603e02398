using Engram.Importance;
using Engram.Metrics;
using static TorchSharp.torch;

namespace Engram.Tests.Metrics;

public class SignificanceHistogramTests
{
    public SignificanceHistogramTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Counts_log10_values_in_quarter_decade_bins_zeros_apart_and_clamps_the_tails()
    {
        // 2e-3 -> log10 ≈ −2.70: bin floor(9.30 · 4) = 37; 0.5 -> log10 ≈ −0.301: bin floor(11.7 · 4) = 46;
        // 1e-20 clamps into bin 0; 1e9 clamps into the last bin (63); two exact zeros.
        using var importance = new ParameterImportance(
            [new KeyValuePair<string, Tensor>("layer.weight", tensor(new float[] { 2e-3f, 2e-3f, 0.5f, 1e-20f, 1e9f, 0f, 0f }))],
            "empirical", 10);

        SignificanceHistogram histogram = SignificanceHistogram.Summarize(task: 2, importance);

        Assert.Equal(2, histogram.Task);
        Assert.Equal("empirical", histogram.Estimator);
        Assert.Equal(10, histogram.Samples);
        ParameterHistogram p = Assert.Single(histogram.Parameters);
        Assert.Equal("layer.weight", p.Name);
        Assert.Equal(7, p.Count);
        Assert.Equal(2, p.Zeros);
        Assert.Equal(64, p.Counts.Count);
        Assert.Equal(2, p.Counts[37]);
        Assert.Equal(1, p.Counts[46]);
        Assert.Equal(1, p.Counts[0]);
        Assert.Equal(1, p.Counts[63]);
        Assert.Equal(5, p.Counts.Sum());
        Assert.Equal(1e9, p.Max, 0);
    }
}
