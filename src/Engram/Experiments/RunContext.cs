namespace Engram.Experiments;

/// <summary>Where and how an experiment runs: data location, threads, progress. Not part of the experiment's science.</summary>
public sealed record RunContext
{
    /// <summary>
    /// Directory with IDX files in the standard MNIST layout (<c>train-images-idx3-ubyte[.gz]</c>, ...), e.g.
    /// <c>/usr/share/datasets/fashion-mnist</c>; null reads the digits embedded with Engram. Families that generate
    /// their tasks (<see cref="ExperimentDescriptor.ReadsData"/> false, e.g. curve regression) read no data set and
    /// ignore it.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Intra-op threads for libtorch; null keeps libtorch's default (one per physical core).</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Optimizer steps between evaluations of every task's test set for the learning curves (the end of each task is
    /// always evaluated: it is the accuracy-matrix row). 0 evaluates only task boundaries; null takes
    /// ceil(steps per task / 5), five points per task.
    /// </summary>
    public int? CurveEvery { get; init; }

    /// <summary>
    /// Test samples per task scored at the curve points inside a task: a fixed random subset of each test set, drawn
    /// once per run from its own seed (so the rest of the run is unchanged), which keeps the curves cheap. The step-0
    /// point (the untrained baseline) and each task's end (its accuracy-matrix row) always use the whole test sets.
    /// 0 scores the whole test sets everywhere; null takes <c>ContinualRun.DefaultCurveSamples</c> (500).
    /// </summary>
    public int? CurveSamples { get; init; }

    /// <summary>
    /// Checkpoints, resume, stop requests and the divergence bound (see <see cref="Training.RunControl"/>); null: no
    /// checkpoints, never stopped, the default bound.
    /// </summary>
    public Training.RunControl? Control { get; init; }

    /// <summary>Receives progress: tasks, steps, losses, finished rows.</summary>
    public IRunObserver Observer { get; init; } = NullRunObserver.Instance;

    /// <summary>A context with every default: embedded data, default threads, no progress output.</summary>
    public static RunContext Default { get; } = new();
}
