using Engram.Dsl;

namespace Engram.Samples;

/// <summary>
/// Global vs layer-wise masks, layer-wise half: the same 90% parameter mask as <see cref="CurveMaskGlobal"/>, ranked in
/// each layer separately, so every layer freezes the same fraction (the seed's fix for the global mask). Measured
/// (tasks 0-based, ~12 s with <c>--threads 1</c>): 90.0% of every layer after task 0; task 1 is then learned (test MSE
/// 0.001) while task 0 moves from 0.0006 to 0.068, but training task 2 sends task 0 to 77.7. No [Expect], as <see
/// cref="CurveNaiveThreeTasks"/>.
/// </summary>
[Experiment(Seed = 1, Description = "Layer-wise 90% parameter mask on 3 curve intervals: the same fraction per layer.")]
[CurveRegression(Tasks = 3, From = -1.5, To = 1.5, Curve = Curve.Polynomial)]
[Mlp(100, 100, 100, Activation = Activation.Sigmoid)]
[Adam(LearningRate = 1e-3), Training(Epochs = 3000, BatchSize = 0)]
[FisherMask(Freeze = 0.9, Scope = MaskScope.Layerwise, Granularity = MaskGranularity.Parameter)]
public partial class CurveMaskLayerwise;
