using Engram.Dsl;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Engram.Models;

/// <summary>
/// Multi-layer perceptron: <c>Linear -&gt; activation</c> for every hidden layer, then an output head, a final
/// <c>Linear</c> producing logits. Single-head (one head shared by every task) or multi-head (one head per task, the
/// hidden layers shared; Task-IL in van de Ven &amp; Tolias 2019): <see cref="SelectTask"/> chooses the head that
/// <see cref="forward"/> uses. Weights use TorchSharp's default (Kaiming-uniform) initialisation, drawn from the
/// global torch generator, so <c>torch.manual_seed</c> before construction fixes them.
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers;
    private readonly Linear[] layerArray;
    private readonly Activation activation;

    /// <summary>Builds the network <c>inputs -&gt; hidden[0] -&gt; ... -&gt; hidden[^1] -&gt; outputs</c> with <paramref name="heads"/> output heads.</summary>
    /// <param name="inputs">Features per sample (784 for MNIST), at least 1.</param>
    /// <param name="hidden">Hidden layer sizes, input side first; each at least 1 (may be empty: a linear model).</param>
    /// <param name="outputs">Output units (classes) of each head, at least 1.</param>
    /// <param name="activation">Nonlinearity after every hidden layer.</param>
    /// <param name="heads">Output heads, at least 1: 1 = one shared head; T = one head per task of a T-task stream.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the head count is less than 1.</exception>
    public Mlp(int inputs, IReadOnlyList<int> hidden, int outputs, Activation activation = Activation.ReLU, int heads = 1) : base(nameof(Mlp))
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(heads, 1);
        for (int i = 0; i < hidden.Count; i++)
        {
            if (hidden[i] < 1)
                throw new ArgumentOutOfRangeException(nameof(hidden), hidden[i], $"Hidden layer {i} has size {hidden[i]}; every size must be at least 1.");
        }

        int[] sizes = [inputs, .. hidden];
        int last = sizes[^1];
        layerArray =
        [
            .. Enumerable.Range(0, hidden.Count).Select(i => nn.Linear(sizes[i], sizes[i + 1])),
            .. Enumerable.Range(0, heads).Select(_ => nn.Linear(last, outputs)),
        ];
        layers = new ModuleList<Linear>(layerArray);
        HiddenLayerCount = hidden.Count;
        this.activation = activation;
        Inputs = inputs;
        Outputs = outputs;
        Heads = heads;
        RegisterComponents();
    }

    /// <summary>Features per sample.</summary>
    public int Inputs { get; }

    /// <summary>Output units (logits) of each head.</summary>
    public int Outputs { get; }

    /// <summary>Number of hidden layers; layer position <see cref="HiddenLayerCount"/> is the output (every head).</summary>
    public int HiddenLayerCount { get; }

    /// <summary>Number of output heads: 1 for a single-head model, one per task for a multi-head one.</summary>
    public int Heads { get; }

    /// <summary>The head <see cref="forward"/> uses, 0 to <see cref="Heads"/> - 1.</summary>
    public int ActiveHead { get; private set; }

    /// <summary>
    /// Every linear layer, in parameter order: the hidden layers input side first, then the output heads (head 0
    /// first). A single-head model's last layer is its output head.
    /// </summary>
    public IReadOnlyList<Linear> Layers => layerArray;

    /// <summary>
    /// The indices into <see cref="Layers"/> that make up layer position <paramref name="position"/> of the network:
    /// one hidden layer for a position below the number of hidden layers, every output head for the output position
    /// (the number of hidden layers).
    /// </summary>
    /// <param name="position">0 to the number of hidden layers (the output position).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is outside that range.</exception>
    public IReadOnlyList<int> LayersAt(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, HiddenLayerCount);
        return position < HiddenLayerCount ? [position] : Enumerable.Range(HiddenLayerCount, Heads).ToArray();
    }

    /// <summary>
    /// Makes <see cref="forward"/> answer for task <paramref name="task"/>: a multi-head model switches to head
    /// <paramref name="task"/>; a single-head model's one head serves every task, so nothing changes.
    /// </summary>
    /// <param name="task">0-based task index, below <see cref="Heads"/> for a multi-head model.</param>
    /// <exception cref="ArgumentOutOfRangeException">The task is negative, or a multi-head model has no head for it.</exception>
    public void SelectTask(int task)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(task);
        if (Heads == 1)
            return;
        if (task >= Heads)
            throw new ArgumentOutOfRangeException(nameof(task), task, $"Task {task} has no head; this model has {Counts.Of(Heads, "head")}, one per task 0..{Heads - 1}.");
        ActiveHead = task;
    }

    /// <summary>Computes logits with the active head.</summary>
    /// <param name="input">Shape [batch, <see cref="Inputs"/>], float32.</param>
    /// <returns>Shape [batch, <see cref="Outputs"/>]: unnormalised log-probabilities.</returns>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not [batch, <see cref="Inputs"/>] of the parameters' floating type.</exception>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);
        Tensor x = input;
        for (int l = 0; l < HiddenLayerCount; l++)
            x = Activate(layers[l].call(x));
        return layers[HiddenLayerCount + ActiveHead].call(x);
    }

    /// <summary>
    /// Forward pass through the active path (the hidden layers and the active head) that also returns, per linear
    /// layer l on it, its index into <see cref="Layers"/>, its input <c>a_l</c> (shape [batch, in_l]) and its
    /// pre-activation output <c>z_l = a_l W_l^T + b_l</c> (shape [batch, out_l]); used by the batched per-sample
    /// Fisher estimators, which need both.
    /// </summary>
    /// <param name="input">Shape [batch, <see cref="Inputs"/>].</param>
    /// <returns>Per layer on the path (input side first) its trace; the last z is the logits.</returns>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not [batch, <see cref="Inputs"/>] of the parameters' floating type.</exception>
    public IReadOnlyList<LayerTrace> ForwardLayers(Tensor input)
    {
        CheckInput(input);
        var trace = new List<LayerTrace>(HiddenLayerCount + 1);
        Tensor x = input;
        foreach (int l in ActivePath)
        {
            Tensor z = layers[l].call(x);
            trace.Add(new LayerTrace(l, x, z));
            x = l < HiddenLayerCount ? Activate(z) : z;
        }

        return trace;
    }

    /// <summary>
    /// The indices into <see cref="Layers"/> a forward pass goes through, input side first: every hidden layer, then
    /// the active head.
    /// </summary>
    public IReadOnlyList<int> ActivePath => [.. Enumerable.Range(0, HiddenLayerCount), HiddenLayerCount + ActiveHead];

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

/// <summary>One linear layer's part of a forward pass (see <see cref="Mlp.ForwardLayers"/>).</summary>
/// <param name="Layer">Index into <see cref="Mlp.Layers"/>.</param>
/// <param name="Input">The layer's input a_l, shape [batch, in_l].</param>
/// <param name="PreActivation">The layer's output before the activation, z_l, shape [batch, out_l].</param>
public readonly record struct LayerTrace(int Layer, Tensor Input, Tensor PreActivation);
