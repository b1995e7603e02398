using System.Globalization;
using System.Text.Json;
using Engram.Experiments;
using Engram.Metrics;
using Engram.Tasks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Engram.Training;

/// <summary>
/// The part of <see cref="ContinualRun"/> that guards a run's work (see <see cref="RunControl"/>): divergence
/// detection, stopping on request, checkpoints after every task and at a stop, and resuming from a checkpoint.
/// </summary>
/// <remarks>
/// <para>
/// A resumed run computes exactly what the uninterrupted run would have (bit for bit at the same thread count): the
/// checkpoint holds the model's parameters and buffers, the optimizer's state (Adam's moments and step count, SGD's
/// momentum), every tracked regularizer's and mask's state, the batch-order generator's state at the start of the
/// epoch under way (its permutation is drawn again, and the batches already trained are skipped), torch's global
/// generator, and the bookkeeping (matrix rows, curves, timings, histograms).
/// </para>
/// <para>
/// The loop takes part through four calls: <see cref="Track(string, ITrainingState)"/> for each stateful regularizer or
/// mask before the task loop, <see cref="Remaining"/> as the task loop (it restores the checkpoint and skips finished
/// tasks), <see cref="Track(optim.Optimizer)"/> for each task's optimizer, and <see cref="Batches"/> as the batch loop.
/// A loop that does not use them still gets divergence detection, stops and task-boundary checkpoints; a stop within a
/// task then resumes from the task's start.
/// </para>
/// </remarks>
public sealed partial class ContinualRun
{
    private readonly List<(string Name, ITrainingState State)> tracked = [];
    private RunControl control = RunControl.None;
    private DivergenceGuard guard = new();
    private Checkpoint? resume;
    private bool restored;
    private CheckpointPosition? resumePosition;
    private OptimizerHelper? optimizer;
    private int optimizerTask = -1;
    private Tensor? epochStartGenerator;
    private int batchesTask = -1;
    private int batchesEpoch = -1;
    private int batchesDone;
    private string? lastCheckpoint;
    private double elapsedBefore;
    private double taskSecondsBefore;

    /// <summary>Whether the run continues from a checkpoint (<see cref="RunControl.Resume"/>).</summary>
    public bool IsResuming => control.Resume is not null;

    /// <summary>Tasks the checkpoint being resumed had finished (0 when starting afresh).</summary>
    public int ResumedTasks => control.Resume?.Manifest.CompletedTasks ?? 0;

