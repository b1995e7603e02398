using Engram.Models;
using Engram.Validation;
using static TorchSharp.torch;

namespace Engram.Regularizers;

/// <summary>
/// L1 sparsity penalty <c>strength * sum_{l in layers} sum_ij |W_l[i, j]|</c> on the weights (not biases) of chosen
/// linear layers (Tibshirani 1996; used for continual learning by Golkar et al. 2019).
/// </summary>
public sealed class L1Penalty
{
    private readonly Tensor[] weights;

    /// <summary>Creates the penalty.</summary>
    /// <param name="model">The network.</param>
    /// <param name="strength">Multiplier, at least 0.</param>
    /// <param name="layers">0-based linear layer indices; empty means every layer.</param>
    /// <exception cref="ArgumentOutOfRangeException">Negative strength or a layer index outside the model.</exception>
    public L1Penalty(Mlp model, double strength, IReadOnlyList<int> layers)
    {
        ArgumentNullException.ThrowIfNull(model);
        RuleGuard.ThrowIfBroken(ExperimentRules.CheckL1Strength(strength), strength);
        foreach (int layer in layers)
            RuleGuard.ThrowIfBroken(ExperimentRules.CheckL1Layer(layer, hiddenLayers: model.Layers.Count - 1), layer, nameof(layers));

        Strength = strength;
        Layers = layers.Count == 0 ? Enumerable.Range(0, model.Layers.Count).ToArray() : layers.Distinct().Order().ToArray();
        weights = Layers.Select(l => (Tensor)model.Layers[l].weight!).ToArray();
    }

    /// <summary>The multiplier.</summary>
    public double Strength { get; }

    /// <summary>The penalised layers, ascending.</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <summary>The penalty: a differentiable float32 scalar.</summary>
    public Tensor Penalty()
    {
        Tensor total = zeros([]);
        foreach (Tensor w in weights)
            total = total + w.abs().sum();
        return total * Strength;
    }
}
