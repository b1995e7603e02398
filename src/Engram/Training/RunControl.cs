namespace Engram.Training;

/// <summary>
/// How a run guards its work: where it writes checkpoints, which checkpoint it continues from, when to stop, and when
/// its loss counts as diverged. Not part of the experiment's science: a resumed run computes what the uninterrupted
/// run would have.
/// </summary>
public sealed record RunControl
{
    /// <summary>No checkpoints, no resume, never asked to stop, the default divergence bound.</summary>
    public static RunControl None { get; } = new();

    /// <summary>
    /// Folder the run keeps its checkpoint in (created if missing): rewritten after every finished task and when the
    /// run is stopped within a task, so a killed process loses at most the task under way. Null keeps none.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>A checkpoint (see <see cref="Checkpoint.Read"/>) the run continues from instead of starting afresh; null starts afresh.</summary>
    public Checkpoint? Resume { get; init; }

    /// <summary>
    /// When cancelled, the run finishes the optimizer step under way, writes a checkpoint (with
    /// <see cref="CheckpointDirectory"/>) and throws <see cref="RunInterruptedException"/>. A request that arrives
    /// during the last task's consolidation or evaluation lets the run finish.
    /// </summary>
    public CancellationToken Stop { get; init; }

    /// <summary>
    /// How many times a task's first-step loss (at least 1) its loss may reach before the task is stopped as
    /// diverged (see <see cref="DivergenceGuard"/>); NaN and infinite losses always stop it.
    /// </summary>
    public double LossGrowthLimit { get; init; } = DivergenceGuard.DefaultGrowthLimit;

    /// <summary>
    /// Receives warnings that do not stop the run, e.g. a checkpoint that could not be written (full disk): training
    /// goes on, the results so far stay in memory. Null ignores them.
    /// </summary>
    public Action<string>? Warn { get; init; }
}
