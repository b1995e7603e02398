using Engram.Dsl;

namespace Engram.Samples;

/// <summary>
/// The forgetting baseline of the seed's curve experiments: a sigmoid MLP (3 x 100) fits the noisy polynomial x^3 - x
/// on three adjacent intervals of [-1.5, 1.5] in turn, full batch with Adam, nothing protecting the earlier intervals.
/// Measured (test MSE, ~10 s with <c>--threads 1</c>): task 0 goes from 0.0006 to 0.32 after task 1 and 1.01
/// after task 2; final mean MSE 0.42. No [Expect]: the quick size (1 epoch = one full-batch step per task) cannot fit a
/// curve, so no claim would hold at both sizes.
/// </summary>
[Experiment(Seed = 1, Description = "Fine-tuning on 3 curve intervals, no mask: the regression forgetting baseline.")]
[CurveRegression(Tasks = 3, From = -1.5, To = 1.5, Curve = Curve.Polynomial)]
[Mlp(100, 100, 100, Activation = Activation.Sigmoid)]
[Adam(LearningRate = 1e-3), Training(Epochs = 3000, BatchSize = 0)]
public partial class CurveNaiveThreeTasks;
