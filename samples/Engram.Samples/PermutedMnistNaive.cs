using Engram.Dsl;

namespace Engram.Samples;

/// <summary>
/// The baseline every continual-learning method is measured against: plain fine-tuning on 5 permuted-MNIST tasks,
/// no regularizer. Catastrophic forgetting (McCloskey &amp; Cohen 1989) shows as a falling first column of the
/// accuracy matrix and a negative BWT.
/// </summary>
[Experiment(Seed = 1, Description = "Fine-tuning on 5 permuted-MNIST tasks, no regularizer: the forgetting baseline.")]
[PermutedMnist(Tasks = 5)]
[Mlp(100, 100, 100)]
[Adam(LearningRate = 1e-3), Training(Epochs = 2, BatchSize = 64)]
public partial class PermutedMnistNaive;
