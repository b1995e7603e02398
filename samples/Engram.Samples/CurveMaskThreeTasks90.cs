using Engram.Dsl;

namespace Engram.Samples;

/// <summary>
/// The seed's second mask claim, first half: on three intervals, a layer-wise mask freezing the top 90% of every
/// layer's neurons after each task (union over tasks) does not keep the old tasks through the third. Measured (test
/// MSE, tasks 0-based, ~9 s with <c>--threads 1</c>): the old tasks are kept (task 0: 0.0006, 0.011, 0.011) but the new
/// ones are barely learned (R[1, 1] 0.14, R[2, 2] 0.37), for the reason given in <see cref="CurveMaskTwoTasks"/>; final
/// mean 0.17 (fine-tuning 0.42). No [Expect], as <see cref="CurveNaiveThreeTasks"/>.
/// </summary>
[Experiment(Seed = 1, Description = "Layer-wise 90% neuron mask on 3 curve intervals: do tasks 1-2 survive task 3?")]
[CurveRegression(Tasks = 3, From = -1.5, To = 1.5, Curve = Curve.Polynomial)]
[Mlp(100, 100, 100, Activation = Activation.Sigmoid)]
[Adam(LearningRate = 1e-3), Training(Epochs = 3000, BatchSize = 0)]
[FisherMask(Freeze = 0.9, Scope = MaskScope.Layerwise, Granularity = MaskGranularity.Neuron)]
public partial class CurveMaskThreeTasks90;
