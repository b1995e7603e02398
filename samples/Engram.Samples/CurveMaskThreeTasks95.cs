using Engram.Dsl;

namespace Engram.Samples;

/// <summary>
/// The seed's second mask claim, second half: old tasks survive the third task only when more than 95% of every layer's
/// neurons are frozen; <see cref="CurveMaskThreeTasks90"/> at 95%. Measured (test MSE, tasks 0-based, ~11 s with
/// <c>--threads 1</c>): task 0 ends at 0.0065 (at 90%: 0.011), and tasks 1 and 2 are learned even less (R[1, 1] 0.18,
/// R[2, 2] 0.45); final mean 0.21. No [Expect], as <see cref="CurveNaiveThreeTasks"/>.
/// </summary>
[Experiment(Seed = 1, Description = "Layer-wise 95% neuron mask on 3 curve intervals: do tasks 1-2 survive task 3?")]
[CurveRegression(Tasks = 3, From = -1.5, To = 1.5, Curve = Curve.Polynomial)]
[Mlp(100, 100, 100, Activation = Activation.Sigmoid)]
[Adam(LearningRate = 1e-3), Training(Epochs = 3000, BatchSize = 0)]
[FisherMask(Freeze = 0.95, Scope = MaskScope.Layerwise, Granularity = MaskGranularity.Neuron)]
public partial class CurveMaskThreeTasks95;
