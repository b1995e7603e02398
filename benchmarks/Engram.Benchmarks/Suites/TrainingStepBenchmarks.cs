using BenchmarkDotNet.Attributes;
using Engram.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Benchmarks.Suites;

/// <summary>
/// One optimizer step (batch gathering, forward, cross-entropy, backward, Adam) through Engram's pieces
/// (<see cref="LabeledSet"/> batches, <see cref="Engram.Models.Mlp"/>) and through the minimal hand-written loop's
/// pieces (index_select by hand, <c>nn.Sequential</c>). The whole generated loop is timed by the <c>compare</c> command.
/// </summary>
[Config(typeof(SuiteConfig))]
public class TrainingStepBenchmarks
{
    private Workload workload = null!;
    private LabeledSet set = null!;
    private Generator generator = null!;
    private IEnumerator<Minibatch> batches = null!;
    private Engram.Models.Mlp mlp = null!;
    private nn.Module<Tensor, Tensor> sequential = null!;
    private optim.Optimizer mlpOptimizer = null!;
    private optim.Optimizer sequentialOptimizer = null!;
    private Tensor order = null!;
    private long position;

    /// <summary>Samples per step.</summary>
    [Params(64, 256)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        SuiteConfig.Initialize();
        workload = Workload.Load(null, seed: 1, tasks: 2);
        set = new LabeledSet(workload.Data.TrainImages, workload.Data.TrainLabels, workload.Permutation(1));
        generator = new Generator(1);
        batches = Batches().GetEnumerator();
        manual_seed(1);
        mlp = new Engram.Models.Mlp(784, [100, 100, 100], 10);
        sequential = HandWrittenLoop.Model();
        mlpOptimizer = optim.Adam(mlp.parameters(), lr: 1e-3);
        sequentialOptimizer = optim.Adam(sequential.parameters(), lr: 1e-3);
        order = randperm(workload.Data.TrainCount, generator: generator);
    }

    private IEnumerable<Minibatch> Batches()
    {
        while (true)
        {
            foreach (Minibatch batch in set.Shuffled(Batch, generator))
                yield return batch;
        }
    }

    [Benchmark(Baseline = true, Description = "hand-written: index_select + Sequential + Adam")]
    public void HandWritten()
    {
        using var scope = NewDisposeScope();
        long n = workload.Data.TrainCount;
        if (position + Batch > n)
            position = 0;
        Tensor index = order.narrow(0, position, Batch);
        position += Batch;
        Tensor x = workload.Data.TrainImages.index_select(0, index).index_select(1, workload.Permutation(1)!);
        sequentialOptimizer.zero_grad();
        Tensor loss = nn.functional.cross_entropy(sequential.call(x), workload.Data.TrainLabels.index_select(0, index));
        loss.backward();
        sequentialOptimizer.step();
    }

    [Benchmark(Description = "Engram: LabeledSet.Shuffled + Mlp + Adam")]
    public void Engram()
    {
        batches.MoveNext();
        Minibatch batch = batches.Current;
        using var scope = NewDisposeScope();
        mlpOptimizer.zero_grad();
        Tensor loss = nn.functional.cross_entropy(mlp.call(batch.Inputs), batch.Labels);
        loss.backward();
        mlpOptimizer.step();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        batches.Dispose();
        order.Dispose();
        mlpOptimizer.Dispose();
        sequentialOptimizer.Dispose();
        mlp.Dispose();
        sequential.Dispose();
        generator.Dispose();
        workload.Dispose();
    }
}
