using Engram.Dsl;
using Engram.Importance;
using Engram.Masks;
using Engram.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Tests.Masks;

public class GradientMaskTests
{
    public GradientMaskTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<string> Optimizers => ["sgd-momentum-decay", "adam-decay", "adamw"];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Frozen_values_stay_bit_identical_under_optimizer_state_carried_over(string optimizerName)
    {
        manual_seed(21);
        using var model = new Mlp(8, [16, 12], 4);
        using var inputs = randn(64, 8);
        using var labels = randint(0, 4, [64], dtype: ScalarType.Int64);
        using optim.Optimizer optimizer = optimizerName switch
        {
            "sgd-momentum-decay" => optim.SGD(model.parameters(), 0.1, momentum: 0.9, weight_decay: 0.01),
            "adam-decay" => optim.Adam(model.parameters(), lr: 0.01, weight_decay: 0.01),
            _ => optim.AdamW(model.parameters(), lr: 0.01, weight_decay: 0.1),
        };
        using var mask = new GradientMask(model, new MaskRule(0.5, 0, MaskScope.Layerwise, MaskGranularity.Parameter, MaskAccumulation.Union));

        // Build up momentum / Adam moments for every parameter before anything is frozen.
        for (int i = 0; i < 20; i++)
            Step(model, optimizer, mask, inputs, labels);

        using ParameterImportance fisher = FisherInformation.Estimate(model, inputs, labels, FisherEstimator.Empirical, Likelihood.Categorical);
        mask.Update(fisher, task: 0);
        var frozenAt = model.parameters().Select(p => p.detach().clone()).ToArray();
        var frozenFlags = FrozenFlags(model, mask);
        Assert.Equal(0.5, frozenFlags.Sum(f => f.sum().item<long>()) / (double)frozenFlags.Sum(f => f.numel()), 2);

        for (int i = 0; i < 50; i++)
            Step(model, optimizer, mask, inputs, labels);

        var now = model.parameters().ToArray();
        long changedFree = 0;
        for (int k = 0; k < now.Length; k++)
        {
            using Tensor same = now[k].eq(frozenAt[k]);
            using Tensor frozenSame = same.logical_or(frozenFlags[k].logical_not());
            Assert.True(frozenSame.all().item<bool>(), $"{optimizerName}: a frozen entry of parameter {k} changed");
            changedFree += frozenFlags[k].logical_not().logical_and(same.logical_not()).sum().item<long>();
        }

        Assert.True(changedFree > 0, $"{optimizerName}: no free parameter changed, so the test proves nothing");
    }

    [Fact]
    public void Layerwise_neuron_mask_freezes_the_same_top_fraction_of_neurons_in_every_layer_with_whole_rows()
    {
        using var model = new Mlp(5, [10, 20], 4);
        using var mask = new GradientMask(model, new MaskRule(0.5, 0, MaskScope.Layerwise, MaskGranularity.Neuron, MaskAccumulation.Union));
        using ParameterImportance significance = Ramp(model, outputLayerScale: 1e5);

        MaskReport report = mask.Update(significance, task: 0);

        Assert.Equal([5, 10, 2], report.Layers.Select(l => l.FrozenNeurons));
        Assert.All(report.Layers, l => Assert.Equal(0.5, l.FrozenFraction, 10));
    }

    [Fact]
    public void Global_mask_freezes_mostly_the_layer_with_the_largest_fisher()
    {
        using var model = new Mlp(5, [10, 20], 4);
        using var mask = new GradientMask(model, new MaskRule(0.1, 0, MaskScope.Global, MaskGranularity.Parameter, MaskAccumulation.Union));
        using ParameterImportance significance = Ramp(model, outputLayerScale: 1e5);

        MaskReport report = mask.Update(significance, task: 0);

        // 10% of 60 + 220 + 84 = 364 parameters is 36; the output layer holds 84, all with the largest significance.
        Assert.Equal([0L, 0L, 36L], report.Layers.Select(l => l.Frozen));
    }

