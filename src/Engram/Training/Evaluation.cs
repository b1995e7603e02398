using Engram.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Training;

/// <summary>Test-set evaluation of a classifier.</summary>
public static class Evaluation
{
    /// <summary>
    /// Top-1 accuracy: the fraction of samples whose arg-max logit equals the label, in [0, 1]. Runs in eval mode
    /// without gradients and restores the previous mode.
    /// </summary>
    /// <param name="model">Maps [batch, features] to logits [batch, classes].</param>
    /// <param name="samples">The samples to score.</param>
    /// <param name="batchSize">Samples per forward pass; changes memory, not the result.</param>
    /// <exception cref="ArgumentException">The set is empty, or its features do not fit an <see cref="Models.Mlp"/>'s inputs.</exception>
    public static double Accuracy(nn.Module<Tensor, Tensor> model, LabeledSet samples, int batchSize = 2000)
    {
        Check(model, samples, batchSize);
        return InEvalMode(model, () =>
        {
            long correct = 0;
            foreach (Minibatch batch in samples.InOrder(batchSize))
            {
                using Tensor predicted = model.call(batch.Inputs).argmax(1);
                using Tensor hits = predicted.eq(batch.Labels).sum();
                correct += hits.item<long>();
            }

            return (double)correct / samples.Count;
        });
    }

    /// <summary>
    /// Mean squared error <c>(1/(N k)) sum_n |f(x_n) - y_n|^2</c> over all N samples and k outputs, in the targets'
    /// units squared; &gt;= 0, lower is better. Runs in eval mode without gradients and restores the previous mode.
    /// </summary>
    /// <param name="model">Maps [batch, features] to predictions [batch, outputs].</param>
    /// <param name="samples">Samples with float32 targets of shape [N, outputs].</param>
    /// <param name="batchSize">Samples per forward pass; changes memory, not the result.</param>
    /// <exception cref="ArgumentException">The set is empty, or its features do not fit an <see cref="Models.Mlp"/>'s inputs.</exception>
    public static double MeanSquaredError(nn.Module<Tensor, Tensor> model, LabeledSet samples, int batchSize = 2000)
    {
        Check(model, samples, batchSize);
        return InEvalMode(model, () =>
        {
            double sum = 0;
            long count = 0;
            foreach (Minibatch batch in samples.InOrder(batchSize))
            {
                using Tensor squared = (model.call(batch.Inputs) - batch.Labels).square();
                sum += squared.sum().item<float>();
                count += squared.numel();
            }

            return sum / count;
        });
    }

    /// <summary>Runs <paramref name="score"/> in eval mode without gradients, then restores the model's previous mode.</summary>
    private static double InEvalMode(nn.Module<Tensor, Tensor> model, Func<double> score)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            return score();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private static void Check(nn.Module<Tensor, Tensor> model, LabeledSet samples, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (samples.Count == 0)
            throw new ArgumentException("The set has no samples; a score needs at least one.", nameof(samples));
        if (model is Models.Mlp mlp && mlp.Inputs != samples.Features)
            throw new ArgumentException($"Expected samples of shape [N, {mlp.Inputs}] (the model's inputs), got [{samples.Count}, {samples.Features}].", nameof(samples));
    }
}
