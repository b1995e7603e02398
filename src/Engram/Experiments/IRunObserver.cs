namespace Engram.Experiments;

/// <summary>Receives the progress of a run (for a console display, a log, a test). Called on the training thread.</summary>
public interface IRunObserver
{
    /// <summary>A task's training starts.</summary>
    /// <param name="task">0-based task index.</param>
    /// <param name="tasks">Tasks in the run.</param>
    /// <param name="name">The task's name.</param>
    /// <param name="totalSteps">Optimizer steps this task will take (epochs x batches per epoch).</param>
    void TaskStarted(int task, int tasks, string name, int totalSteps);

    /// <summary>One optimizer step finished.</summary>
    /// <param name="task">0-based task index.</param>
    /// <param name="epoch">0-based epoch within the task.</param>
    /// <param name="step">1-based step count within the task.</param>
    /// <param name="loss">The step's total loss (task loss plus penalties).</param>
    void StepCompleted(int task, int epoch, int step, double loss);

    /// <summary>A task is trained, consolidated and every task evaluated: the accuracy matrix has a new row.</summary>
    void TaskCompleted(int task, IReadOnlyList<double> accuracies, TaskTiming timing);
}

/// <summary>An observer that ignores everything.</summary>
public sealed class NullRunObserver : IRunObserver
{
    /// <summary>The single instance.</summary>
    public static NullRunObserver Instance { get; } = new();

    private NullRunObserver()
    {
    }

    /// <inheritdoc />
    public void TaskStarted(int task, int tasks, string name, int totalSteps)
    {
    }

    /// <inheritdoc />
    public void StepCompleted(int task, int epoch, int step, double loss)
    {
    }

    /// <inheritdoc />
    public void TaskCompleted(int task, IReadOnlyList<double> accuracies, TaskTiming timing)
    {
    }
}
