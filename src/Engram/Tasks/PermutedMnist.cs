using Engram.Data;
using static TorchSharp.torch;

namespace Engram.Tasks;

/// <summary>
/// Permuted MNIST (Goodfellow et al. 2013; Kirkpatrick et al. 2017): task 0 shows the digits unchanged (identity
/// permutation); task t &gt; 0 applies one fixed pixel permutation, drawn with a torch generator seeded from the
/// experiment seed and t, to every image of the train and test sets. Labels 0-9 in every task, one shared head.
/// </summary>
public sealed class PermutedMnist : IDisposable
{
    private readonly List<Tensor> permutations = [];

    private PermutedMnist(MnistDataSet data, int tasks, int seed)
    {
        var list = new List<ContinualTask>(tasks);
        for (int t = 0; t < tasks; t++)
        {
            Tensor? permutation = null;
            if (t > 0)
            {
                using var generator = new Generator(PermutationSeed(seed, t));
                permutation = randperm(data.Features, generator: generator);
                permutations.Add(permutation);
            }

            list.Add(new ContinualTask(
                t,
                t == 0 ? "identity" : $"permutation {t}",
                new LabeledSet(data.TrainImages, data.TrainLabels, permutation),
                new LabeledSet(data.TestImages, data.TestLabels, permutation)));
        }

        Tasks = list;
        Features = data.Features;
        Classes = data.Classes;
    }

    /// <summary>The tasks, in training order.</summary>
    public IReadOnlyList<ContinualTask> Tasks { get; }

    /// <summary>Features per sample (784).</summary>
    public int Features { get; }

    /// <summary>Output classes (10), shared by every task.</summary>
    public int Classes { get; }

    /// <summary>Builds <paramref name="tasks"/> permuted tasks over <paramref name="data"/> (which must outlive them).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tasks"/> is less than 1.</exception>
    public static PermutedMnist Create(MnistDataSet data, int tasks, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        return new PermutedMnist(data, tasks, seed);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (Tensor permutation in permutations)
            permutation.Dispose();
        permutations.Clear();
    }

    private static ulong PermutationSeed(int seed, int task) => unchecked((ulong)(uint)seed * 1_000_003UL + (ulong)task);
}
