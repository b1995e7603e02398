using Engram.Experiments;
using Engram.Samples;

namespace Engram.Samples.Tests;

/// <summary>The sample experiments run end to end through their generated <c>Run</c> methods on the embedded digits.</summary>
public class PermutedMnistRunTests
{
    [Fact]
    public void A_shortened_ewc_run_fills_the_accuracy_matrix_and_learns_each_task()
    {
        var spec = PermutedMnistEwc.Declared with { Tasks = 2, Epochs = 1 };
        var observed = new RecordingObserver();

        ExperimentResult result = PermutedMnistEwc.Run(spec, RunContext.Default with { Observer = observed });

        Assert.Equal(2, result.Accuracy.CompletedRows);
        Assert.Equal(spec, result.Spec);
        // 8,000 training digits at batch 64: 125 steps per epoch.
        Assert.Equal([125, 125], observed.Steps);
        // Well above chance (10%) on each task right after training it; untrained task 1 stays near chance.
        Assert.InRange(result.Accuracy[0, 0], 0.80, 1.0);
        Assert.InRange(result.Accuracy[1, 1], 0.80, 1.0);
        Assert.InRange(result.Accuracy[0, 1], 0.0, 0.30);
    }

    [Fact]
    public void The_same_seed_gives_the_same_matrix()
    {
        var spec = PermutedMnistNaive.Declared with { Tasks = 2, Epochs = 1 };
        ExperimentResult first = PermutedMnistNaive.Run(spec, RunContext.Default with { Threads = 1 });
        ExperimentResult second = PermutedMnistNaive.Run(spec, RunContext.Default with { Threads = 1 });
        Assert.Equal(first.Accuracy.ToRows(), second.Accuracy.ToRows());
    }

    [Fact]
    public void Ewc_keeps_more_of_the_earlier_tasks_than_fine_tuning_on_the_declared_five_tasks()
    {
        ExperimentResult naive = PermutedMnistNaive.Run(RunContext.Default);
        ExperimentResult ewc = PermutedMnistEwc.Run(RunContext.Default);

        Assert.True(ewc.Acc > naive.Acc + 0.05, $"ACC: EWC {ewc.Acc:P2}, naive {naive.Acc:P2}");
        Assert.True(ewc.Bwt > naive.Bwt + 0.10, $"BWT: EWC {ewc.Bwt:P2}, naive {naive.Bwt:P2}");
    }

    [Fact]
    public void The_catalog_lists_every_sample_once_by_name()
    {
        string[] names = Engram.Generated.ExperimentCatalog.All.Select(e => e.Name).ToArray();
        Assert.Contains("PermutedMnistNaive", names);
        Assert.Contains("PermutedMnistEwc", names);
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    private sealed class RecordingObserver : IRunObserver
    {
        public List<int> Steps { get; } = [];

        public void TaskStarted(int task, int tasks, string name, int totalSteps) => Steps.Add(0);

        public void StepCompleted(int task, int epoch, int step, double loss) => Steps[task] = step;

        public void TaskCompleted(int task, IReadOnlyList<double> accuracies, TaskTiming timing)
        {
        }
    }
}
