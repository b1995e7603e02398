using Engram.Dsl;

namespace Engram.Samples;

/// <summary>
/// The seed's EWC observation: as tasks accumulate, offline EWC's Fisher-weighted anchors take up more of the network
/// and it loses plasticity, so the diagonal R[i, i] (accuracy on a task right after training it) falls. <see
/// cref="PermutedMnistEwc"/> on 10 tasks. Measured (~12 s): R[i, i] = 0.91, 0.90, 0.86, 0.85, 0.81, 0.76, 0.70, 0.69,
/// 0.69, 0.56; ACC 0.63, BWT -0.15 (quick size: ACC 0.85, BWT -0.016).
/// </summary>
[Experiment(Seed = 1, Description = "Offline EWC on 10 permuted-MNIST tasks: plasticity falls as anchors accumulate.")]
[PermutedMnist(Tasks = 10)]
[Mlp(100, 100, 100)]
[Adam(LearningRate = 1e-3), Training(Epochs = 2, BatchSize = 64)]
[Ewc(Lambda = 100, FisherSamples = 1000)]
[Expect(Metric.Acc, AtLeast = 0.60)]
[Expect(Metric.Bwt, AtLeast = -0.20)]
public partial class PermutedMnistEwcManyTasks;
