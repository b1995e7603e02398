using Engram.Importance;
using Engram.Models;
using Engram.Regularizers;
using Engram.Validation;
using static TorchSharp.torch;

namespace Engram.Tests.Regularizers;

public class OnlineEwcTests
{
    public OnlineEwcTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Running_fisher_decays_by_gamma_and_the_anchor_moves_to_the_latest_parameters()
    {
        using var model = new Mlp(2, [], 1);
        using var ewc = new OnlineEwc(model, lambda: 1, gamma: 0.5);
        using ParameterImportance ones = Constant(model, 1);
        using ParameterImportance twos = Constant(model, 2);

        ewc.Consolidate(ones);
        Shift(model, 1.0);
        ewc.Consolidate(twos);

        // F = 0.5 * 1 + 2 = 2.5 for each of 3 parameters, anchor = current parameters: penalty 0 here ...
        using (Tensor atAnchor = ewc.Penalty())
            Assert.Equal(0f, atAnchor.item<float>());

        // ... and 3 * 2.5 * 0.2^2 = 0.3 after moving every parameter by 0.2 (the first anchor is forgotten).
        Shift(model, 0.2);
        using Tensor penalty = ewc.Penalty();
        Assert.Equal(0.3, penalty.item<float>(), 5);
        Assert.Equal(2, ewc.Tasks);
    }

    [Fact]
    public void Gamma_outside_zero_to_one_is_rejected()
    {
        using var model = new Mlp(2, [], 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new OnlineEwc(model, 1, 1.5));
        Assert.Equal("gamma", error.ParamName);
        Assert.StartsWith($"{ExperimentRules.CheckEwcGamma(1.5)!.Message} (ENG0032).", error.Message, StringComparison.Ordinal);
    }

    private static ParameterImportance Constant(Mlp model, float value) =>
        new(model.named_parameters().Select(p => new KeyValuePair<string, Tensor>(p.name, full_like(p.parameter, value))), "constant", 1);

    private static void Shift(Mlp model, double by)
    {
        using var noGrad = no_grad();
        foreach (var p in model.parameters())
            p.add_(by);
    }
}