    /// <summary>
    /// Puts a regularizer's or mask's state in every checkpoint, and restores it when resuming. Call before the task
    /// loop, once per object, with a name unique in the run (the generated loops use the variable's name).
    /// </summary>
    /// <exception cref="InvalidOperationException">The task loop has started, or the name is taken.</exception>
    public void Track(string name, ITrainingState state)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(state);
        if (restored)
            throw new InvalidOperationException($"Track '{name}' before the task loop (before enumerating Remaining).");
        if (tracked.Any(t => t.Name == name))
            throw new InvalidOperationException($"A state named '{name}' is already tracked.");
        tracked.Add((name, state));
    }

    /// <summary>
    /// Puts the current task's optimizer state in a checkpoint written within the task, and restores it when resuming
    /// within this task. Call right after creating the task's optimizer (after <see cref="BeginTask"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The optimizer is not one of TorchSharp's built-in optimizers (they can save their state).</exception>
    /// <exception cref="InvalidOperationException">No task is being trained.</exception>
    public void Track(optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (optimizer is not OptimizerHelper helper)
            throw new ArgumentException($"{optimizer.GetType().Name} cannot save its state; use a TorchSharp optimizer (SGD, Adam, AdamW, ...).", nameof(optimizer));
        ContinualTask task = RequireTask();
        this.optimizer = helper;
        optimizerTask = task.Index;
        if (resumePosition is { } position && position.Task == task.Index)
        {
            using var stream = new MemoryStream(resume!.State.GetBytes("optimizer"), writable: false);
            using var reader = new BinaryReader(stream);
            try
            {
                helper.load_state_dict(reader);
            }
            catch (Exception error) when (error is EndOfStreamException or ArgumentException or InvalidOperationException or IOException)
            {
                throw new CheckpointException($"the checkpoint's optimizer state does not fit this run's {optimizer.GetType().Name}: {error.Message}", error);
            }
        }
    }

    /// <summary>
    /// The tasks still to train, in order: all of them, or when resuming those after the checkpoint's finished ones
    /// (the task stopped within comes first). Enumerating it restores the checkpoint into the watched model and the
    /// tracked states.
    /// </summary>
    /// <exception cref="CheckpointException">The checkpoint does not fit this run (other experiment, configuration, task count or model).</exception>
    public IEnumerable<ContinualTask> Remaining(IReadOnlyList<ContinualTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        int first = Restore(tasks);
        for (int i = first; i < tasks.Count; i++)
            yield return tasks[i];
    }

    /// <summary>
    /// One epoch's minibatches in the order <see cref="LabeledSet.Shuffled"/> draws from <see cref="Generator"/>,
    /// remembering where the epoch started so that a stop within it can be resumed exactly. When resuming within the
    /// current task, earlier epochs yield nothing and the batches already trained are skipped.
    /// </summary>
    /// <param name="set">The task's training set.</param>
    /// <param name="batchSize">Samples per batch (0: full batch).</param>
    /// <param name="epoch">0-based epoch.</param>
    public IEnumerable<Minibatch> Batches(LabeledSet set, int batchSize, int epoch)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentOutOfRangeException.ThrowIfNegative(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ContinualTask task = RequireTask();
        int skip = 0;
        if (resumePosition is { } position && position.Task == task.Index)
        {
            if (epoch < position.Epoch)
                yield break;
            if (epoch == position.Epoch)
                skip = position.BatchesDone;
        }

        epochStartGenerator?.Dispose();
        epochStartGenerator = Generator.get_state().DetachFromDisposeScope();
        batchesTask = task.Index;
        batchesEpoch = epoch;
        batchesDone = 0;
        foreach (Minibatch batch in set.Shuffled(batchSize, Generator))
        {
            batchesDone++;
            if (skip > 0)
            {
                skip--;
                continue;
            }

            if (resumePosition is not null && epoch >= resumePosition.Epoch)
                resumePosition = null; // caught up: from here on the run is an ordinary one
            yield return batch;
        }
    }

    // ---- hooks called by the main part ----

    private void InitializeControl()
    {
        control = context.Control ?? RunControl.None;
        if (context.Threads is int threads && TorchThreads.Check(threads, "RunContext.Threads") is string problem)
            throw new ArgumentOutOfRangeException(nameof(context), threads, problem);
        guard = new DivergenceGuard(control.LossGrowthLimit);
        resume = control.Resume;
        if (resume is not null && resume.Manifest.Experiment != Experiment)
            throw new CheckpointException($"the checkpoint is of experiment {resume.Manifest.Experiment}, not {Experiment}");
    }

    /// <summary>End of <see cref="BeginTask"/>: a fresh guard reference, or the stopped task's state when resuming within it.</summary>
    private void TaskBegun(ContinualTask task)
    {
        if (resume is not null && !restored)
            throw new InvalidOperationException("This loop cannot resume a checkpoint: it does not take its tasks from run.Remaining(tasks).");
        optimizer = null;
        optimizerTask = -1;
        taskSecondsBefore = 0;
        if (resumePosition is { } position && position.Task == task.Index)
        {
            RunProgress progress = resume!.Manifest.Progress;
            step = position.Step;
            curveSeconds = progress.CurveSeconds;
            taskSecondsBefore = progress.TaskSeconds;
            guard.ResumeTask(position.LossReference);
        }
        else
        {
            guard.StartTask();
        }
    }

    /// <summary>In <see cref="StepDone"/>, before the loss is recorded: stops the task when it diverged.</summary>
    private void CheckLoss(ContinualTask task, int epoch, double loss)
    {
        if (guard.Check(loss) is not string problem)
            return;
        string cause = LikelyCause(loss);
        int finished = accuracy?.CompletedRows ?? 0;
        string kept = lastCheckpoint is null
            ? $"{Counts.Of(finished, "finished task")} kept"
            : $"{Counts.Of(finished, "finished task")} kept in the checkpoint {lastCheckpoint}";
        string message = Invariant(
            $"Training diverged in task {task.Index + 1}/{TaskCount} ({task.Name}), epoch {epoch + 1}, step {step} of {stepsThisTask}: {problem}. Likely cause: {cause}. The task was stopped; {kept}.");
        throw new TrainingDivergedException(message, Finish(), task.Index, epoch, step, loss, cause, lastCheckpoint);
    }

    /// <summary>End of <see cref="StepDone"/>: a requested stop writes a checkpoint within the task and stops the run.</summary>
    private void AfterStep(ContinualTask task, int epoch)
    {
        if (!control.Stop.IsCancellationRequested)
            return;
        bool within = batchesTask == task.Index && batchesEpoch == epoch && optimizerTask == task.Index && optimizer is not null;
        string? written = null;
        if (control.CheckpointDirectory is not null && within)
        {
            written = WriteCheckpoint("stopped", new CheckpointPosition(task.Index, epoch, batchesDone, step, guard.Reference));
        }

        string where = Invariant($"task {task.Index + 1}/{TaskCount} ({task.Name}), epoch {epoch + 1}, step {step} of {stepsThisTask}");
        string saved = (written ?? lastCheckpoint) switch
        {
            null => "no checkpoint is kept (RunControl.CheckpointDirectory is not set)",
            _ when written is not null => $"checkpoint written to {written} ({Counts.Of(accuracy?.CompletedRows ?? 0, "finished task")} and this task up to step {step}); resuming continues with step {step + 1}",
            _ => $"the checkpoint {lastCheckpoint} holds {Counts.Of(accuracy?.CompletedRows ?? 0, "finished task")}; resuming restarts this task (its loop cannot be resumed part-way)",
        };
        throw new RunInterruptedException($"Stopped as asked in {where}: {saved}.", Finish(), task.Index, epoch, step, written ?? lastCheckpoint, written is not null);
    }

    /// <summary>End of <see cref="EvaluateAll"/>: the task-boundary checkpoint, then a requested stop if tasks remain.</summary>
    private void TaskFinished(ContinualTask task, int tasks)
    {
        resumePosition = null;
        bool more = task.Index + 1 < tasks;
        if (control.CheckpointDirectory is not null && more)
            WriteCheckpoint("task finished", position: null);
        if (more && control.Stop.IsCancellationRequested)
        {
            string saved = lastCheckpoint is null
                ? "no checkpoint is kept (RunControl.CheckpointDirectory is not set)"
                : $"checkpoint written to {lastCheckpoint}; resuming starts task {task.Index + 2}";
            throw new RunInterruptedException(Invariant($"Stopped as asked after task {task.Index + 1}/{tasks} ({task.Name}): {saved}."),
                Finish(), task.Index, lastEpoch, step, lastCheckpoint, withinTask: false);
        }
    }

    private void DisposeControl()
    {
        epochStartGenerator?.Dispose();
        epochStartGenerator = null;
    }

    // ---- checkpoints ----

    private int TaskCount => watchedTasks?.Count ?? accuracy?.Tasks ?? 0;

    private string? WriteCheckpoint(string reason, CheckpointPosition? position)
    {
        string directory = control.CheckpointDirectory!;
        using var state = new TrainingState();
        using (var noGrad = no_grad())
        {
            if (watched is not null)
            {
                foreach ((string name, Tensor tensor) in watched.state_dict())
                    state.Set("model/" + name, tensor);
            }

            foreach ((string name, ITrainingState tracker) in tracked)
                tracker.SaveState(state.Scope("track").Scope(name));
        }

        // Within a task: the generator as it was when the epoch's permutation was drawn (it is drawn again on resume).
        if (position is not null)
        {
            state.Set("generator", epochStartGenerator!);
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
                optimizer!.save_state_dict(writer);
            state.SetBytes("optimizer", buffer.ToArray());
        }
        else
        {
            using Tensor generatorState = Generator.get_state();
            state.Set("generator", generatorState);
        }

        using (Tensor global = random.get_rng_state())
            state.Set("global-generator", global);

        var manifest = new CheckpointManifest
        {
            Experiment = Experiment,
            Spec = JsonSerializer.SerializeToElement(Spec, Spec.GetType(), Checkpoint.JsonOptions),
            Seed = Seed,
            Threads = get_num_threads(),
            DataSource = dataSource,
            WrittenUtc = DateTimeOffset.UtcNow,
            Reason = reason,
            Tasks = TaskCount,
            CompletedTasks = accuracy?.CompletedRows ?? 0,
            Position = position,
            Progress = new RunProgress
            {
                Rows = accuracy?.ToRows() ?? [],
                Metric = accuracy?.Metric ?? TaskMetric.Accuracy,
                TaskNames = position is null ? taskNames.ToArray() : taskNames.Take(taskNames.Count - 1).ToArray(),
                Timings = timings.ToArray(),
                CurvePoints = curvePoints.ToArray(),
                TaskEnds = taskEnds.ToArray(),
                Significance = significance.ToArray(),
                Masks = masks.ToArray(),
                Sparsity = sparsity.ToArray(),
                Baseline = baseline,
                BaselineSeconds = baselineSeconds,
                CurveEvery = curveEvery,
                GlobalStep = globalStep,
                LossSum = lossSum,
                LossCount = lossCount,
                LastEpoch = lastEpoch,
                CurveSeconds = position is null ? 0 : curveSeconds,
                TaskSeconds = position is null ? 0 : phase.Elapsed.TotalSeconds + taskSecondsBefore,
                StartedUtc = started,
                ElapsedSeconds = total.Elapsed.TotalSeconds + elapsedBefore,
            },
        };

        try
        {
            Checkpoint.Write(directory, manifest, state);
            lastCheckpoint = directory;
            return directory;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Training goes on: the results so far are still in memory and reach results.json if the disk recovers.
            control.Warn?.Invoke($"Could not write the checkpoint to {directory}: {error.Message}");
            return null;
        }
    }

    /// <summary>Restores the checkpoint (once, when the task loop starts); returns the index of the first task to train.</summary>
    private int Restore(IReadOnlyList<ContinualTask> tasks)
    {
        if (restored)
            throw new InvalidOperationException("Remaining can be enumerated once per run.");
        restored = true;
        if (resume is null)
            return 0;

        CheckpointManifest manifest = resume.Manifest;
        string specJson = JsonSerializer.Serialize(Spec, Spec.GetType(), Checkpoint.JsonOptions);
        if (specJson != manifest.Spec.GetRawText() && !JsonElementsEqual(JsonSerializer.SerializeToElement(Spec, Spec.GetType(), Checkpoint.JsonOptions), manifest.Spec))
            throw new CheckpointException($"the checkpoint's configuration {manifest.Spec.GetRawText()} differs from this run's {specJson}");
        if (manifest.Tasks != tasks.Count)
            throw new CheckpointException($"the checkpoint is of a {manifest.Tasks}-task run; this run has {Counts.Of(tasks.Count, "task")}");
        if (manifest.CompletedTasks >= tasks.Count)
            throw new CheckpointException("the checkpoint's run had finished every task; there is nothing to resume");

        TrainingState state = resume.State;
        using (var noGrad = no_grad())
        {
            if (watched is not null)
            {
                foreach ((string name, Tensor tensor) in watched.state_dict())
                    state.CopyTo("model/" + name, tensor);
            }

            foreach ((string name, ITrainingState tracker) in tracked)
                tracker.LoadState(state.Scope("track").Scope(name));
        }

        Generator.set_state(state.Get("generator"));
        random.set_rng_state(state.Get("global-generator"));

        RunProgress progress = manifest.Progress;
        accuracy = AccuracyMatrix.FromRows(tasks.Count, progress.Rows, progress.Metric);
        Replace(taskNames, progress.TaskNames);
        Replace(timings, progress.Timings);
        Replace(curvePoints, progress.CurvePoints);
        Replace(taskEnds, progress.TaskEnds);
        Replace(significance, progress.Significance);
        Replace(masks, progress.Masks);
        Replace(sparsity, progress.Sparsity);
        baseline = progress.Baseline?.ToArray();
        baselineSeconds = progress.BaselineSeconds;
        curveEvery = progress.CurveEvery;
        globalStep = progress.GlobalStep;
        lossSum = progress.LossSum;
        lossCount = progress.LossCount;
        lastEpoch = progress.LastEpoch;
        started = progress.StartedUtc;
        elapsedBefore = progress.ElapsedSeconds;
        resumePosition = manifest.Position;
        lastCheckpoint = control.CheckpointDirectory is not null && Checkpoint.Exists(control.CheckpointDirectory) ? control.CheckpointDirectory : null;
        return manifest.CompletedTasks;
    }

    private static void Replace<T>(List<T> list, IEnumerable<T> values)
    {
        list.Clear();
        list.AddRange(values);
    }

    private static bool JsonElementsEqual(JsonElement a, JsonElement b) => JsonElement.DeepEquals(a, b);

    // ---- divergence causes ----

    private string LikelyCause(double loss)
    {
        double? lr = SpecNumber("LearningRate");
        double? lambda = SpecNumber("EwcLambda");
        double? maxFisher = significance.Count == 0 ? null : significance.SelectMany(h => h.Parameters).Select(p => p.Max).DefaultIfEmpty(0).Max();
        if (lambda is > 0 && lr is double rate && maxFisher is > 0)
        {
            double product = lambda.Value * rate * maxFisher.Value;
            string numbers = $"lambda x learning rate x max Fisher = {N(lambda.Value)} x {N(rate)} x {N(maxFisher.Value)} = {N(product)}";
            if (product > 1)
                return $"the EWC penalty is too stiff for the step size: {numbers}, above 1 (the penalty's curvature is 2 lambda F, so past about 1 a step overshoots the anchor instead of approaching it); lower --lambda or --lr";
            return $"the learning rate {N(rate)} is too large for this model and data ({numbers} is at most 1, so the EWC penalty alone does not explain it); lower --lr";
        }

        if (lr is double learningRate)
        {
            return double.IsFinite(loss)
                ? $"the learning rate {N(learningRate)} is too large for this model and data; lower --lr"
                : $"the learning rate {N(learningRate)} is too large, or the inputs or targets hold extreme values; lower --lr";
        }

        return "a step size too large for this model and data, or extreme input values";
    }

    private double? SpecNumber(string property) =>
        Spec.GetType().GetProperty(property)?.GetValue(Spec) switch
        {
            double d => d,
            float f => f,
            int i => i,
            _ => null,
        };

    private static string N(double value) => DivergenceGuard.Number(value);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
