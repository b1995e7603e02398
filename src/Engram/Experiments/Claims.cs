using System.Globalization;
using Engram.Dsl;

namespace Engram.Experiments;

/// <summary>Which side of a threshold a claim is on.</summary>
public enum Bound
{
    /// <summary>The measured value must be at least the threshold (<c>[Expect(..., AtLeast = x)]</c>).</summary>
    AtLeast,

    /// <summary>The measured value must be at most the threshold (<c>[Expect(..., AtMost = x)]</c>).</summary>
    AtMost,
}

/// <summary>
/// One declared claim about a run's result, e.g. ACC &gt;= 0.8. An <c>[Expect]</c> with both <c>AtLeast</c> and
/// <c>AtMost</c> declares two claims.
/// </summary>
/// <param name="Metric">The metric.</param>
/// <param name="Bound">At least or at most.</param>
/// <param name="Threshold">The threshold, inclusive.</param>
public sealed record Claim(Metric Metric, Bound Bound, double Threshold)
{
    /// <summary>Whether <paramref name="measured"/> meets the claim (NaN meets nothing).</summary>
    public bool IsMetBy(double measured) => Bound == Bound.AtLeast ? measured >= Threshold : measured <= Threshold;

    /// <summary>Checks the claim against <paramref name="result"/>.</summary>
    public CheckedClaim Check(ExperimentResult result)
    {
        double? measured = result.Measure(Metric);
        return new CheckedClaim(Metric, Bound, Threshold, measured, measured is double value && IsMetBy(value));
    }

    /// <summary>The display name of a metric: ACC, BWT, MSE.</summary>
    public static string NameOf(Metric metric) => metric.ToString().ToUpperInvariant();

    /// <summary>E.g. <c>ACC &gt;= 0.8</c>.</summary>
    public override string ToString() =>
        $"{NameOf(Metric)} {(Bound == Bound.AtLeast ? ">=" : "<=")} {Threshold.ToString("R", CultureInfo.InvariantCulture)}";
}

/// <summary>A claim checked against a finished run: the metric, the threshold, the value measured and whether it was met.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Bound">At least or at most.</param>
/// <param name="Threshold">The threshold, inclusive.</param>
/// <param name="Measured">The run's value of the metric, or null when the run does not produce it.</param>
/// <param name="Met">Whether the measured value meets the claim (false when not measured).</param>
public sealed record CheckedClaim(Metric Metric, Bound Bound, double Threshold, double? Measured, bool Met)
{
    /// <summary>The claim without its outcome.</summary>
    public Claim Claim => new(Metric, Bound, Threshold);

    /// <summary>E.g. <c>ACC &gt;= 0.8: measured 0.8526, met</c>.</summary>
    public override string ToString() => Measured is double value
        ? $"{Claim}: measured {value.ToString("0.0000", CultureInfo.InvariantCulture)}, {(Met ? "met" : "not met")}"
        : $"{Claim}: not measured (this run produces no {Claim.NameOf(Metric)}), not met";
}
