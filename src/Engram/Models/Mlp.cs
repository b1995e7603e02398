using Engram.Dsl;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Engram.Models;

/// <summary>
/// Multi-layer perceptron with one shared output head: <c>Linear -&gt; activation</c> for every hidden layer, then a
/// final <c>Linear</c> producing logits. Weights use TorchSharp's default (Kaiming-uniform) initialisation, drawn from
/// the global torch generator, so <c>torch.manual_seed</c> before construction fixes them.
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers;
    private readonly Linear[] layerArray;
    private readonly Activation activation;

    /// <summary>Builds the network <c>inputs -&gt; hidden[0] -&gt; ... -&gt; hidden[^1] -&gt; outputs</c>.</summary>
    /// <param name="inputs">Features per sample (784 for MNIST), at least 1.</param>
    /// <param name="hidden">Hidden layer sizes, input side first; each at least 1 (may be empty: a linear model).</param>
    /// <param name="outputs">Output units (classes), at least 1.</param>
    /// <param name="activation">Nonlinearity after every hidden layer.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public Mlp(int inputs, IReadOnlyList<int> hidden, int outputs, Activation activation = Activation.ReLU) : base(nameof(Mlp))
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        for (int i = 0; i < hidden.Count; i++)
        {
            if (hidden[i] < 1)
                throw new ArgumentOutOfRangeException(nameof(hidden), hidden[i], $"Hidden layer {i} has size {hidden[i]}; every size must be at least 1.");
        }

        int[] sizes = [inputs, .. hidden, outputs];
        layerArray = Enumerable.Range(0, sizes.Length - 1).Select(i => nn.Linear(sizes[i], sizes[i + 1])).ToArray();
        layers = new ModuleList<Linear>(layerArray);
        this.activation = activation;
        Inputs = inputs;
        Outputs = outputs;
        RegisterComponents();
    }

    /// <summary>Features per sample.</summary>
    public int Inputs { get; }

    /// <summary>Output units (logits).</summary>
    public int Outputs { get; }

    /// <summary>The linear layers, input side first; the last one is the output head.</summary>
    public IReadOnlyList<Linear> Layers => layerArray;

    /// <summary>Computes logits.</summary>
    /// <param name="input">Shape [batch, <see cref="Inputs"/>], float32.</param>
    /// <returns>Shape [batch, <see cref="Outputs"/>]: unnormalised log-probabilities.</returns>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not [batch, <see cref="Inputs"/>] of the parameters' floating type.</exception>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);
        Tensor x = input;
        for (int i = 0; i < layers.Count; i++)
        {
            Tensor z = layers[i].call(x);
            x = i < layers.Count - 1 ? Activate(z) : z;
        }

        return x;
    }

    /// <summary>
    /// Forward pass that also returns, per linear layer l, its input <c>a_l</c> (shape [batch, in_l]) and its
    /// pre-activation output <c>z_l = a_l W_l^T + b_l</c> (shape [batch, out_l]); used by the batched per-sample
    /// Fisher estimators, which need both.
    /// </summary>
    /// <param name="input">Shape [batch, <see cref="Inputs"/>].</param>
    /// <returns>Per layer (input side first) the pair (a_l, z_l); the last z is the logits.</returns>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not [batch, <see cref="Inputs"/>] of the parameters' floating type.</exception>
    public IReadOnlyList<(Tensor Input, Tensor PreActivation)> ForwardLayers(Tensor input)
    {
        CheckInput(input);
        var trace = new List<(Tensor, Tensor)>(layers.Count);
        Tensor x = input;
        for (int i = 0; i < layers.Count; i++)
        {
            Tensor z = layers[i].call(x);
            trace.Add((x, z));
            x = i < layers.Count - 1 ? Activate(z) : z;
        }

        return trace;
    }

    private void CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 2 || input.shape[1] != Inputs)
            throw new ArgumentException($"Expected input of shape [batch, {Inputs}], got [{string.Join(", ", input.shape)}].", nameof(input));
        ScalarType expected = layerArray[0].weight!.dtype;
        if (input.dtype != expected)
            throw new ArgumentException($"Expected input of type {expected} (the parameters' type), got {input.dtype}.", nameof(input));
    }

    private Tensor Activate(Tensor z) => activation switch
    {
        Activation.ReLU => nn.functional.relu(z),
        Activation.Sigmoid => nn.functional.sigmoid(z),
        Activation.Tanh => nn.functional.tanh(z),
        _ => throw new InvalidOperationException($"Unknown activation {activation}."),
    };
}
