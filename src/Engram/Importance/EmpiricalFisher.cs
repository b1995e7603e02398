using Engram.Models;
using static TorchSharp.torch;

namespace Engram.Importance;

/// <summary>
/// Empirical diagonal Fisher information (Kirkpatrick et al. 2017, eq. 2 with the observed label; Martens 2020,
/// sec. 11): <c>F_j = (1/N) sum_n (d log p(y_n | x_n, theta) / d theta_j)^2</c>, the mean of squared
/// <b>per-sample</b> gradients at the true labels. This is not the square of a minibatch-mean gradient, which is
/// near zero at an optimum.
/// </summary>
/// <remarks>
/// Batched and exact: for a linear layer <c>z = a W^T + b</c> the per-sample gradient of sample n is
/// <c>delta_n a_n^T</c> (delta_n = d log p / d z_n), so the sum of its squares over a batch is
/// <c>(delta^2)^T (a^2)</c>; for the bias it is <c>sum_n delta_n^2</c>. One forward pass and one gradient with
/// respect to the pre-activations per batch replace N backward passes. The model runs in eval mode, no parameter,
/// buffer or <c>.grad</c> changes, and the previous training mode is restored.
/// </remarks>
public static class EmpiricalFisher
{
    /// <summary>Estimates the empirical Fisher of <paramref name="model"/> on the given samples.</summary>
    /// <param name="model">The network; its parameters are left untouched.</param>
    /// <param name="inputs">Shape [N, model.Inputs], float32, N at least 1.</param>
    /// <param name="labels">Shape [N], int64 class indices in [0, model.Outputs).</param>
    /// <param name="batchSize">Samples per batched pass, at least 1; changes speed and memory, not the result (beyond float rounding).</param>
    /// <returns>Per parameter a tensor of its shape, entries &gt;= 0, in (nats per parameter unit)^2.</returns>
    /// <exception cref="ArgumentException">Shapes do not match the model or each other.</exception>
    public static ParameterImportance Estimate(Mlp model, Tensor inputs, Tensor labels, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (inputs.dim() != 2 || inputs.shape[1] != model.Inputs || inputs.shape[0] < 1)
            throw new ArgumentException($"Expected inputs of shape [N >= 1, {model.Inputs}], got [{string.Join(", ", inputs.shape)}].", nameof(inputs));
        if (labels.dim() != 1 || labels.shape[0] != inputs.shape[0])
            throw new ArgumentException($"Expected labels of shape [{inputs.shape[0]}], got [{string.Join(", ", labels.shape)}].", nameof(labels));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);

        int n = (int)inputs.shape[0];
        int layerCount = model.Layers.Count;
        var weightSums = new Tensor[layerCount];
        var biasSums = new Tensor[layerCount];
        for (int l = 0; l < layerCount; l++)
        {
            weightSums[l] = zeros_like(model.Layers[l].weight!);
            biasSums[l] = zeros_like(model.Layers[l].bias!);
        }

        bool wasTraining = model.training;
        model.eval();
        try
        {
            for (int start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int count = Math.Min(batchSize, n - start);
                Tensor x = inputs.narrow(0, start, count);
                Tensor y = labels.narrow(0, start, count);
                var trace = model.ForwardLayers(x);
                Tensor logLikelihood = nn.functional.log_softmax(trace[^1].PreActivation, 1).gather(1, y.unsqueeze(1)).sum();
                var deltas = autograd.grad([logLikelihood], trace.Select(t => t.PreActivation).ToArray());
                for (int l = 0; l < layerCount; l++)
                {
                    Tensor deltaSquared = deltas[l].square();
                    weightSums[l].add_(deltaSquared.t().matmul(trace[l].Input.detach().square()));
                    biasSums[l].add_(deltaSquared.sum(dim: 0));
                }
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        var values = new List<KeyValuePair<string, Tensor>>(2 * layerCount);
        string[] names = model.named_parameters().Select(p => p.name).ToArray();
        for (int l = 0; l < layerCount; l++)
        {
            values.Add(new(names[2 * l], weightSums[l].div_(n)));
            values.Add(new(names[2 * l + 1], biasSums[l].div_(n)));
        }

        return new ParameterImportance(values, "empirical", n);
    }
}
