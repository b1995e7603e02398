using Engram.Models;
using static TorchSharp.torch;

namespace Engram.Benchmarks;

/// <summary>
/// The empirical Fisher the slow, obvious way, which the batched estimator is measured against: for every sample one
/// forward pass, one backward pass of <c>log p(y_n | x_n)</c>, and the squared gradient added to a running sum.
/// </summary>
public static class PerSampleFisher
{
    /// <summary>Mean over samples of the squared per-sample gradient of the log-likelihood at the true label, per parameter (model order).</summary>
    public static Tensor[] Estimate(Mlp model, Tensor inputs, Tensor labels)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            var parameters = model.parameters().ToArray();
            var sums = parameters.Select(p => zeros_like(p, requires_grad: false)).ToArray();
            long n = inputs.shape[0];
            for (long i = 0; i < n; i++)
            {
                using var scope = NewDisposeScope();
                Tensor logLikelihood = nn.functional.log_softmax(model.call(inputs.narrow(0, i, 1)), 1)[0, labels[i]];
                var gradients = autograd.grad([logLikelihood], parameters);
                for (int p = 0; p < parameters.Length; p++)
                    sums[p].add_(gradients[p].square());
            }

            foreach (Tensor sum in sums)
                sum.div_(n);
            return sums;
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
