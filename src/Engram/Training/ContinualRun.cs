using System.Diagnostics;
using Engram.Data;
using Engram.Experiments;
using Engram.Importance;
using Engram.Masks;
using Engram.Metrics;
using Engram.Models;
using Engram.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Training;

/// <summary>
/// The bookkeeping of one run that every generated training loop shares: seeding, the batch-order generator,
/// progress, per-phase timing, the accuracy matrix, the untrained-model baseline, learning curves and significance
/// histograms. The loop itself (optimizer, loss, penalties, consolidation) is spelled out in the generated
/// <c>Run</c> method.
/// </summary>
/// <remarks>
/// Evaluations change no parameter, buffer or random state (eval mode, no gradients, restored mode), so the
/// accuracy matrix of a run is the same with curves on or off; their time is kept out of the training time.
/// </remarks>
public sealed partial class ContinualRun : IDisposable
{
    /// <summary>Evaluations per task of the default curve interval (see <see cref="RunContext.CurveEvery"/>).</summary>
    public const int DefaultCurvePointsPerTask = 5;

    /// <summary>Test samples per task at the curve points inside a task, by default (see <see cref="RunContext.CurveSamples"/>).</summary>
    public const int DefaultCurveSamples = 500;

    /// <summary>Seed of the fixed test subsets of the curves: their own generator, so drawing them changes no other random choice.</summary>
    private const ulong CurveSubsetSeed = 0x43555256455321;

    private readonly RunContext context;
    private readonly Stopwatch total = Stopwatch.StartNew();
    private readonly Stopwatch phase = new();
    private readonly List<TaskTiming> timings = [];
    private readonly List<CurvePoint> curvePoints = [];
    private readonly List<int> taskEnds = [];
    private readonly List<SignificanceHistogram> significance = [];
    private readonly List<string> taskNames = [];
    private readonly List<MaskReport> masks = [];
    private readonly List<IReadOnlyList<LayerSparsity>> sparsity = [];
    private DateTimeOffset started = DateTimeOffset.UtcNow;
    private AccuracyMatrix? accuracy;
    private nn.Module<Tensor, Tensor>? watched;
    private IReadOnlyList<ContinualTask>? watchedTasks;
    private double[]? baseline;
    private Minibatch?[]? curveSubsets;
    private int curveSamples;
    private double baselineSeconds;
    private string dataSource = "";
    private ContinualTask? current;
    private int curveEvery = -1;
    private int step;
    private int stepsThisTask;
    private int globalStep;
    private double lossSum;
    private int lossCount;
    private int lastEpoch;
    private double curveSeconds;
    private double trainSeconds;
    private double consolidateSeconds;

    /// <summary>
    /// Starts a run: loads libtorch, sets the thread count, seeds torch's global generator (initial weights) and
    /// creates <see cref="Generator"/> (batch order, Fisher samples) from <paramref name="seed"/>.
    /// </summary>
    /// <param name="experiment">The experiment's name.</param>
    /// <param name="spec">The resolved configuration, recorded in the result.</param>
    /// <param name="seed">Seed of every random choice.</param>
    /// <param name="context">Data location, threads, observer, checkpoints and resume (<see cref="RunContext.Control"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">The context's thread count is outside 1..<see cref="TorchThreads.Max"/>.</exception>
    /// <exception cref="CheckpointException">The checkpoint to resume is of another experiment.</exception>
    public ContinualRun(string experiment, object spec, int seed, RunContext context)
    {
        TorchRuntime.EnsureLoaded();
        this.context = context;
        Experiment = experiment;
        Spec = spec;
        Seed = seed;
        InitializeControl();
        if (context.Threads is int threads)
            set_num_threads(threads);
        manual_seed(seed);
        Generator = new Generator(unchecked((ulong)(uint)seed));
    }

    /// <summary>The experiment's name.</summary>
    public string Experiment { get; }

    /// <summary>The resolved configuration.</summary>
    public object Spec { get; }

    /// <summary>The run's seed.</summary>
    public int Seed { get; }

    /// <summary>Random source for batch order and sample selection, seeded from <see cref="Seed"/>.</summary>
    public Generator Generator { get; }

