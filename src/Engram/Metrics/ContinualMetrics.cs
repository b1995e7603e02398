namespace Engram.Metrics;

/// <summary>
/// Every summary number of a finished run, computed from its accuracy matrix R and, when the untrained model was
/// evaluated, its baseline accuracies b. Fractions in [0, 1] (differences in [-1, 1]); definitions on the
/// <see cref="AccuracyMatrix"/> methods named after each property.
/// </summary>
/// <param name="Acc">ACC, the mean final accuracy (<see cref="AccuracyMatrix.Acc"/>).</param>
/// <param name="Bwt">BWT, backward transfer (<see cref="AccuracyMatrix.Bwt"/>); negative means forgetting.</param>
/// <param name="Fwt">FWT, forward transfer against the untrained model (<see cref="AccuracyMatrix.Fwt"/>); null without a baseline.</param>
/// <param name="ChaudhryForgetting">Mean max-based forgetting (<see cref="AccuracyMatrix.ChaudhryForgetting()"/>).</param>
/// <param name="AvalancheForgetting">Mean initial-minus-final forgetting (<see cref="AccuracyMatrix.AvalancheForgetting()"/>), = -BWT.</param>
/// <param name="SeenAccuracy">After each task i, the mean accuracy over tasks 0..i (<see cref="AccuracyMatrix.SeenAccuracy"/>).</param>
/// <param name="ChaudhryForgettingPerTask">Per task j &lt; T-1.</param>
/// <param name="AvalancheForgettingPerTask">Per task j &lt; T-1.</param>
public sealed record ContinualMetrics(
    double Acc,
    double Bwt,
    double? Fwt,
    double ChaudhryForgetting,
    double AvalancheForgetting,
    IReadOnlyList<double> SeenAccuracy,
    IReadOnlyList<double> ChaudhryForgettingPerTask,
    IReadOnlyList<double> AvalancheForgettingPerTask)
{
    /// <summary>Computes every metric of a complete matrix.</summary>
    /// <param name="accuracy">R with all T rows filled.</param>
    /// <param name="baseline">The untrained model's accuracy on every task, or null (then <see cref="Fwt"/> is null).</param>
    /// <exception cref="InvalidOperationException">The matrix is not complete.</exception>
    /// <exception cref="ArgumentException">The baseline does not have T entries.</exception>
    public static ContinualMetrics Compute(AccuracyMatrix accuracy, IReadOnlyList<double>? baseline)
    {
        ArgumentNullException.ThrowIfNull(accuracy);
        int earlier = accuracy.Tasks - 1;
        return new ContinualMetrics(
            accuracy.Acc(),
            accuracy.Bwt(),
            baseline is null ? null : accuracy.Fwt(baseline),
            accuracy.ChaudhryForgetting(),
            accuracy.AvalancheForgetting(),
            accuracy.SeenAccuracies(),
            Enumerable.Range(0, earlier).Select(accuracy.ChaudhryForgetting).ToArray(),
            Enumerable.Range(0, earlier).Select(accuracy.AvalancheForgetting).ToArray());
    }
}
