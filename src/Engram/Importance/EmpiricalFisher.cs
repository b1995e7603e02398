using Engram.Dsl;
using Engram.Models;
using static TorchSharp.torch;

namespace Engram.Importance;

/// <summary>
/// Empirical diagonal Fisher information of a classifier (Kirkpatrick et al. 2017, eq. 2 with the observed label):
/// <c>F_j = (1/N) sum_n (d log p(y_n | x_n, theta) / d theta_j)^2</c>, the mean of squared <b>per-sample</b>
/// gradients at the true labels; see <see cref="FisherInformation"/> for how it is batched exactly.
/// </summary>
public static class EmpiricalFisher
{
    /// <summary>Estimates the empirical Fisher of <paramref name="model"/> on the given samples.</summary>
    /// <param name="model">The network; its parameters are left untouched.</param>
    /// <param name="inputs">Shape [N, model.Inputs], float32, N at least 1.</param>
    /// <param name="labels">Shape [N], int64 class indices in [0, model.Outputs).</param>
    /// <param name="batchSize">Samples per batched pass, at least 1; changes speed and memory, not the result (beyond float rounding).</param>
    /// <returns>Per parameter a tensor of its shape, entries &gt;= 0.</returns>
    /// <exception cref="ArgumentException">Shapes do not match the model or each other.</exception>
    public static ParameterImportance Estimate(Mlp model, Tensor inputs, Tensor labels, int batchSize = 500) =>
        FisherInformation.Estimate(model, inputs, labels, FisherEstimator.Empirical, Likelihood.Categorical, batchSize: batchSize);
}
