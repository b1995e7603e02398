using Engram.Dsl;
using Engram.Models;
using Engram.Tasks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Engram.Importance;

/// <summary>
/// Diagonal Fisher information of an <see cref="Mlp"/> by any <see cref="FisherEstimator"/>. The model runs in eval
/// mode; no parameter, buffer or <c>.grad</c> changes, and the previous training mode is restored.
/// </summary>
/// <remarks>
/// The per-sample estimators (empirical, sampled, exact) are batched and exact. Every one of them is a weighted sum of
/// squared per-sample gradients of the form <c>g_n = J_n^T u_n</c>, where <c>u_n</c> is a vector on the output
/// (for the categorical log-likelihood of label c: <c>onehot(c) - softmax(z_n)</c>; for the Gaussian one of target y:
/// <c>y - f(x_n)</c>). One backward pass with <c>u</c> as the output gradient gives every layer's per-sample
/// pre-activation gradient <c>delta_n</c>; for a linear layer <c>z = a W^T + b</c> the per-sample weight gradient is
/// <c>delta_n a_n^T</c>, so <c>sum_n w_n (delta_n a_n^T)^2 = (w * delta^2)^T (a^2)</c> and the bias term is
/// <c>sum_n w_n delta_n^2</c>: one matrix product per layer instead of N backward passes.
/// </remarks>
public static class FisherInformation
{
    /// <summary>Estimates the diagonal Fisher information of <paramref name="model"/> on the given samples.</summary>
    /// <param name="model">The network; left unchanged.</param>
    /// <param name="inputs">Shape [N, model.Inputs], float32, N at least 1.</param>
    /// <param name="targets">
    /// <see cref="Likelihood.Categorical"/>: shape [N], int64 class indices in [0, model.Outputs).
    /// <see cref="Likelihood.Gaussian"/>: shape [N, model.Outputs], float32.
    /// </param>
    /// <param name="estimator">Which estimate (see <see cref="FisherEstimator"/>).</param>
    /// <param name="likelihood">The model's predictive distribution.</param>
    /// <param name="generator">Random source of <see cref="FisherEstimator.Sampled"/>; unused by the others.</param>
    /// <param name="batchSize">
    /// Samples per batched pass, at least 1. For the per-sample estimators it changes only speed and memory; for
    /// <see cref="FisherEstimator.Minibatch"/> it is the minibatch size of the estimate (Avalanche uses the training
    /// batch size).
    /// </param>
    /// <returns>Per parameter a tensor of its shape with entries &gt;= 0.</returns>
    /// <exception cref="ArgumentException">Shapes do not match the model or each other.</exception>
    public static ParameterImportance Estimate(
        Mlp model, Tensor inputs, Tensor targets, FisherEstimator estimator, Likelihood likelihood, Generator? generator = null, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        ValidateShapes(model, inputs, targets, likelihood);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);

