using Engram.Importance;
using static TorchSharp.torch;

namespace Engram.Metrics;

/// <summary>
/// The distribution of one importance estimate (e.g. the diagonal Fisher information after a task) per parameter
/// tensor, as counts of log10(value) in fixed bins: what a significance histogram plots, small enough for
/// results.json. Values are clamped into the outer bins; exact zeros (e.g. weights out of dead ReLU units) are
/// counted apart, since their logarithm is undefined.
/// </summary>
/// <param name="Task">The task after which the estimate was computed.</param>
/// <param name="Estimator">The estimator's name (e.g. "empirical").</param>
/// <param name="Samples">Samples the estimate averages over.</param>
/// <param name="Log10Min">Lower edge of the first bin, log10 of the value.</param>
/// <param name="Log10Max">Upper edge of the last bin.</param>
/// <param name="Parameters">One histogram per parameter tensor, in the model's order.</param>
public sealed record SignificanceHistogram(int Task, string Estimator, int Samples, double Log10Min, double Log10Max, IReadOnlyList<ParameterHistogram> Parameters)
{
    /// <summary>Lower edge of the first bin: 1e-12.</summary>
    public const double DefaultLog10Min = -12;

    /// <summary>Upper edge of the last bin: 1e4.</summary>
    public const double DefaultLog10Max = 4;

    /// <summary>Bins per decade.</summary>
    public const int BinsPerDecade = 4;

    /// <summary>Summarises <paramref name="importance"/>; the tensors are read, not changed or kept.</summary>
    /// <param name="task">The task after which it was estimated.</param>
    /// <param name="importance">Per parameter, non-negative values.</param>
    public static SignificanceHistogram Summarize(int task, ParameterImportance importance)
    {
        ArgumentNullException.ThrowIfNull(importance);
        int bins = (int)((DefaultLog10Max - DefaultLog10Min) * BinsPerDecade);
        var parameters = new List<ParameterHistogram>();
        foreach (string name in importance.Names)
        {
            using var scope = NewDisposeScope();
            Tensor values = importance[name].detach().flatten().to(ScalarType.Float64);
            long count = values.shape[0];
            Tensor positive = values.masked_select(values.gt(0));
            long zeros = count - positive.shape[0];
            long[] counts = new long[bins];
            if (positive.shape[0] > 0)
            {
                // Clamp into the range so histc counts every positive value; take the bin index directly (histc's
                // float edges would drop values exactly on the upper edge).
                Tensor index = positive.log10().sub(DefaultLog10Min).mul(BinsPerDecade).floor().clamp(0, bins - 1).to(ScalarType.Int64);
                Tensor binCounts = bincount(index, minlength: bins);
                counts = binCounts.data<long>().ToArray();
            }

            parameters.Add(new ParameterHistogram(
                name,
                count,
                zeros,
                count == 0 ? 0 : values.max().item<double>(),
                count == 0 ? 0 : values.mean().item<double>(),
                counts));
        }

        return new SignificanceHistogram(task, importance.Estimator, importance.Samples, DefaultLog10Min, DefaultLog10Max, parameters);
    }
}

/// <summary>The log10 histogram of one parameter tensor's importance.</summary>
/// <param name="Name">The parameter's name (as <c>named_parameters()</c> gives it, e.g. "layers.0.weight").</param>
/// <param name="Count">Entries in the tensor.</param>
/// <param name="Zeros">Entries exactly 0 (not in <paramref name="Counts"/>).</param>
/// <param name="Max">Largest entry.</param>
/// <param name="Mean">Mean entry.</param>
/// <param name="Counts">Positive entries per log10 bin, equal-width bins from Log10Min to Log10Max.</param>
public sealed record ParameterHistogram(string Name, long Count, long Zeros, double Max, double Mean, IReadOnlyList<long> Counts);
