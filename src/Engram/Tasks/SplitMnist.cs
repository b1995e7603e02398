using Engram.Data;
using Engram.Dsl;
using static TorchSharp.torch;

namespace Engram.Tasks;

/// <summary>
/// Split MNIST (Zenke et al. 2017) in one of the three scenarios of van de Ven &amp; Tolias 2019: task t holds the
/// digits of classes <c>[t c, (t + 1) c)</c> for c classes per task, from the train and the test set. Labels are the
/// class within the task (0 to c - 1) for Task-IL and Domain-IL, the digit itself (0 to T c - 1) for Class-IL.
/// </summary>
public sealed class SplitMnist : IDisposable
{
    private readonly List<Tensor> owned = [];

    private SplitMnist(MnistDataSet data, int tasks, int classesPerTask, Scenario scenario)
    {
        var list = new List<ContinualTask>(tasks);
        for (int t = 0; t < tasks; t++)
        {
            int first = t * classesPerTask;
            int last = first + classesPerTask - 1;
            string name = classesPerTask == 1 ? $"digit {first}" : $"digits {first}-{last}";
            long offset = scenario == Scenario.ClassIncremental ? 0 : first;
            list.Add(new ContinualTask(
                t,
                name,
                Select(data.TrainImages, data.TrainLabels, first, last, offset, "training", name),
                Select(data.TestImages, data.TestLabels, first, last, offset, "test", name)));
        }

        Tasks = list;
        Features = data.Features;
        Classes = scenario == Scenario.ClassIncremental ? tasks * classesPerTask : classesPerTask;
    }

    /// <summary>The tasks, in training order.</summary>
    public IReadOnlyList<ContinualTask> Tasks { get; }

    /// <summary>Features per sample (784).</summary>
    public int Features { get; }

    /// <summary>
    /// Outputs of a head: ClassesPerTask for Task-IL (per head) and Domain-IL, Tasks x ClassesPerTask for Class-IL.
    /// </summary>
    public int Classes { get; }

    /// <summary>Splits <paramref name="data"/> into <paramref name="tasks"/> tasks of <paramref name="classesPerTask"/> classes.</summary>
    /// <param name="data">An MNIST-layout data set; read now, not kept.</param>
    /// <param name="tasks">Number of tasks, at least 1.</param>
    /// <param name="classesPerTask">Classes per task, at least 1.</param>
    /// <param name="scenario">Task-, Domain- or Class-IL: decides the labels and <see cref="Classes"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1, or the tasks need more classes than the data set has.</exception>
    /// <exception cref="ArgumentException">A task has no training or no test sample (the data set lacks a class).</exception>
    public static SplitMnist Create(MnistDataSet data, int tasks, int classesPerTask, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classesPerTask, 1);
        if (!Enum.IsDefined(scenario))
            throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "Unknown scenario.");
        if ((long)tasks * classesPerTask > data.Classes)
            throw new ArgumentOutOfRangeException(nameof(tasks), tasks, $"{Counts.Of(tasks, "task")} of {Counts.Of(classesPerTask, "class", "classes")} need {Counts.Of((long)tasks * classesPerTask, "class", "classes")}; the data set has {data.Classes}.");
        return new SplitMnist(data, tasks, classesPerTask, scenario);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (Tensor tensor in owned)
            tensor.Dispose();
        owned.Clear();
    }

    /// <summary>The samples of classes first..last, with <paramref name="offset"/> subtracted from their labels.</summary>
    private LabeledSet Select(Tensor images, Tensor labels, int first, int last, long offset, string part, string task)
    {
        using var scope = NewDisposeScope();
        Tensor rows = labels.ge(first).logical_and(labels.le(last)).nonzero().squeeze(1);
        if (rows.shape[0] == 0)
            throw new ArgumentException($"Task '{task}' has no {part} samples: the data set has no samples of classes {first} to {last}.", nameof(labels));
        Tensor x = images.index_select(0, rows).DetachFromDisposeScope();
        Tensor y = (offset == 0 ? labels.index_select(0, rows) : labels.index_select(0, rows) - offset).DetachFromDisposeScope();
        owned.Add(x);
        owned.Add(y);
        return new LabeledSet(x, y);
    }
}
