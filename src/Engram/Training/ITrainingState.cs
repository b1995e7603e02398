namespace Engram.Training;

/// <summary>
/// Something whose state a checkpoint must hold for a resumed run to continue exactly as the uninterrupted run would:
/// a regularizer's Fisher sums and anchors, a gradient mask's frozen flags and stored values. Generated loops hand
/// every such object to <see cref="ContinualRun.Track(string, ITrainingState)"/> before the task loop.
/// </summary>
public interface ITrainingState
{
    /// <summary>Writes every tensor and number the object's later results depend on into <paramref name="state"/>.</summary>
    void SaveState(TrainingState state);

    /// <summary>Restores what <see cref="SaveState"/> wrote (values are copied; <paramref name="state"/> keeps its tensors).</summary>
    /// <exception cref="CheckpointException">An entry is missing or has another shape or type.</exception>
    void LoadState(TrainingState state);
}
