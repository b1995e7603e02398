using Engram.Experiments;
using Engram.Tests.Performance;
using Engram.Training;

namespace Engram.Tests.Reliability;

/// <summary>
/// A diverging task is stopped with a message naming task, epoch, step and the likely cause; the finished tasks'
/// results are kept (in the exception and in the last task-boundary checkpoint).
/// </summary>
[Collection(SerialPerformanceCollection.Name)]
public sealed class DivergenceTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "engram-diverge-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void A_huge_ewc_lambda_stops_task_two_naming_lambda_learning_rate_and_max_fisher()
    {
        string checkpoint = Path.Combine(folder, "checkpoint");
        var context = new RunContext { Threads = 1, Control = new RunControl { CheckpointDirectory = checkpoint } };

        var error = Assert.Throws<TrainingDivergedException>(() => HandLoop.Run(HandLoop.Small with { EwcLambda = 1e12 }, context));

        Assert.Equal(1, error.Task);
        Assert.Equal(0, error.Epoch);
        Assert.InRange(error.Step, 2, 5); // step 1 is at the anchor (penalty 0); the first move makes it ~1e7
        Assert.StartsWith($"Training diverged in task 2/3 (permutation 1), epoch 1, step {error.Step} of 64: the loss is ", error.Message);
        Assert.Contains("more than 1000 x the task's first-step loss", error.Message);
        Assert.Contains("Likely cause: the EWC penalty is too stiff for the step size: lambda x learning rate x max Fisher = 1e12 x 0.001 x ", error.Message);
        Assert.Contains("lower --lambda or --lr", error.Message);
        Assert.EndsWith($"The task was stopped; 1 finished task kept in the checkpoint {checkpoint}.", error.Message);
        Assert.Equal(1, error.CompletedTasks);
        Assert.Equal(1, error.Partial!.Accuracy.CompletedRows);
        Assert.InRange(error.Partial.Accuracy[0, 0], 0.5, 1);
        Assert.Equal(checkpoint, error.Checkpoint);
        using Checkpoint saved = Checkpoint.Read(checkpoint);
        Assert.Equal(1, saved.Manifest.CompletedTasks);
    }

    [Fact]
    public void A_nan_loss_blames_the_learning_rate()
    {
        var error = Assert.Throws<TrainingDivergedException>(() =>
            HandLoop.Run(HandLoop.Small with { EwcLambda = 0, LearningRate = double.NaN }, new RunContext { Threads = 1 }));

        Assert.Equal(0, error.Task);
        Assert.Contains("the loss is NaN", error.Message);
        Assert.Contains("Likely cause: the learning rate NaN is too large, or the inputs or targets hold extreme values; lower --lr", error.Message);
        Assert.Equal(0, error.CompletedTasks);
        Assert.Null(error.Checkpoint);
    }

    [Fact]
    public void A_healthy_run_stays_far_below_the_bound()
    {
        var guard = new DivergenceGuard();
        var context = new RunContext { Threads = 1, Observer = new LossWatcher(guard) };

        HandLoop.Run(HandLoop.Small, context);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100000)]
    public void A_thread_count_outside_one_to_four_per_processor_is_refused_before_anything_runs(int threads)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => HandLoop.Run(HandLoop.Small, new RunContext { Threads = threads }));

        Assert.Contains($"RunContext.Threads is {threads}; it must be in 1..{TorchThreads.Max} (4 per logical processor, {Environment.ProcessorCount} here)", error.Message);
    }

    /// <summary>Checks every loss of a run against a guard of a hundredth of the default bound.</summary>
    private sealed class LossWatcher(DivergenceGuard guard) : IRunObserver
    {
        public void TaskStarted(int task, int tasks, string name, int totalSteps) => guard.StartTask();

        public void StepCompleted(int task, int epoch, int step, double loss)
        {
            Assert.Null(guard.Check(loss * 100));
        }

        public void TaskCompleted(int task, IReadOnlyList<double> accuracies, TaskTiming timing)
        {
        }
    }
}

public class DivergenceGuardTests
{
    [Theory]
    [InlineData(double.NaN, "the loss is NaN")]
    [InlineData(double.PositiveInfinity, "the loss is +infinity")]
    [InlineData(double.NegativeInfinity, "the loss is -infinity")]
    public void Non_finite_losses_diverge_even_at_the_first_step(double loss, string problem)
    {
        Assert.Equal(problem, new DivergenceGuard().Check(loss));
    }

    [Theory]
    [InlineData(2.376, "2.376")]
    [InlineData(34890000, "3.489e7")]
    [InlineData(1e12, "1e12")]
    [InlineData(0.001, "0.001")]
    [InlineData(1.5e-7, "1.5e-7")]
    public void Numbers_in_messages_read_as_people_write_them(double value, string text)
    {
        Assert.Equal(text, DivergenceGuard.Number(value));
    }

    [Fact]
    public void The_bound_is_the_growth_limit_times_the_first_loss_but_at_least_the_limit()
    {
        var guard = new DivergenceGuard(10);
        Assert.Null(guard.Check(2.5));
        Assert.Equal(25, guard.Bound);
        Assert.Null(guard.Check(25));
        Assert.Equal("the loss is 25.01, more than 10 x the task's first-step loss 2.5 (bound 25)", guard.Check(25.01));

        guard.StartTask();
        Assert.Null(guard.Check(1e-6)); // a task that starts near 0 is held to 10 x 1, not 10 x 1e-6
        Assert.Null(guard.Check(9.9));
        Assert.NotNull(guard.Check(10.5));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0.5)]
    [InlineData(double.NaN)]
    public void A_growth_limit_not_above_one_is_refused(double limit)
    {
        Assert.Throws<ArgumentOutOfRangeException>("growthLimit", () => new DivergenceGuard(limit));
    }
}

/// <summary>A checkpoint that cannot be written (full or read-only disk) is a warning: training goes on and the results are complete.</summary>
[Collection(SerialPerformanceCollection.Name)]
public sealed class CheckpointWriteFailureTests
{
    [Fact]
    public void An_unwritable_checkpoint_folder_warns_and_the_run_completes()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel"))
            return; // needs a folder nobody can write, not even root: Linux sysfs
        var warnings = new List<string>();
        var control = new RunControl { CheckpointDirectory = "/sys/kernel/engram-checkpoint", Warn = warnings.Add };

        (ExperimentResult result, _) = HandLoop.Run(HandLoop.Small, new RunContext { Threads = 1, Control = control });

        Assert.Equal(3, result.Accuracy.CompletedRows);
        Assert.Equal(2, warnings.Count); // after task 1 and task 2; none after the last
        Assert.All(warnings, w => Assert.StartsWith("Could not write the checkpoint to /sys/kernel/engram-checkpoint: ", w));
    }
}
