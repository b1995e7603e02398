using System.Diagnostics;
using System.Globalization;
using Engram.Experiments;
using Spectre.Console;

namespace Engram.Cli;

/// <summary>
/// Shows a run's progress: live bars (task, step, loss, time left) on an interactive terminal; plain lines (task
/// start, every 10% of a task's steps, each finished row) when the output is redirected, as in CI.
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
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => result = run(new Bars(context)));
        return result!;
    }

    private static string Row(IReadOnlyList<double> accuracies) =>
        string.Join("  ", accuracies.Select(a => a.ToString("0.000", CultureInfo.InvariantCulture)));

    private sealed class Bars(ProgressContext context) : IRunObserver
    {
        private ProgressTask? bar;
        private string label = "";

        public void TaskStarted(int task, int tasks, string name, int totalSteps)
        {
            label = $"task {task + 1}/{tasks} ({name})";
            bar = context.AddTask(Markup.Escape(label), maxValue: totalSteps);
        }

        public void StepCompleted(int task, int epoch, int step, double loss)
        {
            if (bar is null)
                return;
            bar.Value = step;
            if (step % 20 == 0)
                bar.Description = Markup.Escape($"{label} epoch {epoch + 1} loss {loss:0.000}");
        }

        public void TaskCompleted(int task, IReadOnlyList<double> accuracies, TaskTiming timing)
        {
            if (bar is not null)
            {
                bar.Description = Markup.Escape($"{label} {timing.TotalSeconds:0.0}s  R[{task},:] = {Row(accuracies)}");
                bar.Value = bar.MaxValue;
                bar.StopTask();
            }

            context.Refresh();
        }
    }

    private sealed class PlainLines(IAnsiConsole console) : IRunObserver
    {
        private readonly Stopwatch clock = new();
        private int totalSteps;
        private int nextReport;
        private string label = "";

        public void TaskStarted(int task, int tasks, string name, int totalSteps)
        {
            this.totalSteps = totalSteps;
            nextReport = Math.Max(1, totalSteps / 10);
            label = $"task {task + 1}/{tasks} ({name})";
            clock.Restart();
            console.WriteLine($"{label}: training, {totalSteps} steps");
        }

        public void StepCompleted(int task, int epoch, int step, double loss)
        {
            if (step < nextReport)
                return;
            nextReport += Math.Max(1, totalSteps / 10);
            double left = clock.Elapsed.TotalSeconds / step * (totalSteps - step);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: epoch {epoch + 1} step {step}/{totalSteps} loss {loss:0.0000} eta {left:0}s"));
        }

        public void TaskCompleted(int task, IReadOnlyList<double> accuracies, TaskTiming timing) =>
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: done in {timing.TotalSeconds:0.0}s (train {timing.TrainSeconds:0.0}s, consolidate {timing.ConsolidateSeconds:0.0}s, evaluate {timing.EvaluateSeconds:0.0}s); R[{task},:] = {Row(accuracies)}"));
    }
}
