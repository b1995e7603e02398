using Engram.Importance;
using Engram.Models;
using Engram.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Tests.Performance;

/// <summary>
/// The running-sum offline EWC equals its direct form <c>lambda sum_i sum_j F_ij (theta_j - theta*_ij)^2</c> (value
/// and gradient), stays exact at the anchor, and stores state whose size does not grow with the number of tasks.
/// </summary>
public class OfflineEwcRunningSumTests
{
    public OfflineEwcRunningSumTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(20)]
    public void Penalty_and_gradient_equal_the_direct_sum_over_tasks(int tasks)
    {
        manual_seed(21);
        using var model = new Mlp(30, [20, 10], 5);
        using var ewc = new OfflineEwc(model, lambda: 7.5);
        var history = new List<(Dictionary<string, Tensor> Fisher, Dictionary<string, Tensor> Anchor)>();
        for (int t = 0; t < tasks; t++)
        {
            using (no_grad())
            {
                foreach (var p in model.parameters())
                    p.add_(randn_like(p) * 0.05);
            }

            // Fisher values spanning six orders of magnitude, with exact zeros, as real estimates have.
            var values = model.named_parameters().ToDictionary(
                p => p.name,
                p => (rand_like(p.parameter).pow(6) * 10 * (rand_like(p.parameter) > 0.1).to_type(ScalarType.Float32)).DetachFromDisposeScope());
            using var fisher = new ParameterImportance(values.Select(kv => new KeyValuePair<string, Tensor>(kv.Key, kv.Value.clone())).ToArray(), "synthetic", 1);
            ewc.Consolidate(fisher);
            history.Add((values, model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone())));
        }

        Assert.Equal(tasks, ewc.Tasks);

        // Off the anchors: move every parameter again, then compare value and gradient with the direct form in float64.
        using (no_grad())
        {
            foreach (var p in model.parameters())
                p.add_(randn_like(p) * 0.05);
        }

        using Tensor penalty = ewc.Penalty();
        var parameters = model.named_parameters().ToArray();
        var gradients = autograd.grad([penalty], parameters.Select(p => p.parameter).ToArray());

        double direct = 0;
        for (int i = 0; i < parameters.Length; i++)
        {
            var (name, parameter) = parameters[i];
            using Tensor theta = parameter.detach().to_type(ScalarType.Float64);
            using Tensor gradient = zeros_like(theta);
            foreach (var (fisher, anchor) in history)
            {
                using Tensor f = fisher[name].to_type(ScalarType.Float64);
                using Tensor offset = theta - anchor[name].to_type(ScalarType.Float64);
                direct += (f * offset.square()).sum().item<double>();
                gradient.add_(f * offset * (2 * 7.5));
            }

            double scale = gradient.abs().max().item<double>();
            double error = (gradients[i].to_type(ScalarType.Float64) - gradient).abs().max().item<double>();
            Assert.True(error <= 1e-5 * scale, $"{name}: max |running - direct| gradient = {error:E3}, largest {scale:E3}");
        }

        direct *= 7.5;
        double value = penalty.item<float>();
        Assert.True(Math.Abs(value - direct) <= 1e-5 * direct, $"penalty {value:R}, direct form {direct:R}");

        foreach (var (fisher, anchor) in history)
        {
            foreach (Tensor t in fisher.Values.Concat(anchor.Values))
                t.Dispose();
        }
    }

    [Fact]
    public void After_one_task_the_penalty_is_exactly_zero_at_the_anchor_and_its_gradient_too()
    {
        manual_seed(22);
        using var model = new Mlp(30, [20], 5);
        using var ewc = new OfflineEwc(model, lambda: 1000);
        using var fisher = new ParameterImportance(model.named_parameters().Select(p => new KeyValuePair<string, Tensor>(p.name, rand_like(p.parameter) * 1e3)).ToArray(), "random", 1);
        ewc.Consolidate(fisher);

        using Tensor penalty = ewc.Penalty();
        Assert.Equal(0f, penalty.item<float>());
        Assert.Equal(0.0, ewc.Constant);
        foreach (Tensor gradient in autograd.grad([penalty], model.parameters().ToArray()))
            Assert.Equal(0f, gradient.abs().max().item<float>());
    }

    [Fact]
    public void Two_tasks_at_the_same_anchor_give_exactly_zero_there()
    {
        manual_seed(23);
        using var model = new Mlp(10, [8], 3);
        using var ewc = new OfflineEwc(model, lambda: 100);
        for (int t = 0; t < 2; t++)
        {
            using var fisher = new ParameterImportance(model.named_parameters().Select(p => new KeyValuePair<string, Tensor>(p.name, rand_like(p.parameter))).ToArray(), "random", 1);
            ewc.Consolidate(fisher);
        }

        using Tensor penalty = ewc.Penalty();
        Assert.Equal(0f, penalty.item<float>());
    }

    [Fact]
    public void Stored_state_does_not_grow_with_the_number_of_tasks_offline_or_online()
    {
        using var model = new Mlp(30, [20, 10], 5);
        using var fisher = new ParameterImportance(model.named_parameters().Select(p => new KeyValuePair<string, Tensor>(p.name, ones_like(p.parameter))).ToArray(), "ones", 1);
        using var offline = new OfflineEwc(model, 1);
        using var online = new OnlineEwc(model, 1, 0.9);
        foreach (Action<ParameterImportance> consolidate in new Action<ParameterImportance>[] { offline.Consolidate, online.Consolidate })
        {
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            consolidate(fisher);
            long afterOne = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            for (int t = 1; t < 20; t++)
                consolidate(fisher);
            long afterTwenty = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

            Assert.True(afterOne > before, "the first consolidation stored nothing");
            // The 19 further consolidations add no tensor: the state is O(parameters), not O(tasks x parameters).
            Assert.Equal(afterOne, afterTwenty);
        }
    }
}
