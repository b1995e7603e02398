using Engram.Data;
using Engram.Dsl;
using Engram.Importance;
using Engram.Models;
using Engram.Tasks;
using static TorchSharp.torch;

namespace Engram.Tests.Importance;

/// <summary>Every estimator against its definition computed the slow way, one backward pass at a time.</summary>
public class FisherEstimatorTests
{
    public FisherEstimatorTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Exact_equals_the_probability_weighted_sum_over_classes_of_squared_per_sample_gradients()
    {
        manual_seed(5);
        using var model = new Mlp(6, [8], 4, Activation.Tanh);
        using var inputs = randn(12, 6);
        using var labels = zeros(12, dtype: ScalarType.Int64);

        using var exact = FisherInformation.Estimate(model, inputs, labels, FisherEstimator.Exact, Likelihood.Categorical);
        var reference = Reference(model, parameterCount: 4, (i, add) =>
        {
            using var logp = nn.functional.log_softmax(model.call(inputs[i].unsqueeze(0)), 1);
            for (int c = 0; c < 4; c++)
            {
                double p = Math.Exp(logp[0, c].item<float>());
                add(() => model.call(inputs[i].unsqueeze(0)).log_softmax(1)[0, c], p);
            }
        }, samples: 12);

        AssertClose(exact, reference, "exact");
    }

    [Fact]
    public void Gaussian_empirical_equals_the_loop_over_squared_residual_gradients()
    {
        manual_seed(6);
        using var model = new Mlp(1, [10, 10], 1, Activation.Sigmoid);
        using var inputs = randn(20, 1);
        using var targets = randn(20, 1);

        using var batched = FisherInformation.Estimate(model, inputs, targets, FisherEstimator.Empirical, Likelihood.Gaussian, batchSize: 7);
        var reference = Reference(model, parameterCount: 6, (i, add) =>
            add(() => (targets[i] - model.call(inputs[i].unsqueeze(0))[0]).square().sum() * -0.5, 1.0), samples: 20);

        AssertClose(batched, reference, "gaussian empirical");
    }

    [Fact]
    public void Minibatch_is_the_mean_over_batches_of_squared_batch_mean_gradients()
    {
        manual_seed(8);
        using var model = new Mlp(5, [6], 3);
        using var inputs = randn(24, 5);
        using var labels = randint(0, 3, [24], dtype: ScalarType.Int64);

        using var minibatch = FisherInformation.Estimate(model, inputs, labels, FisherEstimator.Minibatch, Likelihood.Categorical, batchSize: 8);
        var reference = Reference(model, parameterCount: 4, (b, add) =>
            add(() => nn.functional.log_softmax(model.call(inputs.narrow(0, 8 * b, 8)), 1).gather(1, labels.narrow(0, 8 * b, 8).unsqueeze(1)).mean(), 1.0), samples: 3);

        AssertClose(minibatch, reference, "minibatch");
    }

    [Fact]
    public void The_mean_of_many_sampled_estimates_approaches_the_exact_fisher()
    {
        manual_seed(9);
        using var model = new Mlp(4, [5], 3);
        using var inputs = randn(16, 4);
        using var labels = zeros(16, dtype: ScalarType.Int64);
        using var generator = new Generator(123);

        using var exact = FisherInformation.Estimate(model, inputs, labels, FisherEstimator.Exact, Likelihood.Categorical);
        var sums = exact.Names.ToDictionary(n => n, n => zeros_like(exact[n]));
        const int draws = 400;
        for (int d = 0; d < draws; d++)
        {
            using var sampled = FisherInformation.Estimate(model, inputs, labels, FisherEstimator.Sampled, Likelihood.Categorical, generator);
            foreach (string name in exact.Names)
                sums[name].add_(sampled[name]);
        }

        double exactTotal = exact.Names.Sum(n => exact[n].sum().item<float>());
        double sampledTotal = sums.Values.Sum(t => t.sum().item<float>()) / draws;
        Assert.True(Math.Abs(sampledTotal - exactTotal) < 0.05 * exactTotal,
            $"mean sampled total {sampledTotal:E4} vs exact total {exactTotal:E4}");
    }

    [Fact]
    public void At_a_trained_optimum_the_squared_mean_gradient_is_orders_of_magnitude_below_the_empirical_fisher()
    {
        using MnistDataSet data = MnistDataSet.LoadEmbedded();
        var train = new LabeledSet(data.TrainImages, data.TrainLabels);
        manual_seed(1);
        using var model = new Mlp(784, [100, 100], 10);
        using var generator = new Generator(1);
        using (var optimizer = optim.Adam(model.parameters(), lr: 1e-3))
        {
            for (int epoch = 0; epoch < 3; epoch++)
            {
                foreach (Minibatch batch in train.Shuffled(64, generator))
                {
                    using var step = NewDisposeScope();
                    optimizer.zero_grad();
                    nn.functional.cross_entropy(model.call(batch.Inputs), batch.Labels).backward();
                    optimizer.step();
                }
            }
        }

        Minibatch sample = train.Sample(2000, generator);
        using var empirical = FisherInformation.Estimate(model, sample.Inputs, sample.Labels, FisherEstimator.Empirical, Likelihood.Categorical);
        using var squaredMean = FisherInformation.Estimate(model, sample.Inputs, sample.Labels, FisherEstimator.SquaredMeanGradient, Likelihood.Categorical);

        double empiricalTotal = empirical.Names.Sum(n => empirical[n].sum().item<float>());
        double squaredMeanTotal = squaredMean.Names.Sum(n => squaredMean[n].sum().item<float>());
        double ratio = empiricalTotal / squaredMeanTotal;
        Assert.True(ratio > 100, $"empirical total {empiricalTotal:E3}, squared-mean total {squaredMeanTotal:E3}, ratio {ratio:F1}");
        sample.Inputs.Dispose();
        sample.Labels.Dispose();
    }

    /// <summary>
    /// sum over terms of weight * (d term / d theta)^2, averaged over <paramref name="samples"/>, by one backward pass per term.
    /// </summary>
    private static Dictionary<string, Tensor> Reference(Mlp model, int parameterCount, Action<int, Action<Func<Tensor>, double>> terms, int samples)
    {
        var sums = model.named_parameters().ToDictionary(p => p.name, p => zeros_like(p.parameter));
        Assert.Equal(parameterCount, sums.Count);
        for (int i = 0; i < samples; i++)
        {
            terms(i, (term, weight) =>
            {
                using var scope = NewDisposeScope();
                var parameters = model.parameters().ToArray();
                var gradients = autograd.grad([term()], parameters);
                var names = model.named_parameters().Select(p => p.name).ToArray();
                for (int k = 0; k < parameters.Length; k++)
                    sums[names[k]].add_(gradients[k].square() * weight);
            });
        }

        foreach (Tensor sum in sums.Values)
            sum.div_(samples);
        return sums;
    }

    private static void AssertClose(ParameterImportance actual, Dictionary<string, Tensor> expected, string what)
    {
        foreach (string name in actual.Names)
        {
            double maxAbs = (actual[name] - expected[name]).abs().max().item<float>();
            double scale = expected[name].abs().max().item<float>();
            Assert.True(scale > 0, $"{what} {name}: the reference is all zero");
            Assert.True(maxAbs <= 1e-5 * scale + 1e-9, $"{what} {name}: max |batched - loop| = {maxAbs:E3} (largest entry {scale:E3})");
        }
    }
}
