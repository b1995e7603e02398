using Engram.Experiments;

namespace Engram.Training;

/// <summary>
/// A run that stopped before its last task: it diverged (<see cref="TrainingDivergedException"/>) or was asked to stop
/// (<see cref="RunInterruptedException"/>). Carries what the run finished, so nothing computed is lost.
/// </summary>
public abstract class RunStoppedException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected RunStoppedException(string message, ExperimentResult? partial, int task, int epoch, int step, string? checkpoint)
        : base(message)
    {
        Partial = partial;
        Task = task;
        Epoch = epoch;
        Step = step;
        Checkpoint = checkpoint;
    }

    /// <summary>
    /// The result of the tasks finished before the stop (its accuracy matrix has <see cref="CompletedTasks"/> rows; the
    /// summary metrics need every row, so read the rows, not <c>Acc</c>); null when no task had started.
    /// </summary>
    public ExperimentResult? Partial { get; }

    /// <summary>Tasks trained and evaluated before the stop.</summary>
    public int CompletedTasks => Partial?.Accuracy.CompletedRows ?? 0;

    /// <summary>0-based index of the task that was being trained.</summary>
    public int Task { get; }

    /// <summary>0-based epoch within the task.</summary>
    public int Epoch { get; }

    /// <summary>1-based optimizer step within the task (0: before its first step).</summary>
    public int Step { get; }

    /// <summary>The checkpoint folder a resumed run continues from, or null when the run kept no checkpoints.</summary>
    public string? Checkpoint { get; }
}

/// <summary>
/// Training diverged: a NaN or infinite loss, or one past the bound of <see cref="DivergenceGuard"/>. The message
/// names the task, epoch and step, the loss, and the likely cause with the numbers behind it.
/// </summary>
public sealed class TrainingDivergedException : RunStoppedException
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(string message, ExperimentResult? partial, int task, int epoch, int step, double loss, string cause, string? checkpoint)
        : base(message, partial, task, epoch, step, checkpoint)
    {
        Loss = loss;
        Cause = cause;
    }

    /// <summary>The loss that stopped the task.</summary>
    public double Loss { get; }

    /// <summary>The likely cause, with numbers (e.g. lambda x learning rate x max Fisher for EWC).</summary>
    public string Cause { get; }
}

/// <summary>
/// The run was asked to stop (<see cref="RunControl.Stop"/>, e.g. Ctrl-C or SIGTERM): it finished the step under way,
/// wrote a checkpoint (when it keeps them) and stopped.
/// </summary>
public sealed class RunInterruptedException : RunStoppedException
{
    /// <summary>Creates the exception.</summary>
    public RunInterruptedException(string message, ExperimentResult? partial, int task, int epoch, int step, string? checkpoint, bool withinTask)
        : base(message, partial, task, epoch, step, checkpoint)
    {
        WithinTask = withinTask;
    }

    /// <summary>
    /// Whether the checkpoint holds the task under way part-trained (resuming continues after <see cref="RunStoppedException.Step"/>);
    /// false when it ends at the last finished task.
    /// </summary>
    public bool WithinTask { get; }
}
