using Engram.Dsl;

namespace Engram.Samples;

/// <summary>
/// The baseline every continual-learning method is measured against: plain fine-tuning on 5 permuted-MNIST tasks,
/// no regularizer. Catastrophic forgetting (McCloskey &amp; Cohen 1989) shows as a falling first column of the
/// accuracy matrix and a negative BWT. Measured on the embedded digits: ACC 0.70, BWT -0.26 at the declared size
/// (5 tasks, 2 epochs); ACC 0.80, BWT -0.12 at the quick size (3 tasks, 1 epoch). The claims say it learns each task
/// and forgets the earlier ones.
/// </summary>
[Experiment(Seed = 1, Description = "Fine-tuning on 5 permuted-MNIST tasks, no regularizer: the forgetting baseline.")]
[PermutedMnist(Tasks = 5)]
[Mlp(100, 100, 100)]
[Adam(LearningRate = 1e-3), Training(Epochs = 2, BatchSize = 64)]
[Expect(Metric.Acc, AtLeast = 0.60)]
[Expect(Metric.Bwt, AtMost = -0.05)]
public partial class PermutedMnistNaive;
