using System.Diagnostics;
using System.Globalization;
using Engram.Experiments;
using Spectre.Console;

namespace Engram.Cli;

/// <summary>
/// Shows a run's progress. On an interactive terminal: live Spectre bars, one for the whole run (tasks done, time
/// left) and one per task (epoch, step, loss, time left). When the output is redirected, as in CI: plain lines (task
/// start, every 10% of a task's steps with epoch, step, loss and the estimated time left for the task and the run,
/// each finished row).
/// </summary>
internal static class ProgressDisplay
{
    public static ExperimentResult Run(IAnsiConsole console, Func<IRunObserver, ExperimentResult> run)
    {
        if (!console.Profile.Capabilities.Interactive)
            return run(new PlainLines(console));

        ExperimentResult? result = null;
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => result = run(new Bars(context)));
        return result!;
    }

    private static string Row(IReadOnlyList<double> accuracies) =>
        string.Join("  ", accuracies.Select(a => a.ToString("0.000", CultureInfo.InvariantCulture)));

    /// <summary>Estimates the time left in the run from the steps done so far, assuming every task has as many steps as the current one.</summary>
    private sealed class RunClock
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private long stepsBefore;
        private int currentSteps;

        public int Tasks { get; private set; }

        public long TotalSteps => (long)Tasks * currentSteps;

        public long Done { get; private set; }

        public void TaskStarted(int task, int tasks, int totalSteps)
        {
            Tasks = tasks;
            stepsBefore = Done;
            currentSteps = totalSteps;
        }

        public void Step(int step) => Done = stepsBefore + step;

        public double SecondsLeft => Done == 0 ? double.NaN : clock.Elapsed.TotalSeconds / Done * Math.Max(0, TotalSteps - Done);
    }

    private sealed class Bars(ProgressContext context) : IRunObserver
    {
        private readonly RunClock clock = new();
        private ProgressTask? overall;
        private ProgressTask? bar;
        private string label = "";

        public void TaskStarted(int task, int tasks, string name, int totalSteps)
        {
            clock.TaskStarted(task, tasks, totalSteps);
            overall ??= context.AddTask($"run: {Counts.Of(tasks, "task")}", maxValue: Math.Max(1, clock.TotalSteps));
            overall.MaxValue = Math.Max(1, clock.TotalSteps);
            overall.Description = Markup.Escape($"run: task {task + 1} of {tasks}");
            label = $"task {task + 1}/{tasks} ({name})";
            bar = context.AddTask(Markup.Escape(label), maxValue: totalSteps);
        }

        public void StepCompleted(int task, int epoch, int step, double loss)
        {
            clock.Step(step);
            if (overall is not null)
                overall.Value = clock.Done;
            if (bar is null)
                return;
            bar.Value = step;
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

    private sealed class PlainLines(IAnsiConsole console) : IRunObserver
    {
        private readonly Stopwatch taskClock = new();
        private readonly RunClock runClock = new();
        private int totalSteps;
        private long nextReport;
        private string label = "";

        public void TaskStarted(int task, int tasks, string name, int totalSteps)
        {
            this.totalSteps = totalSteps;
            runClock.TaskStarted(task, tasks, totalSteps);
            nextReport = Math.Max(1, totalSteps / 10);
            label = $"task {task + 1}/{tasks} ({name})";
            taskClock.Restart();
            console.WriteLine($"{label}: training, {Counts.Of(totalSteps, "step")}");
        }

        public void StepCompleted(int task, int epoch, int step, double loss)
        {
            runClock.Step(step);
            if (step < nextReport)
                return;
            nextReport += Math.Max(1, totalSteps / 10);
            double left = taskClock.Elapsed.TotalSeconds / step * (totalSteps - step);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: epoch {epoch + 1} step {step}/{totalSteps} loss {loss:0.0000} eta task {left:0}s run {runClock.SecondsLeft:0}s"));
        }

        public void TaskCompleted(int task, IReadOnlyList<double> accuracies, TaskTiming timing) =>
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: done in {timing.TotalSeconds:0.0}s (train {timing.TrainSeconds:0.0}s, curves {timing.CurveSeconds:0.0}s, consolidate {timing.ConsolidateSeconds:0.0}s, evaluate {timing.EvaluateSeconds:0.0}s); R[{task},:] = {Row(accuracies)}"));
    }
}
