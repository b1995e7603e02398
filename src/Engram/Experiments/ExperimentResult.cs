using Engram.Masks;
using Engram.Dsl;
using Engram.Metrics;

namespace Engram.Experiments;

/// <summary>Wall time of one task's phases, in seconds.</summary>
/// <param name="TrainSeconds">Optimizer steps over all epochs.</param>
/// <param name="ConsolidateSeconds">Importance estimation and regularizer consolidation after training.</param>
/// <param name="EvaluateSeconds">Evaluating every task's test set.</param>
/// <param name="CurveSeconds">Learning-curve evaluations during training (not part of <paramref name="TrainSeconds"/>).</param>
public sealed record TaskTiming(double TrainSeconds, double ConsolidateSeconds, double EvaluateSeconds, double CurveSeconds = 0)
{
    /// <summary>Sum of the phases: the task's wall time.</summary>
    public double TotalSeconds => TrainSeconds + ConsolidateSeconds + EvaluateSeconds + CurveSeconds;
}

/// <summary>Everything a finished run measured, with the configuration that produced it.</summary>
public sealed record ExperimentResult
{
    /// <summary>The experiment's name.</summary>
    public required string Experiment { get; init; }

    /// <summary>The resolved configuration (the generated <c>Spec</c> record).</summary>
    public required object Spec { get; init; }

    /// <summary>Seed of every random choice in the run.</summary>
    public required int Seed { get; init; }

    /// <summary>Where the data came from (directory).</summary>
    public required string DataSource { get; init; }

    /// <summary>R[i, j], accuracy on task j after training through task i.</summary>
    public required AccuracyMatrix Accuracy { get; init; }

    /// <summary>Per task, the wall time of its phases.</summary>
    public required IReadOnlyList<TaskTiming> Timings { get; init; }

    /// <summary>Wall time of the whole run, seconds (includes loading data and building the model).</summary>
    public required double TotalSeconds { get; init; }

    /// <summary>When the run started, UTC.</summary>
    public required DateTimeOffset StartedUtc { get; init; }

    /// <summary>libtorch intra-op threads used.</summary>
    public required int Threads { get; init; }

    /// <summary>Final average accuracy, see <see cref="AccuracyMatrix.Acc"/>.</summary>
    public double Acc => Accuracy.Acc();

    /// <summary>Backward transfer, see <see cref="AccuracyMatrix.Bwt"/>.</summary>
    public double Bwt => Accuracy.Bwt();

    /// <summary>The tasks' names, in stream order (empty when the loop did not report them).</summary>
    public IReadOnlyList<string> TaskNames { get; init; } = [];

    /// <summary>
    /// Accuracy b_j of the freshly initialised model on every task j, measured before any training (the reference of
    /// forward transfer); null when the loop did not hand its model to the run before training.
    /// </summary>
    public IReadOnlyList<double>? BaselineAccuracy { get; init; }

    /// <summary>Wall time of the baseline evaluation, seconds.</summary>
    public double BaselineSeconds { get; init; }

    /// <summary>Every task's test accuracy over training, with the task boundaries.</summary>
    public LearningCurves Curves { get; init; } = LearningCurves.Empty;

    /// <summary>Log10 histograms of every importance estimate the loop recorded (e.g. EWC's Fisher after each task).</summary>
    public IReadOnlyList<SignificanceHistogram> Significance { get; init; } = [];

    /// <summary>After each task with a gradient mask, the mask's per-layer frozen counts and overlap; empty without a mask.</summary>
    public IReadOnlyList<MaskReport> Masks { get; init; } = [];

    /// <summary>After each task, per layer the near-zero weights (|w| &lt; <see cref="Sparsity.Epsilon"/>) and dead neurons; empty when the model is not an MLP.</summary>
    public IReadOnlyList<IReadOnlyList<LayerSparsity>> Sparsity { get; init; } = [];

    /// <summary>ACC, BWT, FWT, both forgetting measures and the average accuracy on seen tasks after each task.</summary>
    public ContinualMetrics Metrics => ContinualMetrics.Compute(Accuracy, BaselineAccuracy);

    /// <summary>
    /// The experiment's <c>[Expect]</c> claims checked against this run, in declaration order (empty when it declares
    /// none): metric, threshold, measured value, met.
    /// </summary>
    public IReadOnlyList<CheckedClaim> Claims { get; init; } = [];

    /// <summary>Whether every claim is met (true when there are none).</summary>
    public bool ClaimsMet => Claims.All(static c => c.Met);

    /// <summary>
    /// The value of <paramref name="metric"/> for this run, or null when the run does not produce it: MSE for
    /// classification, ACC and BWT for regression, BWT for a single task (e.g. <c>run --tasks 1</c>), so a claim on it
    /// is reported as not measured instead of met by a BWT of 0.
    /// </summary>
    public double? Measure(Metric metric) => metric switch
    {
        Metric.Acc when Accuracy.Metric == TaskMetric.Accuracy => Acc,
        Metric.Bwt when Accuracy.Metric == TaskMetric.Accuracy && Accuracy.Tasks >= 2 => Bwt, // one task has no earlier task to forget
        Metric.Mse when Accuracy.Metric == TaskMetric.MeanSquaredError => Acc,
        _ => null,
    };

    /// <summary>This result with <paramref name="claims"/> checked against it (what the generated <c>Run</c> returns).</summary>
    public ExperimentResult CheckClaims(IReadOnlyList<Claim> claims) => this with { Claims = claims.Select(c => c.Check(this)).ToArray() };

    /// <summary>
    /// Every unmet claim with its threshold and measured value, one per line after a summary line, e.g.
    /// <c>PermutedMnistEwc did not meet 1 of 2 claims:</c> / <c>  ACC &gt;= 0.9: measured 0.8526, not met</c> (with a
    /// single claim: <c>did not meet its claim:</c>); or a line saying all are met.
    /// </summary>
    public string DescribeUnmetClaims()
    {
        CheckedClaim[] unmet = Claims.Where(static c => !c.Met).ToArray();
        if (unmet.Length == 0)
            return Claims.Count switch
            {
                0 => $"{Experiment} declares no claims.",
                1 => $"{Experiment} met its claim.",
                _ => $"{Experiment} met all {Claims.Count} claims.",
            };
        string which = Claims.Count == 1 ? "its claim" : $"{unmet.Length} of {Claims.Count} claims";
        return $"{Experiment} did not meet {which}:" + string.Concat(unmet.Select(static c => Environment.NewLine + "  " + c));
    }

    /// <summary>
    /// As <see cref="DescribeUnmetClaims()"/>, with a last line naming the run's <paramref name="size"/> (as the
    /// generated experiment tests report it) and how to run the declared size.
    /// </summary>
    public string DescribeUnmetClaims(RunSize size) => DescribeUnmetClaims() + Environment.NewLine + "Run size: " + RunSizes.Describe(size)
        + (size == RunSize.Quick ? $"; {RunSizes.EnvironmentVariable}=full runs the declared size" : "");
}
