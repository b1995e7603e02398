using System.Text.Json;
using System.Text.Json.Serialization;
using Engram.Masks;
using Engram.Metrics;

namespace Engram.Reporting;

/// <summary>
/// Everything a run folder's <c>results.json</c> holds: what ran (experiment, full resolved configuration, seed, data,
/// machine, package versions), what it measured (accuracy matrix, untrained-model baseline, metrics, timings, learning
/// curves, significance histograms). Every report, plot and comparison is drawn from a record, so
/// <c>report &lt;run folder&gt;</c> re-renders them from the file alone.
/// </summary>
public sealed record RunRecord
{
    /// <summary>Version of the file layout (see <see cref="ResultsFile.SchemaVersion"/>).</summary>
    public int SchemaVersion { get; init; } = ResultsFile.SchemaVersion;

    /// <summary>The experiment's name.</summary>
    public required string Experiment { get; init; }

    /// <summary>Seed of every random choice in the run.</summary>
    public required int Seed { get; init; }

    /// <summary>The full resolved configuration (the generated <c>Spec</c> record) as JSON.</summary>
    public required JsonElement Config { get; init; }

    /// <summary>Where the data came from.</summary>
    public string DataSource { get; init; } = "";

    /// <summary>Task names in stream order (may be empty in files written before schema 2).</summary>
    public IReadOnlyList<string> TaskNames { get; init; } = [];

    /// <summary>What the matrix, baseline and curves hold: accuracy (classification) or test MSE (regression).</summary>
    public TaskMetric Metric { get; init; } = TaskMetric.Accuracy;

    /// <summary>R[i][j]: accuracy (or MSE, see <see cref="Metric"/>) on task j after training through task i.</summary>
    public required IReadOnlyList<IReadOnlyList<double>> AccuracyMatrix { get; init; }

    /// <summary>The untrained model's accuracy on every task, or null.</summary>
    public IReadOnlyList<double>? BaselineAccuracy { get; init; }

    /// <summary>The summary metrics as computed when the file was written.</summary>
    public ContinualMetrics? Metrics { get; init; }

    /// <summary>Per task, the wall time of its phases.</summary>
    public IReadOnlyList<TaskTimingRecord> Timings { get; init; } = [];

    /// <summary>Wall time of the baseline evaluation, seconds.</summary>
    public double BaselineSeconds { get; init; }

    /// <summary>Learning curves (empty in files written before schema 2).</summary>
    public LearningCurves Curves { get; init; } = LearningCurves.Empty;

    /// <summary>Significance histograms of the importance estimates (e.g. EWC's Fisher after each task).</summary>
    public IReadOnlyList<SignificanceHistogram> Significance { get; init; } = [];

    /// <summary>After each task with a gradient mask, its per-layer frozen counts and overlap (empty without a mask).</summary>
    public IReadOnlyList<MaskReport> Masks { get; init; } = [];

    /// <summary>After each task, per layer the near-zero weights and dead neurons (empty when not measured).</summary>
    public IReadOnlyList<IReadOnlyList<LayerSparsity>> Sparsity { get; init; } = [];

    /// <summary>Wall time of the whole run, seconds.</summary>
    public double TotalSeconds { get; init; }

    /// <summary>When the run started, UTC.</summary>
    public DateTimeOffset StartedUtc { get; init; }

    /// <summary>The machine the run ran on.</summary>
    public MachineInfo? Machine { get; init; }

    /// <summary>Versions of Engram and the packages that produced the numbers and files, by package name.</summary>
    public IReadOnlyDictionary<string, string> Packages { get; init; } = new Dictionary<string, string>();

    /// <summary>Number of tasks T.</summary>
    [JsonIgnore]
    public int Tasks => AccuracyMatrix.Count == 0 ? 0 : AccuracyMatrix[0].Count;

    /// <summary>The matrix as an <see cref="Metrics.AccuracyMatrix"/>.</summary>
    /// <exception cref="ArgumentException">The rows are malformed.</exception>
    public AccuracyMatrix ToMatrix() => Engram.Metrics.AccuracyMatrix.FromRows(Tasks, AccuracyMatrix, Metric);

    /// <summary>How this run's numbers are written (percent for accuracy, plain for MSE).</summary>
    [JsonIgnore]
    public MetricFormat Format => new(Metric);

    /// <summary>The metrics recomputed from the matrix and baseline (what reports show, whatever the file's version).</summary>
    /// <exception cref="InvalidOperationException">The matrix is not complete.</exception>
    public ContinualMetrics ComputeMetrics() => ContinualMetrics.Compute(ToMatrix(), BaselineAccuracy);

    /// <summary>The name of task j: its recorded name, or "task j".</summary>
    public string TaskName(int task) => task < TaskNames.Count ? TaskNames[task] : $"task {task}";
}

/// <summary>Wall time of one task's phases, seconds.</summary>
/// <param name="Task">0-based task index.</param>
/// <param name="TrainSeconds">Optimizer steps.</param>
/// <param name="ConsolidateSeconds">Importance estimation and consolidation.</param>
/// <param name="EvaluateSeconds">The accuracy-matrix row.</param>
/// <param name="CurveSeconds">Learning-curve evaluations during training.</param>
/// <param name="TotalSeconds">Sum of the phases.</param>
public sealed record TaskTimingRecord(int Task, double TrainSeconds, double ConsolidateSeconds, double EvaluateSeconds, double CurveSeconds, double TotalSeconds);

/// <summary>The machine a run ran on.</summary>
/// <param name="Os">Operating system description.</param>
/// <param name="Architecture">Process architecture.</param>
/// <param name="Cpu">Processor model, where the OS tells it.</param>
/// <param name="ProcessorCount">Logical processors.</param>
/// <param name="MemoryGiB">Memory available to the process, GiB.</param>
/// <param name="Threads">libtorch intra-op threads the run used.</param>
/// <param name="Dotnet">The .NET runtime.</param>
public sealed record MachineInfo(string Os, string Architecture, string? Cpu, int ProcessorCount, double MemoryGiB, int Threads, string Dotnet);