        bool wasTraining = model.training;
        model.eval();
        try
        {
            return estimator switch
            {
                FisherEstimator.Empirical or FisherEstimator.Sampled or FisherEstimator.Exact =>
                    PerSample(model, inputs, targets, estimator, likelihood, generator, batchSize),
                FisherEstimator.Minibatch => SquaredBatchGradients(model, inputs, targets, likelihood, batchSize, "minibatch"),
                FisherEstimator.SquaredMeanGradient => SquaredBatchGradients(model, inputs, targets, likelihood, (int)inputs.shape[0], "squared mean gradient"),
                _ => throw new ArgumentOutOfRangeException(nameof(estimator), estimator, "Unknown Fisher estimator."),
            };
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private static ParameterImportance PerSample(
        Mlp model, Tensor inputs, Tensor targets, FisherEstimator estimator, Likelihood likelihood, Generator? generator, int batchSize)
    {
        if (estimator == FisherEstimator.Sampled && generator is null)
            throw new ArgumentNullException(nameof(generator), "The sampled Fisher draws labels and needs a generator.");

        int n = (int)inputs.shape[0];
        var weightSums = model.Layers.Select(l => zeros_like(l.weight!)).ToArray();
        var biasSums = model.Layers.Select(l => zeros_like(l.bias!)).ToArray();

        foreach ((int start, int count) in BatchRanges.Of(n, batchSize))
        {
            using var scope = NewDisposeScope();
            Tensor x = inputs.narrow(0, start, count);
            Tensor y = targets.narrow(0, start, count);
            var trace = model.ForwardLayers(x);
            Tensor output = trace[^1].PreActivation;
            Tensor[] preActivations = trace.Select(t => t.PreActivation).ToArray();
            Tensor[] layerInputsSquared = trace.Select(t => t.Input.detach().square()).ToArray();

            foreach (var (outputGradient, weight) in OutputGradients(output.detach(), y, estimator, likelihood, generator))
            {
                var deltas = autograd.grad([output], preActivations, [outputGradient], retain_graph: true);
                for (int i = 0; i < trace.Count; i++)
                {
                    Tensor deltaSquared = deltas[i].square();
                    if (weight is not null)
                        deltaSquared = deltaSquared * weight.unsqueeze(1);
                    int l = trace[i].Layer;
                    weightSums[l].add_(deltaSquared.t().matmul(layerInputsSquared[i]));
                    biasSums[l].add_(deltaSquared.sum(dim: 0));
                }
            }
        }

        return Collect(model, weightSums, biasSums, n, estimator.ToString().ToLowerInvariant());
    }

    /// <summary>
    /// The output vectors u (one per term of the estimator) with an optional per-sample weight w, such that the
    /// estimator is sum over terms of sum_n w_n (J_n^T u_n)^2.
    /// </summary>
    private static IEnumerable<(Tensor OutputGradient, Tensor? Weight)> OutputGradients(
        Tensor output, Tensor targets, FisherEstimator estimator, Likelihood likelihood, Generator? generator)
    {
        if (likelihood == Likelihood.Categorical)
        {
            Tensor probabilities = nn.functional.softmax(output, 1);
            int classes = (int)output.shape[1];
            switch (estimator)
            {
                case FisherEstimator.Empirical:
                    yield return (nn.functional.one_hot(targets, classes).to_type(output.dtype) - probabilities, null);
                    break;
                case FisherEstimator.Sampled:
                    Tensor drawn = multinomial(probabilities, 1, replacement: true, generator: generator).squeeze(1);
                    yield return (nn.functional.one_hot(drawn, classes).to_type(output.dtype) - probabilities, null);
                    break;
                default:
                    for (int c = 0; c < classes; c++)
                    {
                        Tensor onehot = zeros_like(output);
                        onehot[TensorIndex.Colon, c] = 1;
                        yield return (onehot - probabilities, probabilities[TensorIndex.Colon, c]);
                    }

                    break;
            }
        }
        else
        {
            switch (estimator)
            {
                case FisherEstimator.Empirical:
                    yield return (targets - output, null);
                    break;
                case FisherEstimator.Sampled:
                    yield return (randn(output.shape, generator: generator), null);
                    break;
                default:
                    for (int k = 0; k < output.shape[1]; k++)
                    {
                        Tensor unit = zeros_like(output);
                        unit[TensorIndex.Colon, k] = 1;
                        yield return (unit, null);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Mean over batches of the squared gradient of each batch's mean log-likelihood. Parameters off the active path
    /// (the other heads of a multi-head model) do not affect the likelihood: their entries are 0.
    /// </summary>
    private static ParameterImportance SquaredBatchGradients(Mlp model, Tensor inputs, Tensor targets, Likelihood likelihood, int batchSize, string name)
    {
        int n = (int)inputs.shape[0];
        Parameter[] all = model.parameters().ToArray();
        var sums = all.Select(p => zeros_like(p)).ToArray();
        int[] onPath = model.ActivePath.SelectMany(l => new[] { 2 * l, 2 * l + 1 }).ToArray(); // weight, bias
        var parameters = onPath.Select(i => all[i]).ToArray();
        int batches = 0;
        foreach ((int start, int count) in BatchRanges.Of(n, batchSize))
        {
            using var scope = NewDisposeScope();
            Tensor output = model.call(inputs.narrow(0, start, count));
            Tensor y = targets.narrow(0, start, count);
            Tensor meanLogLikelihood = likelihood == Likelihood.Categorical
                ? nn.functional.log_softmax(output, 1).gather(1, y.unsqueeze(1)).mean()
                : (y - output).square().sum(dim: 1).mean() * -0.5;
            var gradients = autograd.grad([meanLogLikelihood], parameters);
            for (int i = 0; i < parameters.Length; i++)
                sums[onPath[i]].add_(gradients[i].square());
            batches++;
        }

        var names = model.named_parameters().Select(p => p.name).ToArray();
        return new ParameterImportance(names.Zip(sums, (name, sum) => new KeyValuePair<string, Tensor>(name, sum.div_(batches))), name, n);
    }

    private static ParameterImportance Collect(Mlp model, Tensor[] weightSums, Tensor[] biasSums, int n, string estimator)
    {
        string[] names = model.named_parameters().Select(p => p.name).ToArray();
        var values = new List<KeyValuePair<string, Tensor>>(names.Length);
        for (int l = 0; l < weightSums.Length; l++)
        {
            values.Add(new(names[2 * l], weightSums[l].div_(n)));
            values.Add(new(names[2 * l + 1], biasSums[l].div_(n)));
        }

        return new ParameterImportance(values, estimator, n);
    }

    private static void ValidateShapes(Mlp model, Tensor inputs, Tensor targets, Likelihood likelihood)
    {
        if (inputs.dim() != 2 || inputs.shape[1] != model.Inputs || inputs.shape[0] < 1)
            throw new ArgumentException($"Expected inputs of shape [N >= 1, {model.Inputs}], got [{string.Join(", ", inputs.shape)}].", nameof(inputs));
        bool ok = likelihood == Likelihood.Categorical
            ? targets.dim() == 1 && targets.shape[0] == inputs.shape[0]
            : targets.dim() == 2 && targets.shape[0] == inputs.shape[0] && targets.shape[1] == model.Outputs;
        if (!ok)
        {
            string expected = likelihood == Likelihood.Categorical ? $"[{inputs.shape[0]}]" : $"[{inputs.shape[0]}, {model.Outputs}]";
            throw new ArgumentException($"Expected {likelihood} targets of shape {expected}, got [{string.Join(", ", targets.shape)}].", nameof(targets));
        }
    }
}
