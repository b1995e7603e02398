using Engram.Data;
using Engram.Dsl;
using Engram.Tasks;
using static TorchSharp.torch;

namespace Engram.Tests.Tasks;

public class SplitMnistTests
{
    public SplitMnistTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Class_incremental_tasks_hold_their_digits_with_the_digits_as_labels_and_together_every_sample()
    {
        using MnistDataSet data = MnistDataSet.LoadEmbedded();
        using var split = SplitMnist.Create(data, 5, 2, Scenario.ClassIncremental);

        Assert.Equal(["digits 0-1", "digits 2-3", "digits 4-5", "digits 6-7", "digits 8-9"], split.Tasks.Select(t => t.Name));
        Assert.Equal(10, split.Classes);
        for (int t = 0; t < 5; t++)
        {
            long[] labels = Labels(split.Tasks[t].Train);
            Assert.Equal([2L * t, 2L * t + 1], labels.Distinct().Order());
            Assert.Equal(Count(data.TrainLabels, 2 * t, 2 * t + 1), labels.Length);
            Assert.Equal(Count(data.TestLabels, 2 * t, 2 * t + 1), split.Tasks[t].Test.Count);
        }

        Assert.Equal(data.TrainCount, split.Tasks.Sum(t => t.Train.Count));
        Assert.Equal(data.TestCount, split.Tasks.Sum(t => t.Test.Count));
    }

    [Theory]
    [InlineData(Scenario.TaskIncremental)]
    [InlineData(Scenario.DomainIncremental)]
    public void Task_and_domain_incremental_labels_are_the_class_within_the_task(Scenario scenario)
    {
        using MnistDataSet data = MnistDataSet.LoadEmbedded();
        using var split = SplitMnist.Create(data, 3, 3, scenario);

        Assert.Equal(3, split.Classes);
        Assert.Equal("digits 3-5", split.Tasks[1].Name);
        long[] labels = Labels(split.Tasks[1].Test);
        Assert.Equal([0L, 1L, 2L], labels.Distinct().Order());
        // Class within the task = digit - 3: the counts per local label are the counts of digits 3, 4, 5.
        for (int c = 0; c < 3; c++)
            Assert.Equal(Count(data.TestLabels, 3 + c, 3 + c), labels.Count(l => l == c));
    }

    [Fact]
    public void The_images_of_a_task_are_the_data_sets_images_of_its_digits_in_stored_order()
    {
        using MnistDataSet data = MnistDataSet.LoadEmbedded();
        using var split = SplitMnist.Create(data, 2, 5, Scenario.DomainIncremental);
        using Tensor rows = data.TestLabels.ge(5).nonzero().squeeze(1);
        using Tensor expected = data.TestImages.index_select(0, rows);

        foreach (Minibatch batch in split.Tasks[1].Test.InOrder(split.Tasks[1].Test.Count))
            Assert.True(batch.Inputs.eq(expected).all().item<bool>());
    }

    [Fact]
    public void More_classes_than_the_data_set_has_is_refused_with_the_numbers()
    {
        using MnistDataSet data = MnistDataSet.LoadEmbedded();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SplitMnist.Create(data, 4, 3, Scenario.ClassIncremental));
        Assert.Contains("4 tasks of 3 classes need 12 classes; the data set has 10", error.Message, StringComparison.Ordinal);
    }

    private static long[] Labels(LabeledSet set)
    {
        foreach (Minibatch batch in set.InOrder(set.Count))
            return batch.Labels.data<long>().ToArray();
        return [];
    }

    private static long Count(Tensor labels, int first, int last)
    {
        using Tensor inRange = labels.ge(first).logical_and(labels.le(last));
        using Tensor sum = inRange.sum();
        return sum.item<long>();
    }
}
