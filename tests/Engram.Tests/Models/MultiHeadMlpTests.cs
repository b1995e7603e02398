using Engram.Dsl;
using Engram.Importance;
using Engram.Masks;
using Engram.Models;
using Engram.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Tests.Models;

public class MultiHeadMlpTests
{
    public MultiHeadMlpTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Each_task_reads_its_own_head_over_the_shared_hidden_layers()
    {
        manual_seed(5);
        using var model = new Mlp(6, [8], 3, heads: 4);
        using var x = randn(10, 6);

        Assert.Equal(5, model.Layers.Count); // one hidden layer, four heads
        Assert.Equal([0, 1], model.ActivePath);
        model.SelectTask(2);
        Assert.Equal([0, 3], model.ActivePath);
        using Tensor hidden = nn.functional.relu(model.Layers[0].call(x));
        using Tensor expected = model.Layers[3].call(hidden);
        using Tensor output = model.call(x);
        Assert.True(output.allclose(expected));

        Assert.Equal([0], model.LayersAt(0));
        Assert.Equal([1, 2, 3, 4], model.LayersAt(1));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => model.SelectTask(4));
        Assert.Contains("this model has 4 heads", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_head_model_answers_every_task_with_its_one_head()
    {
        using var model = new Mlp(6, [8], 3);

        model.SelectTask(7);

        Assert.Equal(0, model.ActiveHead);
        Assert.Equal([0, 1], model.ActivePath);
    }

    [Theory]
    [InlineData(FisherEstimator.Empirical)]
    [InlineData(FisherEstimator.Exact)]
    [InlineData(FisherEstimator.Minibatch)]
    public void The_Fisher_of_a_task_is_zero_on_the_other_heads_and_equals_the_single_head_models_on_its_path(FisherEstimator estimator)
    {
        manual_seed(9);
        using var multi = new Mlp(6, [8], 3, heads: 3);
        using var single = new Mlp(6, [8], 3);
        using (no_grad())
        {
            single.Layers[0].weight!.copy_(multi.Layers[0].weight!);
            single.Layers[0].bias!.copy_(multi.Layers[0].bias!);
            single.Layers[1].weight!.copy_(multi.Layers[2].weight!);
            single.Layers[1].bias!.copy_(multi.Layers[2].bias!);
        }

        using var x = randn(40, 6);
        using var y = randint(0, 3, [40], dtype: ScalarType.Int64);
        multi.SelectTask(1);

        using ParameterImportance onMulti = FisherInformation.Estimate(multi, x, y, estimator, Likelihood.Categorical, batchSize: 16);
        using ParameterImportance onSingle = FisherInformation.Estimate(single, x, y, estimator, Likelihood.Categorical, batchSize: 16);

        string[] names = multi.named_parameters().Select(p => p.name).ToArray();
        string[] singleNames = single.named_parameters().Select(p => p.name).ToArray();
        Assert.True(onMulti[names[0]].allclose(onSingle[singleNames[0]], rtol: 1e-5, atol: 1e-9)); // shared hidden weights
        Assert.True(onMulti[names[4]].allclose(onSingle[singleNames[2]], rtol: 1e-5, atol: 1e-9)); // head 1 = the single head
        foreach (int head in new[] { 0, 2 })
        {
            Assert.Equal(0f, onMulti[names[2 + 2 * head]].abs().max().item<float>());
            Assert.Equal(0f, onMulti[names[3 + 2 * head]].abs().max().item<float>());
        }
        Assert.True(onMulti[names[4]].sum().item<float>() > 0, "the active head's Fisher is 0, so the test proves nothing");
    }

    [Fact]
    public void A_mask_freezes_only_layers_the_task_went_through()
    {
        manual_seed(13);
        using var model = new Mlp(6, [8], 3, heads: 3);
        using var x = randn(40, 6);
        using var y = randint(0, 3, [40], dtype: ScalarType.Int64);
        using var mask = new GradientMask(model, new MaskRule(0.5, 0, MaskScope.Layerwise, MaskGranularity.Neuron, MaskAccumulation.Union));
        model.SelectTask(1);
        using ParameterImportance fisher = FisherInformation.Estimate(model, x, y, FisherEstimator.Empirical, Likelihood.Categorical);

        MaskReport report = mask.Update(fisher, task: 1);

        Assert.Equal([4, 0, 2, 0], report.Layers.Select(l => l.FrozenNeurons)); // round(0.5 x 8), head 1: round(0.5 x 3)
    }

    [Fact]
    public void L1_on_the_output_position_covers_every_head()
    {
        manual_seed(3);
        using var model = new Mlp(6, [8], 3, heads: 3);
        var l1 = new L1Penalty(model, 0.5, [1]);
        float expected = 0.5f * Enumerable.Range(1, 3).Sum(l => model.Layers[l].weight!.abs().sum().item<float>());

        using Tensor penalty = l1.Penalty();

        Assert.Equal(expected, penalty.item<float>(), 4);
        Assert.Equal([0, 1], new L1Penalty(model, 0.5, []).Layers);
    }

    [Fact]
    public void Training_one_head_leaves_the_other_heads_untouched()
    {
        manual_seed(17);
        using var model = new Mlp(6, [8], 3, heads: 2);
        using var x = randn(40, 6);
        using var y = randint(0, 3, [40], dtype: ScalarType.Int64);
        using Tensor head0Before = model.Layers[1].weight!.detach().clone();
        using Tensor head1Before = model.Layers[2].weight!.detach().clone();
        using var optimizer = optim.Adam(model.parameters(), lr: 0.01);
        model.SelectTask(1);

        for (int i = 0; i < 5; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.call(x), y).backward();
            optimizer.step();
        }

        Assert.True(model.Layers[1].weight!.eq(head0Before).all().item<bool>());
        Assert.False(model.Layers[2].weight!.eq(head1Before).all().item<bool>());
    }
}