    /// <summary>Loads the MNIST-layout data set the context names (embedded digits by default).</summary>
    /// <exception cref="IdxFormatException">A file is missing or malformed.</exception>
    public MnistDataSet LoadMnist()
    {
        MnistDataSet data = context.DataDirectory is null ? MnistDataSet.LoadEmbedded() : MnistDataSet.Load(context.DataDirectory);
        dataSource = data.Source;
        return data;
    }

    /// <summary>
    /// Hands the run the model and the task stream before any training: evaluates the freshly initialised model on
    /// every task (the baseline b_j of forward transfer, and the step-0 point of the learning curves) and lets the
    /// run evaluate the curves during training.
    /// </summary>
    /// <param name="model">The model the loop trains.</param>
    /// <param name="tasks">Every task of the stream, in order.</param>
    public void Watch(nn.Module<Tensor, Tensor> model, IReadOnlyList<ContinualTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tasks);
        watched = model;
        watchedTasks = tasks;
        int samples = context.CurveSamples ?? DefaultCurveSamples;
        if (samples > 0 && tasks.Any(t => t.Test.Count > samples))
        {
            curveSamples = samples;
            using var subsetGenerator = new Generator(CurveSubsetSeed);
            curveSubsets = tasks.Select(t => t.Test.Count > samples ? Keep(t.Test.Sample(samples, subsetGenerator)) : (Minibatch?)null).ToArray();
        }

        if (IsResuming)
            return; // the baseline and the curves so far come from the checkpoint

