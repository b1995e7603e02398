using System.Text.Json;
using Engram.Experiments;
using Engram.Reporting;
using Engram.Tests.Performance;
using Engram.Training;

namespace Engram.Tests.Reliability;

/// <summary>
/// A run stopped at a task boundary or part-way through a task, then resumed from its checkpoint, ends with exactly
/// the numbers of the uninterrupted run at the same seed and thread count: the same accuracy matrix, baseline,
/// learning curves and Fisher histograms, and bit-identical final parameters. (Serial: the runs set libtorch's
/// process-wide thread count and seed its global generator.)
/// </summary>
[Collection(SerialPerformanceCollection.Name)]
public sealed class ResumeTests : IDisposable
{
    private const int Threads = 1;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "engram-resume-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    private static RunContext Context(RunControl? control = null, IRunObserver? observer = null) =>
        new() { Threads = Threads, CurveEvery = 10, Control = control, Observer = observer ?? NullRunObserver.Instance };

    [Theory]
    [InlineData(0, 0)]   // after task 0 finished (a task boundary)
    [InlineData(1, 40)]  // in task 1, second epoch (32 batches per epoch), step 40
    [InlineData(2, 32)]  // in the last task, at the last batch of its first epoch
    [InlineData(1, 64)]  // after the last step of task 1, before its Fisher estimate
    public void A_run_stopped_and_resumed_ends_exactly_as_the_uninterrupted_run(int task, int step)
    {
        (ExperimentResult expected, float[][] expectedParameters) = HandLoop.Run(HandLoop.Small, Context());

        string checkpoint = Path.Combine(folder, "checkpoint");
        using var stop = new CancellationTokenSource();
        var stopped = Assert.Throws<RunInterruptedException>(() =>
            HandLoop.Run(HandLoop.Small, Context(new RunControl { CheckpointDirectory = checkpoint, Stop = stop.Token }, new StopAt(stop, task, step))));

        Assert.Equal(checkpoint, stopped.Checkpoint);
        Assert.Equal(task, stopped.Task);
        Assert.Equal(step > 0, stopped.WithinTask);
        Assert.Equal(step == 0 ? task + 1 : task, stopped.CompletedTasks);
        Assert.Equal(stopped.CompletedTasks, stopped.Partial!.Accuracy.CompletedRows);

        using Checkpoint saved = Checkpoint.Read(checkpoint);
        Assert.Equal(stopped.CompletedTasks, saved.Manifest.CompletedTasks);
        (ExperimentResult resumed, float[][] resumedParameters) = HandLoop.Run(HandLoop.Small,
            Context(new RunControl { CheckpointDirectory = checkpoint, Resume = saved }));

        AssertSameNumbers(expected, resumed);
        Assert.Equal(expectedParameters.Length, resumedParameters.Length);
        for (int i = 0; i < expectedParameters.Length; i++)
            Assert.True(expectedParameters[i].AsSpan().SequenceEqual(resumedParameters[i]), $"parameter {i} differs after resuming");
        Assert.Equal(stopped.Partial.StartedUtc, resumed.StartedUtc); // the run started when the stopped process started it
    }

    [Fact]
    public void A_run_stopped_twice_resumes_twice_to_the_same_numbers()
    {
        (ExperimentResult expected, _) = HandLoop.Run(HandLoop.Small, Context());
        string checkpoint = Path.Combine(folder, "checkpoint");

        using (var stop = new CancellationTokenSource())
        {
            Assert.Throws<RunInterruptedException>(() =>
                HandLoop.Run(HandLoop.Small, Context(new RunControl { CheckpointDirectory = checkpoint, Stop = stop.Token }, new StopAt(stop, 0, 20))));
        }

        using (var stop = new CancellationTokenSource())
        using (Checkpoint first = Checkpoint.Read(checkpoint))
        {
            Assert.Throws<RunInterruptedException>(() =>
                HandLoop.Run(HandLoop.Small, Context(new RunControl { CheckpointDirectory = checkpoint, Resume = first, Stop = stop.Token }, new StopAt(stop, 1, 50))));
        }

        using Checkpoint second = Checkpoint.Read(checkpoint);
        Assert.Equal(1, second.Manifest.CompletedTasks);
        Assert.Equal(50, second.Manifest.Position!.Step);
        (ExperimentResult resumed, _) = HandLoop.Run(HandLoop.Small, Context(new RunControl { CheckpointDirectory = checkpoint, Resume = second }));

        AssertSameNumbers(expected, resumed);
    }

    [Fact]
    public void A_checkpoint_is_written_after_every_task_but_the_last()
    {
        string checkpoint = Path.Combine(folder, "checkpoint");
        var seen = new List<int>();
        var observer = new CheckpointWatcher(checkpoint, seen);

        HandLoop.Run(HandLoop.Small, Context(new RunControl { CheckpointDirectory = checkpoint }, observer));

        // Read when task t+1 starts: the checkpoint then holds t+1 finished tasks.
        Assert.Equal([1, 2], seen);
        Assert.Single(Directory.GetFiles(checkpoint, "state-*.bin"));
    }

    [Fact]
    public void A_checkpoint_of_another_configuration_is_refused()
    {
        string checkpoint = Path.Combine(folder, "checkpoint");
        using (var stop = new CancellationTokenSource())
        {
            Assert.Throws<RunInterruptedException>(() =>
                HandLoop.Run(HandLoop.Small, Context(new RunControl { CheckpointDirectory = checkpoint, Stop = stop.Token }, new StopAt(stop, 0, 0))));
        }

        using Checkpoint saved = Checkpoint.Read(checkpoint);
        var error = Assert.Throws<CheckpointException>(() =>
            HandLoop.Run(HandLoop.Small with { EwcLambda = 400 }, Context(new RunControl { Resume = saved })));
        Assert.Contains("differs from this run's", error.Message);
    }

    /// <summary>Everything a run measured except wall times.</summary>
    private static void AssertSameNumbers(ExperimentResult expected, ExperimentResult actual)
    {
        Assert.Equal(expected.Accuracy.ToRows(), actual.Accuracy.ToRows());
        Assert.Equal(expected.BaselineAccuracy, actual.BaselineAccuracy);
        Assert.Equal(expected.TaskNames, actual.TaskNames);
        Assert.Equal(Json(expected.Curves), Json(actual.Curves));
        Assert.Equal(Json(expected.Significance), Json(actual.Significance));
        Assert.Equal(expected.Metrics.Acc, actual.Metrics.Acc);
        Assert.Equal(expected.Metrics.Bwt, actual.Metrics.Bwt);
        Assert.Equal(expected.Timings.Count, actual.Timings.Count);
        Assert.Equal(expected.Threads, actual.Threads);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, ResultsFile.Options);

    private sealed class CheckpointWatcher(string directory, List<int> seen) : IRunObserver
    {
        public void TaskStarted(int task, int tasks, string name, int totalSteps)
        {
            if (task > 0)
            {
                using Checkpoint checkpoint = Checkpoint.Read(directory);
                seen.Add(checkpoint.Manifest.CompletedTasks);
                Assert.Null(checkpoint.Manifest.Position);
            }
        }

        public void StepCompleted(int task, int epoch, int step, double loss)
        {
        }

        public void TaskCompleted(int task, IReadOnlyList<double> accuracies, TaskTiming timing)
        {
        }
    }
}
