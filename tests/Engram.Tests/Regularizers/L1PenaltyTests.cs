using Engram.Metrics;
using Engram.Models;
using Engram.Regularizers;
using Engram.Validation;
using static TorchSharp.torch;

namespace Engram.Tests.Regularizers;

public class L1PenaltyTests
{
    public L1PenaltyTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Penalty_is_strength_times_the_absolute_weights_of_the_chosen_layers_only()
    {
        using var model = new Mlp(3, [2], 2);
        SetWeights(model, 0, -0.5f);
        SetWeights(model, 1, 2f);

        using Tensor first = new L1Penalty(model, 0.1, [0]).Penalty();
        using Tensor all = new L1Penalty(model, 0.1, []).Penalty();

        Assert.Equal(0.1 * 6 * 0.5, first.item<float>(), 5);
        Assert.Equal(0.1 * (6 * 0.5 + 4 * 2), all.item<float>(), 5);
    }

    [Fact]
    public void A_layer_outside_the_model_is_rejected_with_the_valid_range()
    {
        using var model = new Mlp(3, [2], 2);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new L1Penalty(model, 0.1, [2]));
        Assert.Equal("layers", error.ParamName);
        Assert.StartsWith("[L1] Layers has 2; it must be a linear layer of the model, 0 to 1, where 1 (the number of hidden layers in [Mlp]) is the output layer (ENG0031).",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_strength_is_rejected_with_the_compile_time_text()
    {
        using var model = new Mlp(3, [2], 2);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new L1Penalty(model, -0.1, []));
        Assert.Equal("strength", error.ParamName);
        Assert.StartsWith($"{ExperimentRules.CheckL1Strength(-0.1)!.Message} (ENG0030).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_with_l1_makes_weights_sparse_and_sparsity_counts_near_zero_weights_and_dead_neurons()
    {
        manual_seed(4);
        using var model = new Mlp(6, [20], 2);
        using var inputs = randn(128, 6);
        using Tensor labels = inputs[TensorIndex.Colon, 0].gt(0).to_type(ScalarType.Int64);
        var l1 = new L1Penalty(model, 0.005, []);
        using var optimizer = optim.SGD(model.parameters(), 0.1);
        for (int step = 0; step < 1000; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            (nn.functional.cross_entropy(model.call(inputs), labels) + l1.Penalty()).backward();
            optimizer.step();
        }

        var before = Sparsity.Measure(new Mlp(6, [20], 2));
        var after = Sparsity.Measure(model);

        Assert.True(after[0].Fraction > 0.5, $"layer 0 near-zero fraction {after[0].Fraction:P1} after L1 (untrained: {before[0].Fraction:P1})");
        Assert.True(after[0].Fraction > before[0].Fraction + 0.3);
        Assert.True(after[0].DeadNeurons > 0, "L1 should silence some hidden neurons completely");
    }

    private static void SetWeights(Mlp model, int layer, float value)
    {
        using var noGrad = no_grad();
        model.Layers[layer].weight!.fill_(value);
    }
}
