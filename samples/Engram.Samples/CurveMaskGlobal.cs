using Engram.Dsl;

namespace Engram.Samples;

/// <summary>
/// Global vs layer-wise masks, global half: every parameter of the network ranked together by its Fisher value, the top
/// 90% frozen. The seed found that a global ranking freezes mostly the layers near the output; compare the per-layer
/// frozen fractions of the mask reports with <see cref="CurveMaskLayerwise"/>. Measured after task 0 (~10 s with
/// <c>--threads 1</c>): layers 0-3 (200, 10,100, 10,100 and 101 parameters) 99.0%, 98.1%, 81.7% and 100% frozen; final
/// mean test MSE 0.18. No [Expect], as <see cref="CurveNaiveThreeTasks"/>.
/// </summary>
[Experiment(Seed = 1, Description = "Global 90% parameter mask on 3 curve intervals: which layers does it freeze?")]
[CurveRegression(Tasks = 3, From = -1.5, To = 1.5, Curve = Curve.Polynomial)]
[Mlp(100, 100, 100, Activation = Activation.Sigmoid)]
[Adam(LearningRate = 1e-3), Training(Epochs = 3000, BatchSize = 0)]
[FisherMask(Freeze = 0.9, Scope = MaskScope.Global, Granularity = MaskGranularity.Parameter)]
public partial class CurveMaskGlobal;
