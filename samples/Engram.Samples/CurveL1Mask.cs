using Engram.Dsl;

namespace Engram.Samples;

/// <summary>
/// The seed's proposed next step (cf. CLNP, Golkar et al. 2019): an L1 penalty on the weights makes few neurons carry
/// each task, so a layer-wise neuron mask can freeze those few and leave the rest free for the next interval. Measured
/// (tasks 0-based, ~15 s with <c>--threads 1</c>): the penalty sparsifies (final near-zero weights 11%, 62%, 71% in
/// hidden layers 0-2; 38 of layer 2's neurons dead) and task 0 is kept (0.0010, then 0.0088), but tasks 1 and 2 are not
/// learned (R[1, 1] 0.33, R[2, 2] 0.54): the mask picks the same neurons after every task and the output neuron is
/// frozen. No [Expect], as <see cref="CurveNaiveThreeTasks"/>.
/// </summary>
[Experiment(Seed = 1, Description = "L1 sparsity + layer-wise 90% neuron mask on 3 curve intervals.")]
[CurveRegression(Tasks = 3, From = -1.5, To = 1.5, Curve = Curve.Polynomial)]
[Mlp(100, 100, 100, Activation = Activation.Sigmoid)]
[Adam(LearningRate = 1e-3), Training(Epochs = 3000, BatchSize = 0)]
[L1(Strength = 1e-5)]
[FisherMask(Freeze = 0.9, Scope = MaskScope.Layerwise, Granularity = MaskGranularity.Neuron)]
public partial class CurveL1Mask;
