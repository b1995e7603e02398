using Engram.Dsl;
using Engram.Importance;
using Engram.Models;
using static TorchSharp.torch;

namespace Engram.Tests.Importance;

public class EmpiricalFisherTests
{
    public EmpiricalFisherTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(Activation.ReLU)]
    [InlineData(Activation.Tanh)]
    public void Batched_estimate_equals_a_loop_over_per_sample_gradients(Activation activation)
    {
        manual_seed(7);
        using var model = new Mlp(12, [9, 7], 5, activation);
        using var inputs = randn(40, 12);
        using var labels = randint(0, 5, [40], dtype: ScalarType.Int64);

        using ParameterImportance batched = FisherInformation.Estimate(model, inputs, labels, FisherEstimator.Empirical, Likelihood.Categorical, batchSize: 16);
        Dictionary<string, Tensor> reference = PerSampleLoop(model, inputs, labels);

        foreach (string name in batched.Names)
        {
            double maxAbs = (batched[name] - reference[name]).abs().max().item<float>();
            double scale = reference[name].abs().max().item<float>();
            Assert.True(maxAbs <= 1e-5 * Math.Max(scale, 1e-3), $"{name}: max |batched - loop| = {maxAbs:E3} (largest entry {scale:E3})");
            Assert.True(scale > 0, $"{name}: the reference Fisher is all zero, the comparison would prove nothing");
        }

        foreach (Tensor t in reference.Values)
            t.Dispose();
    }

    [Fact]
    public void Estimate_changes_no_parameter_gradient_or_mode()
    {
        manual_seed(3);
        using var model = new Mlp(6, [5], 3);
        model.train();
        using var inputs = randn(10, 6);
        using var labels = randint(0, 3, [10], dtype: ScalarType.Int64);
        var before = model.parameters().Select(p => p.detach().clone()).ToArray();

        using ParameterImportance fisher = FisherInformation.Estimate(model, inputs, labels, FisherEstimator.Empirical, Likelihood.Categorical);

        Assert.True(model.training);
        var after = model.parameters().ToArray();
        for (int i = 0; i < before.Length; i++)
        {
            Assert.True(before[i].eq(after[i]).all().item<bool>(), $"parameter {i} changed");
            Assert.Null(after[i].grad);
        }
    }

    [Fact]
    public void Estimate_rejects_inputs_of_the_wrong_width_naming_the_shape()
    {
        using var model = new Mlp(6, [5], 3);
        using var inputs = randn(10, 4);
        using var labels = zeros(10, dtype: ScalarType.Int64);

        var error = Assert.Throws<ArgumentException>(() => FisherInformation.Estimate(model, inputs, labels, FisherEstimator.Empirical, Likelihood.Categorical));
        Assert.Equal("inputs", error.ParamName);
        Assert.Contains("[N >= 1, 6], got [10, 4]", error.Message);
    }

    /// <summary>The definition, one backward pass per sample: F = mean_n (d log p(y_n|x_n) / d theta)^2.</summary>
    private static Dictionary<string, Tensor> PerSampleLoop(Mlp model, Tensor inputs, Tensor labels)
    {
        var sums = model.named_parameters().ToDictionary(p => p.name, p => zeros_like(p.parameter));
        long n = inputs.shape[0];
        for (long i = 0; i < n; i++)
        {
            model.zero_grad();
            using var scope = NewDisposeScope();
            Tensor logp = nn.functional.log_softmax(model.call(inputs[i].unsqueeze(0)), 1)[0, labels[i]];
            logp.backward();
            foreach (var (name, parameter) in model.named_parameters())
                sums[name].add_(parameter.grad!.square());
        }

        model.zero_grad();
        foreach (Tensor sum in sums.Values)
            sum.div_(n);
        return sums;
    }
}
