using Engram.Dsl;

namespace Engram.Samples;

/// <summary>
/// The seed's first mask claim: after the first task, a layer-wise mask from its Fisher information freezes the top 90%
/// of every layer's neurons, and the first task is kept while the second (the next interval) is learned with the free
/// 10%. Measured (test MSE, tasks 0-based, ~7 s with <c>--threads 1</c>): task 0 is kept (0.0008, then 0.019;
/// fine-tuning: 0.32) but task 1 is not learned (0.49; untrained 0.57, fine-tuning 0.0015): the output layer has one
/// neuron, and 90% of 1 rounds to 1, so the whole output layer freezes with task 0. No [Expect], as <see
/// cref="CurveNaiveThreeTasks"/>.
/// </summary>
[Experiment(Seed = 1, Description = "Layer-wise 90% neuron mask on 2 curve intervals: does task 1 survive task 2?")]
[CurveRegression(Tasks = 2, From = -1.5, To = 1.5, Curve = Curve.Polynomial)]
[Mlp(100, 100, 100, Activation = Activation.Sigmoid)]
[Adam(LearningRate = 1e-3), Training(Epochs = 3000, BatchSize = 0)]
[FisherMask(Freeze = 0.9, Scope = MaskScope.Layerwise, Granularity = MaskGranularity.Neuron)]
public partial class CurveMaskTwoTasks;
