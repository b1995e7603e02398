using Engram.Dsl;
using Engram.Importance;
using Engram.Models;
using Engram.Regularizers;
using Engram.Tasks;
using static TorchSharp.torch;

namespace Engram.Tests.Performance;

/// <summary>
/// At a fixed thread count a run is reproducible bit for bit: the same seed gives the same parameters after
/// training, Fisher estimation and EWC consolidation. (Across thread counts, libtorch may sum in another order, so
/// only the thread count that was recorded reproduces a run exactly.) Every random draw comes from the test's own
/// generator, and the class runs alone (it sets libtorch's global thread count), so tests running in parallel
/// cannot change what it sees.
/// </summary>
[Collection(SerialPerformanceCollection.Name)]
public class ReproducibilityTests
{
    public ReproducibilityTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Two_runs_at_the_same_thread_count_give_bit_identical_parameters()
    {
        int threads = get_num_threads();
        try
        {
            set_num_threads(2);
            float[][] first = Train(seed: 41);
            float[][] second = Train(seed: 41);
            Assert.Equal(first.Length, second.Length);
            for (int i = 0; i < first.Length; i++)
                Assert.True(first[i].AsSpan().SequenceEqual(second[i]), $"parameter {i} differs between two runs at 2 threads");
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    private static float[][] Train(int seed)
    {
        using var generator = new Generator((ulong)seed);
        using Tensor images = rand([512, 784], generator: generator);
        using Tensor labels = randint(0, 10, [512], dtype: ScalarType.Int64, generator: generator);
        using Tensor permutation = randperm(784, generator: generator);
        using var model = new Mlp(784, [100, 100, 100], 10);
        using (no_grad())
        {
            // Initial weights from the test's generator, not torch's global one (which parallel tests also draw from).
            foreach (var p in model.parameters())
            {
                using Tensor initial = (rand(p.shape, generator: generator) - 0.5) * 0.1;
                p.copy_(initial);
            }
        }

        using var ewc = new OfflineEwc(model, lambda: 100);
        foreach (LabeledSet task in new[] { new LabeledSet(images, labels), new LabeledSet(images, labels, permutation) })
        {
            using var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
            foreach (Minibatch batch in task.Shuffled(256, generator))
            {
                using var step = NewDisposeScope();
                optimizer.zero_grad();
                Tensor loss = nn.functional.cross_entropy(model.call(batch.Inputs), batch.Labels) + ewc.Penalty();
                loss.backward();
                optimizer.step();
            }

            using var scope = NewDisposeScope();
            Minibatch samples = task.Sample(300, generator);
            using ParameterImportance fisher = FisherInformation.Estimate(model, samples.Inputs, samples.Labels, FisherEstimator.Empirical, Likelihood.Categorical);
            ewc.Consolidate(fisher);
        }

        return model.parameters().Select(p => p.detach().data<float>().ToArray()).ToArray();
    }
}
