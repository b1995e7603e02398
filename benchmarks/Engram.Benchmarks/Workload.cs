using Engram.Data;
using static TorchSharp.torch;

namespace Engram.Benchmarks;

/// <summary>
/// The data every benchmark reads: an MNIST-layout data set (Fashion-MNIST's 60,000 training images when installed,
/// else the 8,000 embedded digits) and the permutations of permuted-MNIST task t, drawn exactly as
/// <see cref="Engram.Tasks.PermutedMnist"/> draws them, so the hand-written loop and the PyTorch peer train the same
/// tasks as the generated loop.
/// </summary>
public sealed class Workload : IDisposable
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> installs the data.</summary>
    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    private readonly List<Tensor> permutations = [];

    private Workload(MnistDataSet data, string directory, int seed, int tasks)
    {
        Data = data;
        Directory = directory;
        for (int t = 1; t < tasks; t++)
        {
            using var generator = new Generator(PermutationSeed(seed, t));
            permutations.Add(randperm(data.Features, generator: generator).DetachFromDisposeScope());
        }
    }

    /// <summary>The loaded data set.</summary>
    public MnistDataSet Data { get; }

    /// <summary>Directory of the IDX files (also read by the peer).</summary>
    public string Directory { get; }

    /// <summary>The data directory the benchmarks use by default: Fashion-MNIST when installed, else the embedded digits.</summary>
    public static string DefaultDirectory =>
        System.IO.Directory.Exists(FashionMnistDirectory) ? FashionMnistDirectory : MnistDataSet.EmbeddedDirectory;

    /// <summary>Loads the data and draws the permutations of tasks 1..tasks-1 for <paramref name="seed"/>.</summary>
    public static Workload Load(string? directory, int seed, int tasks)
    {
        directory ??= DefaultDirectory;
        return new Workload(MnistDataSet.Load(directory), directory, seed, tasks);
    }

    /// <summary>Task <paramref name="task"/>'s pixel permutation, or null for task 0 (the identity).</summary>
    public Tensor? Permutation(int task) => task == 0 ? null : permutations[task - 1];

    /// <summary>Writes the T x 784 permutation table (int64 little-endian, identity in row 0) for the peer.</summary>
    public void WritePermutations(string path)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        for (int j = 0; j < Data.Features; j++)
            writer.Write((long)j);
        foreach (Tensor permutation in permutations)
        {
            foreach (long value in permutation.data<long>())
                writer.Write(value);
        }
    }

    /// <summary>The number of tasks whose permutations were drawn.</summary>
    public int Tasks => permutations.Count + 1;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (Tensor permutation in permutations)
            permutation.Dispose();
        Data.Dispose();
    }

    // Mirrors Engram.Tasks.PermutedMnist's private seed rule (checked by the comparison: the generated loop's task 1
    // and the hand-written one's reach the same accuracy only if they train on the same permutation).
    private static ulong PermutationSeed(int seed, int task) => unchecked((ulong)(uint)seed * 1_000_003UL + (ulong)task);
}
