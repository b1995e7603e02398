namespace Engram.Metrics;

/// <summary>
/// One evaluation of every task's test set during a run, a point of the learning curves (as in the figures of
/// Kirkpatrick et al. 2017: accuracy of every task over training, task boundaries marked).
/// </summary>
/// <param name="Step">Optimizer steps taken so far over the whole run; 0 is the untrained model.</param>
/// <param name="Task">The task being trained at that step (0 for the untrained model).</param>
/// <param name="Epoch">0-based epoch within <paramref name="Task"/>.</param>
/// <param name="TrainLoss">Mean training loss (task loss plus penalties) of the steps since the previous point; null at step 0.</param>
/// <param name="Accuracy">Test accuracy on every task j, in [0, 1].</param>
/// <param name="Boundary">True for the evaluation at the end of a task (its accuracy-matrix row) and for step 0.</param>
public sealed record CurvePoint(int Step, int Task, int Epoch, double? TrainLoss, IReadOnlyList<double> Accuracy, bool Boundary);

/// <summary>The learning curves of a run.</summary>
/// <param name="Every">Optimizer steps between evaluations inside a task; 0 when only task boundaries were evaluated.</param>
/// <param name="TaskEnds">For every finished task, the global step at which its training ended (the boundaries).</param>
/// <param name="Points">Evaluations in step order.</param>
/// <param name="Samples">
/// Test samples per task scored at the points inside a task (a fixed random subset of each test set); 0 when they
/// score the whole test sets. Boundary points always score the whole test sets.
/// </param>
public sealed record LearningCurves(int Every, IReadOnlyList<int> TaskEnds, IReadOnlyList<CurvePoint> Points, int Samples = 0)
{
    /// <summary>Curves with no point.</summary>
    public static LearningCurves Empty { get; } = new(0, [], []);
}
