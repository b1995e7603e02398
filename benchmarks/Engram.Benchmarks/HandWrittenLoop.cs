using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Benchmarks;

/// <summary>
/// The minimal hand-written TorchSharp loop the generated one is measured against: an <c>nn.Sequential</c> of the same
/// layers, the data as in-memory tensors, each batch gathered by <c>index_select</c> (rows, then the task's pixel
/// permutation), one dispose scope per step, cross-entropy, backward, Adam. No bookkeeping, no progress, no loss read.
/// </summary>
public static class HandWrittenLoop
{
    /// <summary>The network 784-100-100-100-10 with ReLU (TorchSharp's default initialisation).</summary>
    public static nn.Module<Tensor, Tensor> Model() => nn.Sequential(
        nn.Linear(784, 100), nn.ReLU(),
        nn.Linear(100, 100), nn.ReLU(),
        nn.Linear(100, 100), nn.ReLU(),
        nn.Linear(100, 10));

    /// <summary>
    /// Trains task 0 (identity) for <paramref name="epochs"/> untimed, then task 1 with a fresh Adam for
    /// <paramref name="epochs"/> timed; returns the wall and CPU seconds of task 1's optimizer steps (batch gathering
    /// included).
    /// </summary>
    public static (double Wall, double Cpu) TimeSecondTask(Workload workload, int batchSize, int epochs, int seed)
    {
        manual_seed(seed);
        using var generator = new Generator((ulong)seed);
        using var model = Model();
        Train(model, workload.Data.TrainImages, workload.Data.TrainLabels, workload.Permutation(0), batchSize, epochs, generator);
        double cpu = Measure.CpuSeconds();
        var clock = Stopwatch.StartNew();
        Train(model, workload.Data.TrainImages, workload.Data.TrainLabels, workload.Permutation(1), batchSize, epochs, generator);
        return (clock.Elapsed.TotalSeconds, Measure.CpuSeconds() - cpu);
    }

    /// <summary>Epochs of shuffled minibatch Adam steps with a new optimizer.</summary>
    public static void Train(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels, Tensor? permutation, int batchSize, int epochs, Generator generator)
    {
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        model.train();
        long n = images.shape[0];
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            using Tensor order = randperm(n, generator: generator);
            for (long start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                Tensor index = order.narrow(0, start, Math.Min(batchSize, n - start));
                Tensor x = images.index_select(0, index);
                if (permutation is not null)
                    x = x.index_select(1, permutation);
                optimizer.zero_grad();
                Tensor loss = nn.functional.cross_entropy(model.call(x), labels.index_select(0, index));
                loss.backward();
                optimizer.step();
            }
        }
    }
}
