using Engram.Dsl;
using Engram.Importance;
using Engram.Models;
using Engram.Regularizers;
using Engram.Tasks;
using Engram.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Tests.Performance;

/// <summary>
/// No tensor leaks: the loop body a generated Run emits (dispose scope per step; batch from
/// <see cref="LabeledSet.Shuffled"/>; cross-entropy plus the offline EWC penalty; backward; Adam) keeps TorchSharp's
/// live-tensor count constant from step to step, and Fisher, consolidation and evaluation leave nothing behind.
/// </summary>
public class TensorLeakTests
{
    public TensorLeakTests() => TorchRuntime.EnsureLoaded();

    private static long Live => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    [Fact]
    public void Live_tensor_count_is_constant_over_hundreds_of_steps_and_across_tasks()
    {
        manual_seed(31);
        using Tensor images = rand(640, 784);
        using Tensor labels = randint(0, 10, [640], dtype: ScalarType.Int64);
        using Tensor permutation = randperm(784);
        var tasks = new[] { new LabeledSet(images, labels), new LabeledSet(images, labels, permutation) };
        using var generator = new Generator(31);
        using var model = new Mlp(784, [100, 100, 100], 10);
        using var ewc = new OfflineEwc(model, lambda: 100);

        var atTaskEnd = new List<long>();
        var perStep = new List<long>();
        for (int round = 0; round < 3; round++)
        {
            foreach (LabeledSet task in tasks)
            {
                using var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
                for (int epoch = 0; epoch < 5; epoch++)
                {
                    foreach (Minibatch batch in task.Shuffled(64, generator))
                    {
                        using (NewDisposeScope())
                        {
                            optimizer.zero_grad();
                            Tensor loss = nn.functional.cross_entropy(model.call(batch.Inputs), batch.Labels) + ewc.Penalty();
                            loss.backward();
                            optimizer.step();
                            _ = loss.item<float>();
                        }

                        perStep.Add(Live);
                    }
                }

                using (NewDisposeScope())
                {
                    Minibatch samples = task.Sample(200, generator);
                    using ParameterImportance fisher = FisherInformation.Estimate(model, samples.Inputs, samples.Labels, FisherEstimator.Empirical, Likelihood.Categorical);
                    ewc.Consolidate(fisher);
                }

                foreach (LabeledSet evaluated in tasks)
                    _ = Evaluation.Accuracy(model, evaluated);
                atTaskEnd.Add(Live);
            }
        }

        // 6 tasks x 5 epochs x 10 steps = 300 steps.
        Assert.Equal(300, perStep.Count);
        // Within one task (one optimizer) every step ends with the same count; Adam's state appears at its first step.
        for (int task = 0; task < 6; task++)
        {
            var steps = perStep.Skip(50 * task + 1).Take(49).Distinct().ToArray();
            Assert.True(steps.Length == 1, $"task {task}: live tensors per step {string.Join(", ", steps)}");
        }

        // After the first consolidation the EWC state is allocated; every later task ends with the same count.
        Assert.Single(atTaskEnd.Skip(1).Distinct());
    }
}
