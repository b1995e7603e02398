using System.Diagnostics;
using Engram.Data;
using Engram.Experiments;
using Engram.Importance;
using Engram.Metrics;
using Engram.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Training;

/// <summary>
/// The bookkeeping of one run that every generated training loop shares: seeding, the batch-order generator,
/// progress, per-phase timing and the accuracy matrix. The loop itself (optimizer, loss, penalties, consolidation)
/// is spelled out in the generated <c>Run</c> method.
/// </summary>
public sealed class ContinualRun : IDisposable
{
    private readonly RunContext context;
    private readonly Stopwatch total = Stopwatch.StartNew();
    private readonly Stopwatch phase = new();
    private readonly List<TaskTiming> timings = [];
    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;
    private AccuracyMatrix? accuracy;
    private nn.Module<Tensor, Tensor>? watched;
    private IReadOnlyList<ContinualTask>? watchedTasks;
    private double[]? baseline;
    private string dataSource = "";
    private ContinualTask? current;
    private int step;
    private double trainSeconds;
    private double consolidateSeconds;

    /// <summary>
    /// Starts a run: loads libtorch, sets the thread count, seeds torch's global generator (initial weights) and
    /// creates <see cref="Generator"/> (batch order, Fisher samples) from <paramref name="seed"/>.
    /// </summary>
    /// <param name="experiment">The experiment's name.</param>
    /// <param name="spec">The resolved configuration, recorded in the result.</param>
    /// <param name="seed">Seed of every random choice.</param>
    /// <param name="context">Data location, threads, observer.</param>
    public ContinualRun(string experiment, object spec, int seed, RunContext context)
    {
        TorchRuntime.EnsureLoaded();
        this.context = context;
        Experiment = experiment;
        Spec = spec;
        Seed = seed;
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
    /// every task (the baseline b_j of forward transfer) and lets the run evaluate learning curves during training.
    /// </summary>
    /// <param name="model">The model the loop trains.</param>
    /// <param name="tasks">Every task of the stream, in order.</param>
    public void Watch(nn.Module<Tensor, Tensor> model, IReadOnlyList<ContinualTask> tasks)
    {
        watched = model;
        watchedTasks = tasks;
        baseline = tasks.Select(t => Evaluation.Accuracy(model, t.Test)).ToArray();
    }

    /// <summary>Records the importance estimate just computed for the current task (for significance histograms).</summary>
    /// <param name="importance">The estimate; not kept (only a summary is).</param>
    public void RecordImportance(ParameterImportance importance)
    {
        ArgumentNullException.ThrowIfNull(importance);
        RequireTask();
    }

    /// <summary>Marks the start of training on <paramref name="task"/>.</summary>
    /// <param name="task">The task about to be trained.</param>
    /// <param name="tasks">Number of tasks in the stream (sizes the accuracy matrix on the first call).</param>
    /// <param name="epochs">Epochs the loop will run.</param>
    /// <param name="batchSize">Batch size the loop will use.</param>
    public void BeginTask(ContinualTask task, int tasks, int epochs, int batchSize)
    {
        accuracy ??= new AccuracyMatrix(tasks);
        current = task;
        step = 0;
        context.Observer.TaskStarted(task.Index, tasks, task.Name, epochs * task.Train.BatchesPerEpoch(batchSize));
        phase.Restart();
    }

    /// <summary>Records one optimizer step and reports its loss.</summary>
    /// <param name="epoch">0-based epoch.</param>
    /// <param name="loss">The scalar loss of the step.</param>
    public void StepDone(int epoch, Tensor loss)
    {
        step++;
        context.Observer.StepCompleted(RequireTask().Index, epoch, step, loss.item<float>());
    }

    /// <summary>Marks the end of the optimizer steps (what follows until evaluation counts as consolidation).</summary>
    public void EndTraining()
    {
        trainSeconds = phase.Elapsed.TotalSeconds;
        phase.Restart();
    }

    /// <summary>
    /// Evaluates <paramref name="model"/> on every task's test set, appends the row to the accuracy matrix and
    /// reports it; ends the task.
    /// </summary>
    public void EvaluateAll(nn.Module<Tensor, Tensor> model, IReadOnlyList<ContinualTask> tasks)
    {
        ContinualTask task = RequireTask();
        consolidateSeconds = phase.Elapsed.TotalSeconds;
        phase.Restart();
        double[] row = tasks.Select(t => Evaluation.Accuracy(model, t.Test)).ToArray();
        accuracy!.AddRow(row);
        var timing = new TaskTiming(trainSeconds, consolidateSeconds, phase.Elapsed.TotalSeconds);
        timings.Add(timing);
        context.Observer.TaskCompleted(task.Index, row, timing);
        current = null;
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
        TotalSeconds = total.Elapsed.TotalSeconds,
        StartedUtc = started,
        Threads = get_num_threads(),
    };

    /// <inheritdoc />
    public void Dispose() => Generator.Dispose();

    private ContinualTask RequireTask() => current ?? throw new InvalidOperationException("No task is being trained: call BeginTask first.");
}
