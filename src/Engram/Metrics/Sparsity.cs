using Engram.Models;
using static TorchSharp.torch;

namespace Engram.Metrics;

/// <summary>Sparsity of one linear layer.</summary>
/// <param name="Layer">0-based linear layer index (the last is the output layer).</param>
/// <param name="Weights">Weights in the layer.</param>
/// <param name="NearZero">Weights with |w| &lt; epsilon.</param>
/// <param name="Neurons">Output neurons of the layer.</param>
/// <param name="DeadNeurons">Neurons all of whose incoming weights have |w| &lt; epsilon (no effective input).</param>
public sealed record LayerSparsity(int Layer, long Weights, long NearZero, int Neurons, int DeadNeurons)
{
    /// <summary>NearZero / Weights, in [0, 1].</summary>
    public double Fraction => (double)NearZero / Weights;
}

/// <summary>Weight sparsity and dead neurons per layer, as reported for L1-regularised runs.</summary>
public static class Sparsity
{
    /// <summary>
    /// The threshold below which a weight counts as zero: 1e-3. Subgradient L1 with Adam or SGD leaves weights
    /// oscillating around 0 rather than exactly 0, so an exact-zero count would miss them.
    /// </summary>
    public const double Epsilon = 1e-3;

    /// <summary>Measures every linear layer of <paramref name="model"/>.</summary>
    /// <param name="model">The network.</param>
    /// <param name="epsilon">|w| below this counts as zero; at least 0.</param>
    public static IReadOnlyList<LayerSparsity> Measure(Mlp model, double epsilon = Epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        using var noGrad = no_grad();
        return model.Layers.Select((layer, l) =>
        {
            using var scope = NewDisposeScope();
            Tensor small = layer.weight!.abs().lt(epsilon);
            return new LayerSparsity(l, small.numel(), small.sum().item<long>(), (int)small.shape[0], (int)small.all(1).sum().item<long>());
        }).ToArray();
    }
}