    [Fact]
    public void Threshold_freezes_exactly_the_units_above_it()
    {
        using var model = new Mlp(3, [4], 2);
        using var mask = new GradientMask(model, new MaskRule(1, Threshold: 6.5, MaskScope.Global, MaskGranularity.Parameter, MaskAccumulation.Union));
        using ParameterImportance significance = Ramp(model, outputLayerScale: 1);

        MaskReport report = mask.Update(significance, task: 0);

        // Ramp gives each layer's weights the values 1..out*in and biases 1..out: layer 0 (4x3 + 4) has 12-6 = 6 above
        // 6.5, layer 1 (2x4 + 2) has 8-6 = 2.
        Assert.Equal([6L, 2L], report.Layers.Select(l => l.Frozen));
    }

    [Fact]
    public void Union_keeps_earlier_tasks_frozen_and_latest_releases_them_and_overlap_is_the_jaccard_index()
    {
        using var model = new Mlp(2, [4], 1);
        using ParameterImportance first = Neurons(model, [4, 3, 2, 1], [1]);
        using ParameterImportance second = Neurons(model, [1, 2, 3, 4], [1]);
        using var union = new GradientMask(model, new MaskRule(0.5, 0, MaskScope.Layerwise, MaskGranularity.Neuron, MaskAccumulation.Union));
        using var latest = new GradientMask(model, new MaskRule(0.5, 0, MaskScope.Layerwise, MaskGranularity.Neuron, MaskAccumulation.Latest));

        union.Update(first, 0);
        MaskReport unionSecond = union.Update(second, 1);
        latest.Update(first, 0);
        MaskReport latestSecond = latest.Update(second, 1);

        Assert.Equal(4, unionSecond.Layers[0].FrozenNeurons);
        Assert.Equal(2, latestSecond.Layers[0].FrozenNeurons);
        // Neurons {0, 1} then {2, 3}: disjoint selections.
        Assert.Equal(0.0, unionSecond.Layers[0].OverlapWithPrevious);
    }

    private static void Step(Mlp model, optim.Optimizer optimizer, GradientMask mask, Tensor inputs, Tensor labels)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        nn.functional.cross_entropy(model.call(inputs), labels).backward();
        mask.MaskGradients();
        optimizer.step();
        mask.RestoreFrozen();
    }

    /// <summary>The mask's frozen flags in the order of model.parameters() (weight, bias per layer).</summary>
    private static Tensor[] FrozenFlags(Mlp model, GradientMask mask) =>
        Enumerable.Range(0, model.Layers.Count).SelectMany(l =>
        {
            var (weight, bias) = mask.FrozenFlags(l);
            return new[] { weight, bias };
        }).ToArray();

    /// <summary>Significance 1, 2, 3, ... over each layer's weights (row-major) and biases; the last layer scaled.</summary>
    private static ParameterImportance Ramp(Mlp model, double outputLayerScale)
    {
        var named = model.named_parameters().ToArray();
        return new ParameterImportance(named.Select((p, k) =>
        {
            double scale = k >= named.Length - 2 ? outputLayerScale : 1;
            Tensor ramp = arange(1, p.parameter.numel() + 1, dtype: ScalarType.Float32).reshape(p.parameter.shape) * scale;
            return new KeyValuePair<string, Tensor>(p.name, ramp);
        }), "ramp", 1);
    }

    /// <summary>Per-neuron constant significance for a one-hidden-layer model.</summary>
    private static ParameterImportance Neurons(Mlp model, float[] hidden, float[] output)
    {
        var named = model.named_parameters().ToArray();
        Tensor[] values =
        [
            tensor(hidden).unsqueeze(1).expand(named[0].parameter.shape).contiguous(),
            tensor(hidden),
            tensor(output).unsqueeze(1).expand(named[2].parameter.shape).contiguous(),
            tensor(output),
        ];
        return new ParameterImportance(named.Select((p, k) => new KeyValuePair<string, Tensor>(p.name, values[k])), "given", 1);
    }
}
