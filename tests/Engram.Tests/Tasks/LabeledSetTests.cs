using Engram.Experiments;
using Engram.Tasks;
using Engram.Training;
using static TorchSharp.torch;

namespace Engram.Tests.Tasks;

/// <summary>
/// Minibatching at every batch size a user can type: sizes above the set's size (up to <see cref="int.MaxValue"/>)
/// mean one full batch, and no step count overflows.
/// </summary>
public sealed class LabeledSetTests : IDisposable
{
    private readonly Tensor inputs;
    private readonly Tensor labels;
    private readonly LabeledSet set;

    public LabeledSetTests()
    {
        TorchRuntime.EnsureLoaded();
        inputs = arange(30, dtype: ScalarType.Float32).reshape(10, 3);
        labels = arange(10, dtype: ScalarType.Int64);
        set = new LabeledSet(inputs, labels);
    }

    public void Dispose()
    {
        inputs.Dispose();
        labels.Dispose();
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 10)]
    [InlineData(3, 4)]
    [InlineData(9, 2)]
    [InlineData(10, 1)]
    [InlineData(11, 1)]
    [InlineData(int.MaxValue - 1, 1)]
    [InlineData(int.MaxValue, 1)]
    public void Batches_per_epoch_count_a_size_above_the_set_as_one_full_batch(int batchSize, int batches)
    {
        Assert.Equal(batches, set.BatchesPerEpoch(batchSize));
        using var generator = new Generator(1);
        Assert.Equal(batches, set.Shuffled(batchSize, generator).Count());
        if (batchSize > 0)
            Assert.Equal(batches, set.InOrder(batchSize).Count());
    }

    [Fact]
    public void A_batch_of_int_max_samples_holds_the_whole_set_once()
    {
        using var generator = new Generator(1);
        long[] shuffled = set.Shuffled(int.MaxValue, generator).Select(b => b.Labels.data<long>().ToArray()).Single();
        long[] inOrder = set.InOrder(int.MaxValue).Select(b => b.Labels.data<long>().ToArray()).Single();

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), shuffled.Order());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), inOrder);
    }

    [Fact]
    public void A_task_at_batch_size_int_max_takes_one_step_per_epoch()
    {
        var observer = new StepsObserver();
        using var run = new ContinualRun("Steps", new object(), 1, new RunContext { Observer = observer });

        run.BeginTask(new ContinualTask(0, "task", set, set), tasks: 1, epochs: 3, batchSize: int.MaxValue);

        Assert.Equal(3, observer.TotalSteps);
    }

    [Fact]
    public void A_task_of_more_steps_than_the_counters_hold_is_refused_instead_of_counting_negative_steps()
    {
        var observer = new StepsObserver();
        using var run = new ContinualRun("Steps", new object(), 1, new RunContext { Observer = observer });

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            run.BeginTask(new ContinualTask(0, "task", set, set), tasks: 1, epochs: int.MaxValue, batchSize: 1));

        Assert.Contains("would take 2147483647 epochs x 10 batches = 21474836470 optimizer steps", error.Message);
        Assert.Null(observer.TotalSteps);
    }

    private sealed class StepsObserver : IRunObserver
    {
        public int? TotalSteps { get; private set; }

        public void TaskStarted(int task, int tasks, string name, int totalSteps) => TotalSteps = totalSteps;

        public void StepCompleted(int task, int epoch, int step, double loss)
        {
        }

        public void TaskCompleted(int task, IReadOnlyList<double> accuracies, TaskTiming timing)
        {
        }
    }
}
