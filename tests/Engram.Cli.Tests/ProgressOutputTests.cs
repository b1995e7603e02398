using Engram.Experiments;
using Engram.Samples;
using Spectre.Console.Testing;

namespace Engram.Cli.Tests;

/// <summary>What <c>run</c> prints while it trains (plain lines, as when redirected): step counts and time estimates.</summary>
public sealed class ProgressOutputTests : IDisposable
{
    private readonly string folder = Cli.NewFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The task-incremental split MNIST sample as the generated catalog lists it (with sizes and overrides).</summary>
    private static ExperimentDescriptor[] Split { get; } =
    [
        ExperimentDescriptor.Create("SplitMnistTaskIncremental", "Split MNIST, task-incremental", "SplitMnist", SplitMnistTaskIncremental.Declared,
            SplitMnistTaskIncremental.Claims, SplitMnistTaskIncremental.Run),
    ];

    [Fact]
    public void A_batch_size_above_the_training_set_is_one_full_batch_per_epoch_not_an_overflow()
    {
        (int exit, string output) = Cli.Run(Split, "run", "SplitMnistTaskIncremental", "--size", "quick", "--batch-size", "2147483647", "--threads", "1", "-o", folder);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("task 1/3 (digits 0-1): epoch 1 step 1/1 loss ", output);
        Assert.DoesNotContain("/0 ", output);
        Assert.DoesNotContain("-0s", output);
        Assert.DoesNotContain("0 steps", output);
    }

    [Fact]
    public void Counts_of_one_read_in_the_singular_in_the_output_and_the_report()
    {
        (int exit, string output) = Cli.Run(Split, "run", "SplitMnistTaskIncremental", "--size", "quick", "--tasks", "1", "--batch-size", "2147483647", "--threads", "1",
            "--lr", "1e-9", "-o", folder);

        // One step on one thread with a learning rate too small to learn: the single ACC claim is not met.
        Assert.Equal(ExitCodes.ClaimsNotMet, exit);
        Assert.Contains("task 1/1 (digits 0-1): training, 1 step", output);
        Assert.Contains("s (1 thread)", output);
        Assert.Contains("The claim is not met (exit code 7).", output);
        string report = File.ReadAllText(Directory.GetFiles(folder, "report.md", SearchOption.AllDirectories).Single());
        Assert.Contains(", 1 task, started", report);
        Assert.Contains("(1 libtorch thread on ", report);
        Assert.Contains("every optimizer step and at the end of each task", report);
        Assert.DoesNotMatch(@"\b1 [a-z ]*(threads|tasks|steps|claims)\b", output + report);
    }

    [Fact]
    public void The_run_eta_is_never_below_the_task_eta_and_equals_it_on_the_last_task()
    {
        // Task 0 takes 1 s a step, task 1 (the last) 3 s a step: the run's pace so far is faster than the last task's,
        // which made "eta task 27s run 10s".
        var time = new ManualTime();
        var console = new TestConsole().Width(200);
        console.Profile.Capabilities.Interactive = false;

        ProgressDisplay.Run(console, observer =>
        {
            for (int task = 0; task < 2; task++)
            {
                observer.TaskStarted(task, 2, $"t{task}", 10);
                for (int step = 1; step <= 10; step++)
                {
                    time.Advance(TimeSpan.FromSeconds(task == 0 ? 1 : 3));
                    observer.StepCompleted(task, 0, step, 0.5);
                }

                observer.TaskCompleted(task, [0.9, 0.1], new TaskTiming(1, 0, 0));
            }

            return null!;
        }, time);

        (int Task, double TaskEta, double RunEta)[] etas = System.Text.RegularExpressions.Regex
            .Matches(console.Output, @"task (\d)/2 \(t\d\): epoch 1 step \d+/10 loss 0\.5000 eta task (\d+)s run (\d+)s")
            .Select(m => (int.Parse(m.Groups[1].Value) - 1, double.Parse(m.Groups[2].Value), double.Parse(m.Groups[3].Value)))
            .ToArray();
        Assert.Equal(20, etas.Length);
        Assert.All(etas, e => Assert.True(e.RunEta >= e.TaskEta, $"eta task {e.TaskEta}s run {e.RunEta}s"));
        Assert.All(etas.Where(e => e.Task == 1), e => Assert.Equal(e.TaskEta, e.RunEta));
        Assert.Contains("task 2/2 (t1): epoch 1 step 1/10 loss 0.5000 eta task 27s run 27s", console.Output);
        // On the first task the run adds the later task at the run's pace: after 1 step, 9 s + 10 x 1 s.
        Assert.Contains("task 1/2 (t0): epoch 1 step 1/10 loss 0.5000 eta task 9s run 19s", console.Output);
    }

    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks;

        public void Advance(TimeSpan by) => ticks += by.Ticks;
    }
}
