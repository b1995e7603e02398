using Engram.Dsl;

namespace Engram.Samples;

/// <summary>
/// The seed's other proposed step: a layer-wise neuron mask combined with offline EWC, so the frozen units keep the old
/// tasks exactly and EWC anchors the free units that still matter to them. Measured (test MSE, tasks 0-based, ~11 s
/// with <c>--threads 1</c>): task 0 ends at 0.11 (mask alone: 0.011), R[1, 1] 0.14 and R[2, 2] 0.40; final mean 0.22
/// (mask alone 0.17). No [Expect], as <see cref="CurveNaiveThreeTasks"/>.
/// </summary>
[Experiment(Seed = 1, Description = "Layer-wise 90% neuron mask + offline EWC on 3 curve intervals.")]
[CurveRegression(Tasks = 3, From = -1.5, To = 1.5, Curve = Curve.Polynomial)]
[Mlp(100, 100, 100, Activation = Activation.Sigmoid)]
[Adam(LearningRate = 1e-3), Training(Epochs = 3000, BatchSize = 0)]
[Ewc(Lambda = 1000)]
[FisherMask(Freeze = 0.9, Scope = MaskScope.Layerwise, Granularity = MaskGranularity.Neuron)]
public partial class CurveMaskEwc;
