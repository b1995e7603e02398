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
    /// <param name="layers">
    /// Layer positions, 0 to the number of hidden layers (the output layer: every head of a multi-head model, see
    /// <see cref="Mlp.LayersAt"/>); empty means every layer.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">Negative strength or a layer position outside the model.</exception>
    public L1Penalty(Mlp model, double strength, IReadOnlyList<int> layers)
    {
        ArgumentNullException.ThrowIfNull(model);
        RuleGuard.ThrowIfBroken(ExperimentRules.CheckL1Strength(strength), strength);
        foreach (int layer in layers)
            RuleGuard.ThrowIfBroken(ExperimentRules.CheckL1Layer(layer, hiddenLayers: model.HiddenLayerCount), layer, nameof(layers));

        Strength = strength;
        Layers = layers.Count == 0 ? Enumerable.Range(0, model.HiddenLayerCount + 1).ToArray() : layers.Distinct().Order().ToArray();
        weights = Layers.SelectMany(model.LayersAt).Select(l => (Tensor)model.Layers[l].weight!).ToArray();
    }

    /// <summary>The multiplier.</summary>
    public double Strength { get; }

    /// <summary>The penalised layer positions, ascending.</summary>
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
