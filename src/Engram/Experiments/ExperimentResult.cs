using Engram.Metrics;

namespace Engram.Experiments;

/// <summary>Wall time of one task's phases, in seconds.</summary>
/// <param name="TrainSeconds">Optimizer steps over all epochs.</param>
/// <param name="ConsolidateSeconds">Importance estimation and regularizer consolidation after training.</param>
/// <param name="EvaluateSeconds">Evaluating every task's test set.</param>
public sealed record TaskTiming(double TrainSeconds, double ConsolidateSeconds, double EvaluateSeconds)
{
    /// <summary>Sum of the phases.</summary>
    public double TotalSeconds => TrainSeconds + ConsolidateSeconds + EvaluateSeconds;
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
}
