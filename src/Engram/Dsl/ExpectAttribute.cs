namespace Engram.Dsl;

/// <summary>
/// A claim every run of the experiment must meet, e.g. <c>[Expect(Metric.Acc, AtLeast = 0.8)]</c>. The generated
/// <c>Run</c> checks it against the result (<c>ExperimentResult.Claims</c>); the command line prints it and exits with
/// code 6 when it is not met; a test project that references xunit and the Engram generator gets one test per
/// experiment with claims, failing with every unmet claim, its threshold and the measured value. Declare as many as
/// needed; setting both <see cref="AtLeast"/> and <see cref="AtMost"/> claims a range.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ExpectAttribute : Attribute
{
    /// <summary>Declares a claim on <paramref name="metric"/>; set <see cref="AtLeast"/>, <see cref="AtMost"/> or both.</summary>
    public ExpectAttribute(Metric metric) => Metric = metric;

    /// <summary>The metric the claim is about; the task family must produce it.</summary>
    public Metric Metric { get; }

    /// <summary>The measured value must be at least this (inclusive), in the metric's range. Not set: NaN.</summary>
    public double AtLeast { get; set; } = double.NaN;

    /// <summary>The measured value must be at most this (inclusive), in the metric's range. Not set: NaN.</summary>
    public double AtMost { get; set; } = double.NaN;
}

/// <summary>A metric a run reports and an <see cref="ExpectAttribute"/> can make a claim about.</summary>
public enum Metric
{
    /// <summary>
    /// Average accuracy ACC = mean_j R[T-1, j] (Lopez-Paz &amp; Ranzato 2017): final accuracy averaged over all tasks,
    /// a fraction in [0, 1]. Produced by classification families (<see cref="PermutedMnistAttribute"/>).
    /// </summary>
    Acc,

    /// <summary>
    /// Backward transfer BWT = mean over j &lt; T-1 of (R[T-1, j] - R[j, j]) (Lopez-Paz &amp; Ranzato 2017), a fraction in
    /// [-1, 1]; negative means forgetting. Produced by classification families.
    /// </summary>
    Bwt,

    /// <summary>
    /// Mean squared error of the final model averaged over all tasks' test sets, at least 0. Produced by regression
    /// families only (<see cref="CurveRegressionAttribute"/>); an <see cref="ExpectAttribute"/> on it is a compile error
    /// (ENG0023) on a classification family.
    /// </summary>
    Mse,
}
