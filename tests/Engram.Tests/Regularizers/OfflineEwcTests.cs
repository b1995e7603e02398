using Engram.Importance;
using Engram.Models;
using Engram.Regularizers;
using Engram.Validation;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Tests.Regularizers;

public class OfflineEwcTests
{
    public OfflineEwcTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Penalty_is_zero_before_any_task_is_consolidated()
    {
        using var model = new Mlp(4, [3], 2);
        using var ewc = new OfflineEwc(model, lambda: 100);
        using Tensor penalty = ewc.Penalty();
        Assert.Equal(0f, penalty.item<float>());
    }

    [Fact]
    public void Penalty_is_zero_at_the_anchor_and_the_weighted_squared_distance_off_it()
    {
        manual_seed(11);
        using var model = new Mlp(4, [3], 2);
        using var ewc = new OfflineEwc(model, lambda: 2.5);
        using ParameterImportance fisher = new(model.named_parameters().Select(p => new KeyValuePair<string, Tensor>(p.name, full_like(p.parameter, 0.5))), "constant", 1);
        ewc.Consolidate(fisher);

        using (Tensor atAnchor = ewc.Penalty())
            Assert.Equal(0f, atAnchor.item<float>());

        // Move every parameter by +0.1: penalty = lambda * sum_j F_j * 0.1^2 = 2.5 * 0.5 * 0.01 * (parameter count).
        long count = model.parameters().Sum(p => p.numel());
        using (no_grad())
        {
            foreach (var p in model.parameters())
                p.add_(0.1);
        }

        using Tensor off = ewc.Penalty();
        Assert.Equal(2.5 * 0.5 * 0.01 * count, off.item<float>(), 4);
    }

    [Fact]
    public void Penalty_sums_over_every_consolidated_task()
    {
        using var model = new Mlp(2, [], 1);
        using var ewc = new OfflineEwc(model, lambda: 1);
        using ParameterImportance ones = new(model.named_parameters().Select(p => new KeyValuePair<string, Tensor>(p.name, ones_like(p.parameter))), "constant", 1);
        ewc.Consolidate(ones);
        using (no_grad())
        {
            foreach (var p in model.parameters())
                p.add_(1.0);
        }

        ewc.Consolidate(ones);

        // Three parameters (2 weights, 1 bias), each 1 away from the first anchor and 0 from the second: 3 * 1 + 0.
        using Tensor penalty = ewc.Penalty();
        Assert.Equal(2, ewc.Tasks);
        Assert.Equal(3f, penalty.item<float>(), 5);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void A_lambda_the_rules_refuse_is_rejected_with_the_compile_time_text(double lambda)
    {
        using var model = new Mlp(2, [], 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new OfflineEwc(model, lambda));
        Assert.Equal("lambda", error.ParamName);
        Assert.StartsWith($"{ExperimentRules.CheckEwcLambda(lambda)!.Message} (ENG0015).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offline_and_online_ewc_refuse_a_lambda_in_the_same_words()
    {
        using var model = new Mlp(2, [], 1);
        Assert.Equal(
            Assert.Throws<ArgumentOutOfRangeException>(() => new OfflineEwc(model, -2)).Message,
            Assert.Throws<ArgumentOutOfRangeException>(() => new OnlineEwc(model, -2, 1)).Message);
    }
}
