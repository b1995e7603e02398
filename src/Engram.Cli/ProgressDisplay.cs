using System.Globalization;
using Engram.Experiments;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Engram.Cli;

/// <summary>
/// Shows a run's progress. On an interactive terminal: live Spectre bars, one for the whole run (tasks done, time
/// left) and one per task (epoch, step, loss, time left). When the output is redirected, as in CI: plain lines (task
/// start, every 10% of a task's steps with epoch, step, loss and the estimated time left for the task and the run,
/// each finished row).
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="run"/> with an observer that shows its progress on <paramref name="console"/>.</summary>
    /// <param name="console">Where progress goes.</param>
    /// <param name="run">Starts the run with the observer it is given.</param>
    /// <param name="time">The clock of the time estimates (tests pass a manual one); the system clock by default.</param>
    public static ExperimentResult Run(IAnsiConsole console, Func<IRunObserver, ExperimentResult> run, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        if (!console.Profile.Capabilities.Interactive)
            return run(new PlainLines(console, new Eta(time)));

        ExperimentResult? result = null;
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new EtaColumn(), new SpinnerColumn())
            .Start(context => result = run(new Bars(context, new Eta(time))));
        return result!;
    }

    private static string Row(IReadOnlyList<double> accuracies) =>
        string.Join("  ", accuracies.Select(a => a.ToString("0.000", CultureInfo.InvariantCulture)));

    /// <summary>
    /// Estimates the time left in the current task and in the run. The task's estimate is its own pace (this task's
    /// steps so far); the run's is the task's estimate plus the tasks after it, each taken to have as many steps as the
    /// current one at the run's pace so far (which includes evaluations and consolidation). So the run's estimate is
    /// never below the task's, and on the last task the two are equal.
    /// </summary>
    internal sealed class Eta(TimeProvider time)
    {
        private readonly long runStarted = time.GetTimestamp();
        private long taskStarted;
        private long stepsBeforeTask;
        private int task;
        private int currentSteps;
        private long trained;
        private long trainedInTask;
        private int lastStep;

        public int Tasks { get; private set; }

        /// <summary>Steps of the run: those before this task, this task's, and as many for each later task.</summary>
        public long TotalSteps => stepsBeforeTask + (long)Math.Max(0, Tasks - task) * currentSteps;

        /// <summary>Steps of the run done so far.</summary>
        public long Done => stepsBeforeTask + lastStep;

        public void TaskStarted(int task, int tasks, int totalSteps)
        {
            stepsBeforeTask = Done;
            this.task = task;
            Tasks = tasks;
            currentSteps = totalSteps;
            lastStep = 0;
            trainedInTask = 0;
            taskStarted = time.GetTimestamp();
        }

        /// <summary>Step <paramref name="step"/> (1-based within the task) finished.</summary>
        public void Step(int step)
        {
            lastStep = step;
            trained++;
            trainedInTask++;
        }

        /// <summary>Seconds left in the current task at its pace so far (NaN before its first step).</summary>
        public double TaskSecondsLeft => trainedInTask == 0
            ? double.NaN
            : time.GetElapsedTime(taskStarted).TotalSeconds / trainedInTask * Math.Max(0, currentSteps - lastStep);

        /// <summary>Seconds left in the run: <see cref="TaskSecondsLeft"/> plus the later tasks at the run's pace (NaN before the first step).</summary>
        public double RunSecondsLeft => trained == 0
            ? double.NaN
            : TaskSecondsLeft + time.GetElapsedTime(runStarted).TotalSeconds / trained * Math.Max(0, Tasks - task - 1) * (double)currentSteps;
    }

    private sealed class Bars(ProgressContext context, Eta clock) : IRunObserver
    {
        private ProgressTask? overall;
        private ProgressTask? bar;
        private string label = "";

        public void TaskStarted(int task, int tasks, string name, int totalSteps)
        {
            clock.TaskStarted(task, tasks, totalSteps);
            overall ??= EtaColumn.Unknown(context.AddTask($"run: {Counts.Of(tasks, "task")}", maxValue: Math.Max(1, clock.TotalSteps)));
            overall.MaxValue = Math.Max(1, clock.TotalSteps);
            overall.Description = Markup.Escape($"run: task {task + 1} of {tasks}");
            label = $"task {task + 1}/{tasks} ({name})";
            bar = EtaColumn.Unknown(context.AddTask(Markup.Escape(label), maxValue: totalSteps));
        }

        public void StepCompleted(int task, int epoch, int step, double loss)
        {
            clock.Step(step);
            if (overall is not null)
            {
                overall.Value = clock.Done;
                EtaColumn.Set(overall, clock.RunSecondsLeft);
            }

            if (bar is null)
                return;
            bar.Value = step;
            EtaColumn.Set(bar, clock.TaskSecondsLeft);
            if (step % 20 == 0)
                bar.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{label} epoch {epoch + 1} step {step}/{bar.MaxValue:0} loss {loss:0.000}"));
        }

        public void TaskCompleted(int task, IReadOnlyList<double> accuracies, TaskTiming timing)
        {
            if (bar is not null)
            {
                bar.Description = Markup.Escape($"{label} {timing.TotalSeconds:0.0}s  R[{task},:] = {Row(accuracies)}");
                bar.Value = bar.MaxValue;
                bar.StopTask();
            }

            if (overall is not null && task == clock.Tasks - 1)
            {
                overall.Value = overall.MaxValue;
                overall.StopTask();
            }

            context.Refresh();
        }
    }

    /// <summary>
    /// The time left of a bar as <see cref="Eta"/> estimates it (Spectre's own column estimates each bar from its recent
    /// speed alone, so the run's bar could promise less time than the task's): hh:mm:ss, --:--:-- before the first step.
    /// </summary>
    private sealed class EtaColumn : ProgressColumn
    {
        private const string Key = "engram.eta";

        protected override bool NoWrap => true;

        public static ProgressTask Unknown(ProgressTask task)
        {
            Set(task, double.NaN);
            return task;
        }

        public static void Set(ProgressTask task, double seconds) => task.State.Update<double>(Key, _ => seconds);

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            double seconds = task.IsFinished ? 0 : task.State.Get<double>(Key);
            if (!double.IsFinite(seconds))
                return new Markup("--:--:--", new Style(Color.Blue));
            var left = TimeSpan.FromSeconds(Math.Min(Math.Max(0, seconds), TimeSpan.FromHours(99).TotalSeconds));
            return new Text($"{(int)left.TotalHours:00}:{left.Minutes:00}:{left.Seconds:00}", new Style(Color.Blue));
        }
    }

    private sealed class PlainLines(IAnsiConsole console, Eta eta) : IRunObserver
    {
        private int totalSteps;
        private long nextReport;
        private string label = "";

        public void TaskStarted(int task, int tasks, string name, int totalSteps)
        {
            this.totalSteps = totalSteps;
            eta.TaskStarted(task, tasks, totalSteps);
            nextReport = Math.Max(1, totalSteps / 10);
            label = $"task {task + 1}/{tasks} ({name})";
            console.WriteLine($"{label}: training, {Counts.Of(totalSteps, "step")}");
        }

        public void StepCompleted(int task, int epoch, int step, double loss)
        {
            eta.Step(step);
            if (step < nextReport)
                return;
            nextReport += Math.Max(1, totalSteps / 10);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: epoch {epoch + 1} step {step}/{totalSteps} loss {loss:0.0000} eta task {eta.TaskSecondsLeft:0}s run {eta.RunSecondsLeft:0}s"));
        }

        public void TaskCompleted(int task, IReadOnlyList<double> accuracies, TaskTiming timing) =>
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: done in {timing.TotalSeconds:0.0}s (train {timing.TrainSeconds:0.0}s, curves {timing.CurveSeconds:0.0}s, consolidate {timing.ConsolidateSeconds:0.0}s, evaluate {timing.EvaluateSeconds:0.0}s); R[{task},:] = {Row(accuracies)}"));
    }
}