        var clock = Stopwatch.StartNew();
        baseline = EvaluateTasks(model, tasks);
        baselineSeconds = clock.Elapsed.TotalSeconds;
        curvePoints.Add(new CurvePoint(0, 0, 0, null, baseline, Boundary: true));
    }

    /// <summary>Marks the start of training on <paramref name="task"/>.</summary>
    /// <param name="task">The task about to be trained.</param>
    /// <param name="tasks">Number of tasks in the stream (sizes the accuracy matrix on the first call).</param>
    /// <param name="epochs">Epochs the loop will run.</param>
    /// <param name="batchSize">Batch size the loop will use.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A count is out of range, the task's index is not below <paramref name="tasks"/>, or the task (or the run so far
    /// with it) would take more than <see cref="int.MaxValue"/> optimizer steps.
    /// </exception>
    public void BeginTask(ContinualTask task, int tasks, int epochs, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(batchSize);
        if (task.Index >= tasks)
            throw new ArgumentOutOfRangeException(nameof(task), task.Index, $"Task {task.Index} is not one of the {Counts.Of(tasks, "task")} (0..{tasks - 1}).");
        accuracy ??= new AccuracyMatrix(tasks, task.Metric);
        current = task;
        step = 0;
        stepsThisTask = CountSteps(task, epochs, batchSize);
        if (curveEvery < 0)
            curveEvery = context.CurveEvery ?? Math.Max(1, stepsThisTask / DefaultCurvePointsPerTask + (stepsThisTask % DefaultCurvePointsPerTask == 0 ? 0 : 1));
        curveSeconds = 0;
        taskNames.Add(task.Name);
        context.Observer.TaskStarted(task.Index, tasks, task.Name, stepsThisTask);
        phase.Restart();
        TaskBegun(task);
    }

    /// <summary>
    /// Records one optimizer step and reports its loss; every <see cref="RunContext.CurveEvery"/> steps of a task
    /// (except its last, which the task's row covers) evaluates every task for the learning curves.
    /// </summary>
    /// <param name="epoch">0-based epoch.</param>
    /// <param name="loss">The scalar loss of the step.</param>
    /// <exception cref="ArgumentException"><paramref name="loss"/> is not a scalar (shape [] or [1]).</exception>
    /// <exception cref="TrainingDivergedException">The loss is NaN, infinite, or past the divergence bound.</exception>
    /// <exception cref="RunInterruptedException">A stop was requested (after the checkpoint is written).</exception>
    public void StepDone(int epoch, Tensor loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (loss.numel() != 1)
            throw new ArgumentException($"Expected a scalar loss of shape [], got [{string.Join(", ", loss.shape)}].", nameof(loss));
        ContinualTask task = RequireTask();
        step++;
        globalStep++;
        lastEpoch = epoch;
        float value = loss.item<float>();
        CheckLoss(task, epoch, value);
        lossSum += value;
        lossCount++;
        context.Observer.StepCompleted(task.Index, epoch, step, value);
        if (watched is not null && curveEvery > 0 && step % curveEvery == 0 && step < stepsThisTask)
        {
            long before = Stopwatch.GetTimestamp();
            curvePoints.Add(new CurvePoint(globalStep, task.Index, epoch, TakeMeanLoss(), EvaluateCurve(watched, watchedTasks!), Boundary: false));
            curveSeconds += Stopwatch.GetElapsedTime(before).TotalSeconds;
        }

        AfterStep(task, epoch);
    }

    /// <summary>Marks the end of the optimizer steps (what follows until evaluation counts as consolidation).</summary>
    public void EndTraining()
    {
        trainSeconds = phase.Elapsed.TotalSeconds + taskSecondsBefore - curveSeconds;
        phase.Restart();
    }

    /// <summary>
    /// Records the importance estimate just computed for the current task as a <see cref="SignificanceHistogram"/>
    /// (the estimate itself is not kept).
    /// </summary>
    /// <param name="importance">The estimate, e.g. the Fisher information EWC consolidates.</param>
    /// <exception cref="InvalidOperationException">No task is being trained.</exception>
    public void RecordImportance(ParameterImportance importance)
    {
        ArgumentNullException.ThrowIfNull(importance);
        significance.Add(SignificanceHistogram.Summarize(RequireTask().Index, importance));
    }

    /// <summary>Records the gradient mask after its update for the current task (per-layer frozen counts and overlap).</summary>
    /// <param name="report">What <see cref="GradientMask.Update"/> returned.</param>
    public void RecordMask(MaskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        masks.Add(report);
    }

    /// <summary>
    /// Evaluates <paramref name="model"/> on every task's test set, appends the row to the accuracy matrix (and the
    /// boundary point to the learning curves) and reports it; ends the task.
    /// </summary>
    public void EvaluateAll(nn.Module<Tensor, Tensor> model, IReadOnlyList<ContinualTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tasks);
        ContinualTask task = RequireTask();
        consolidateSeconds = phase.Elapsed.TotalSeconds;
        phase.Restart();
        double[] row = EvaluateTasks(model, tasks);
        accuracy!.AddRow(row);
        if (model is Mlp mlp)
            sparsity.Add(Sparsity.Measure(mlp));
        taskEnds.Add(globalStep);
        curvePoints.Add(new CurvePoint(globalStep, task.Index, lastEpoch, TakeMeanLoss(), row, Boundary: true));
        var timing = new TaskTiming(trainSeconds, consolidateSeconds, phase.Elapsed.TotalSeconds, curveSeconds);
        timings.Add(timing);
        context.Observer.TaskCompleted(task.Index, row, timing);
        current = null;
        TaskFinished(task, tasks.Count);
    }

    /// <summary>The result of the finished run.</summary>
    /// <exception cref="InvalidOperationException">No task was evaluated.</exception>
    public ExperimentResult Finish() => new()
    {
        Experiment = Experiment,
        Spec = Spec,
        Seed = Seed,
        DataSource = dataSource,
        Accuracy = accuracy ?? throw new InvalidOperationException("The run evaluated no task."),
        Timings = timings.ToArray(),
        TotalSeconds = total.Elapsed.TotalSeconds + elapsedBefore,
        StartedUtc = started,
        Threads = get_num_threads(),
        TaskNames = watchedTasks?.Select(t => t.Name).ToArray() ?? taskNames.ToArray(),
        BaselineAccuracy = baseline,
        BaselineSeconds = baselineSeconds,
        Curves = new LearningCurves(Math.Max(curveEvery, 0), taskEnds.ToArray(), curvePoints.ToArray(), curveSamples),
        Significance = significance.ToArray(),
        Masks = masks.ToArray(),
        Sparsity = sparsity.ToArray(),
    };

    /// <inheritdoc />
    public void Dispose()
    {
        DisposeControl();
        Generator.Dispose();
        foreach (Minibatch subset in curveSubsets?.OfType<Minibatch>() ?? [])
        {
            subset.Inputs.Dispose();
            subset.Labels.Dispose();
        }

        curveSubsets = null;
    }

    /// <summary>
    /// Optimizer steps of <paramref name="task"/>: epochs x batches per epoch, computed without overflow; a count that
    /// does not fit the step counters (one task's, or the run's with this task) is refused.
    /// </summary>
    private int CountSteps(ContinualTask task, int epochs, int batchSize)
    {
        int batches = task.Train.BatchesPerEpoch(batchSize);
        long steps = (long)epochs * batches;
        int doneInTask = resumePosition is { } position && position.Task == task.Index ? position.Step : 0; // resuming within this task
        long runSteps = globalStep - doneInTask + steps;
        if (runSteps > int.MaxValue)
        {
            string total = steps > int.MaxValue ? "" : Invariant($", {runSteps} with the tasks before it");
            throw new ArgumentOutOfRangeException(paramName: null, Invariant( // no parameter name: the message is what a user of the command line reads
                $"Task {task.Index + 1} ({task.Name}) would take {Counts.Of(epochs, "epoch")} x {Counts.Of(batches, "batch", "batches")} = {steps} optimizer steps{total}; at most {int.MaxValue} are supported: use fewer epochs or a larger batch size."));
        }

        return (int)steps;
    }

    private static Minibatch Keep(Minibatch batch) => new(batch.Inputs.DetachFromDisposeScope(), batch.Labels.DetachFromDisposeScope());

    /// <summary>
    /// A curve point inside a task: each task scored on its fixed test subset (accuracy for class labels, mean squared
    /// error for float targets), or on its whole test set when it has no subset.
    /// </summary>
    private double[] EvaluateCurve(nn.Module<Tensor, Tensor> model, IReadOnlyList<ContinualTask> tasks)
    {
        if (curveSubsets is null)
            return EvaluateTasks(model, tasks);
        var scores = new double[tasks.Count];
        for (int j = 0; j < tasks.Count; j++)
            scores[j] = curveSubsets[j] is Minibatch subset ? ForTask(model, j, () => Score(model, subset)) : EvaluateTasks(model, [tasks[j]])[0];
        return scores;
    }

    /// <summary>
    /// Runs <paramref name="score"/> with <paramref name="model"/> answering for task <paramref name="task"/> (a
    /// multi-head MLP's head <paramref name="task"/>), then gives the head back to the task being trained.
    /// </summary>
    private static double ForTask(nn.Module<Tensor, Tensor> model, int task, Func<double> score)
    {
        if (model is not Mlp { Heads: > 1 } mlp)
            return score();
        int trained = mlp.ActiveHead;
        mlp.SelectTask(task);
        try
        {
            return score();
        }
        finally
        {
            mlp.SelectTask(trained);
        }
    }

    private static double Score(nn.Module<Tensor, Tensor> model, Minibatch subset)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            Tensor output = model.call(subset.Inputs);
            return subset.Labels.dtype == ScalarType.Int64
                ? output.argmax(1).eq(subset.Labels).to(ScalarType.Float64).mean().item<double>()
                : (output - subset.Labels).square().to(ScalarType.Float64).mean().item<double>();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private static double[] EvaluateTasks(nn.Module<Tensor, Tensor> model, IReadOnlyList<ContinualTask> tasks) =>
        tasks.Select(t => ForTask(model, t.Index, () => t.Metric == TaskMetric.Accuracy ? Evaluation.Accuracy(model, t.Test) : Evaluation.MeanSquaredError(model, t.Test))).ToArray();

    private double? TakeMeanLoss()
    {
        double? mean = lossCount == 0 ? null : lossSum / lossCount;
        lossSum = 0;
        lossCount = 0;
        return mean;
    }

    private ContinualTask RequireTask() => current ?? throw new InvalidOperationException("No task is being trained: call BeginTask first.");
}
