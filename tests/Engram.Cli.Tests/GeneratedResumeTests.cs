using System.Text.Json;
using Engram.Experiments;
using Engram.Reporting;
using Engram.Samples;
using Engram.Training;

namespace Engram.Cli.Tests;

/// <summary>
/// Every kind of state a generated loop carries survives a stop part-way through a task and a resume: gradient masks
/// (frozen flags and stored values), online and offline EWC, L1, full-batch curve regression and minibatch permuted
/// MNIST. Each shortened sample, stopped in its second task and resumed, ends with exactly the numbers of its
/// uninterrupted run at one thread.
/// </summary>
public sealed class GeneratedResumeTests : IDisposable
{
    private readonly string folder = Cli.NewFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public static TheoryData<string> Samples => ["CurveMaskEwc", "CurveL1Mask", "PermutedMnistOnlineEwc", "PermutedMnistMask"];

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_sample_stopped_in_its_second_task_resumes_to_the_uninterrupted_numbers(string sample)
    {
        Func<RunContext, ExperimentResult> run = sample switch
        {
            "CurveMaskEwc" => context => CurveMaskEwc.Run(CurveMaskEwc.Declared with { Tasks = 3, Epochs = 40 }, context),
            "CurveL1Mask" => context => CurveL1Mask.Run(CurveL1Mask.Declared with { Tasks = 3, Epochs = 40 }, context),
            "PermutedMnistOnlineEwc" => context => PermutedMnistOnlineEwc.Run(PermutedMnistOnlineEwc.Declared with { Tasks = 3, Epochs = 1, BatchSize = 256 }, context),
            _ => context => PermutedMnistMask.Run(PermutedMnistMask.Declared with { Tasks = 3, Epochs = 1, BatchSize = 256 }, context),
        };
        var plain = new RunContext { Threads = 1, CurveEvery = 10 };
        ExperimentResult expected = run(plain);

        string checkpoint = Path.Combine(folder, "checkpoint");
        using (var stop = new CancellationTokenSource())
        {
            var stopped = Assert.Throws<RunInterruptedException>(() => run(plain with
            {
                Control = new RunControl { CheckpointDirectory = checkpoint, Stop = stop.Token },
                Observer = new StopAt(stop, task: 1, step: 17),
            }));
            Assert.True(stopped.WithinTask);
        }

        using Checkpoint saved = Checkpoint.Read(checkpoint);
        ExperimentResult resumed = run(plain with { Control = new RunControl { CheckpointDirectory = checkpoint, Resume = saved } });

        Assert.Equal(Numbers(expected), Numbers(resumed));
    }

    /// <summary>The results file's content without wall times and machine: every number the run measured.</summary>
    private static string Numbers(ExperimentResult result)
    {
        RunRecord record = ResultsFile.FromResult(result) with { Timings = [], TotalSeconds = 0, BaselineSeconds = 0, Machine = null, StartedUtc = default };
        return JsonSerializer.Serialize(record, ResultsFile.Options);
    }

    private sealed class StopAt(CancellationTokenSource stop, int task, int step) : IRunObserver
    {
        public void TaskStarted(int task, int tasks, string name, int totalSteps)
        {
        }

        public void StepCompleted(int task, int epoch, int step, double loss)
        {
            if (task == StopTask && step == StopStep)
                stop.Cancel();
        }

        public void TaskCompleted(int task, IReadOnlyList<double> accuracies, TaskTiming timing)
        {
        }

        private int StopTask => task;

        private int StopStep => step;
    }
}
