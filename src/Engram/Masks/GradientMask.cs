using Engram.Dsl;
using Engram.Importance;
using Engram.Models;
using Engram.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Engram.Masks;

/// <summary>
/// A binary gradient mask over an <see cref="Mlp"/> chosen from Fisher significance (see <see cref="FisherMaskAttribute"/>).
/// In the training step call <see cref="MaskGradients"/> between <c>backward()</c> and <c>optimizer.step()</c>, and
/// <see cref="RestoreFrozen"/> right after the step.
/// </summary>
/// <remarks>
/// Masking the gradient alone does not freeze a value: weight decay, momentum and Adam's running moments from earlier
/// steps still move it. So every frozen value is also stored when it freezes and written back after each step
/// (<c>theta = frozen ? theta_frozen : theta</c>, an exact select), which makes it bit-identical to its value at
/// freezing under any optimizer. The gradient mask keeps the frozen entries' gradients out of the optimizer state.
/// </remarks>
public sealed class GradientMask : IDisposable, ITrainingState
{
    private readonly Mlp model;
    private readonly MaskRule rule;
    private readonly LayerState[] layers;
    private readonly List<MaskReport> reports = [];

    /// <summary>Creates an empty mask (nothing frozen) for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rule's values are out of range.</exception>
    public GradientMask(Mlp model, MaskRule rule)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rule);
        rule.Validate();
        this.model = model;
        this.rule = rule;
        layers = model.Layers.Select((l, i) => new LayerState(l, i)).ToArray();
    }

    /// <summary>One report per <see cref="Update"/>, in order.</summary>
    public IReadOnlyList<MaskReport> Reports => reports;

    /// <summary>Fraction of all parameters currently frozen, in [0, 1].</summary>
    public double FrozenFraction => reports.Count == 0 ? 0 : reports[^1].FrozenFraction;

    /// <summary>
    /// Ends a task: ranks units by <paramref name="significance"/>, selects the top fraction (or those above the
    /// threshold) per the rule's scope and granularity, combines the selection with earlier tasks' (union or latest) and
    /// records the current values of newly frozen parameters.
    /// </summary>
    /// <param name="significance">Per-parameter significance (e.g. the diagonal Fisher) with the model's parameter names and shapes.</param>
    /// <param name="task">0-based index of the task just trained (for the report).</param>
    /// <returns>The per-layer report of the updated mask.</returns>
    /// <exception cref="ArgumentException">A layer's parameter is missing from <paramref name="significance"/> or has another shape.</exception>
    public MaskReport Update(ParameterImportance significance, int task)
    {
        using var scope = NewDisposeScope();
        string[] names = model.named_parameters().Select(p => p.name).ToArray();

        // Only the layers the task's forward pass went through are ranked: a multi-head model's other heads did not
        // take part in the task, so their significance for it is 0 by construction, and freezing them would only
        // block the tasks they belong to.
        int[] path = [.. model.ActivePath];
        var units = new Tensor[path.Length];
        for (int i = 0; i < path.Length; i++)
        {
            Linear layer = layers[path[i]].Layer;
            Tensor fw = significance.For(names[2 * path[i]], layer.weight!);
            Tensor fb = significance.For(names[2 * path[i] + 1], layer.bias!);
            units[i] = rule.Granularity == MaskGranularity.Parameter
                ? cat([fw.flatten(), fb], 0)
                : (fw.sum(dim: 1) + fb) / (fw.shape[1] + 1);
        }

        Tensor[] selectedOnPath = Select(units);
        var layerReports = new LayerMaskReport[layers.Length];
        for (int l = 0; l < layers.Length; l++)
        {
            int onPath = Array.IndexOf(path, l);
            Tensor selected = onPath >= 0 ? selectedOnPath[onPath] : zeros(layers[l].Units(rule.Granularity), dtype: ScalarType.Bool);
            layerReports[l] = layers[l].Apply(selected, rule.Granularity, rule.Accumulate);
        }

        var report = new MaskReport(task, layerReports);
        reports.Add(report);
        return report;
    }

    /// <summary>Copies of the frozen flags of linear layer <paramref name="layer"/>: weight [out, in] and bias [out], bool.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is not a layer index.</exception>
    public (Tensor Weight, Tensor Bias) FrozenFlags(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, layers.Length);
        return layers[layer].FrozenFlags();
    }

    /// <summary>Zeroes the gradients of frozen parameters. Call after <c>backward()</c>, before the optimizer step.</summary>
    public void MaskGradients()
    {
        using var noGrad = no_grad();
        foreach (LayerState layer in layers)
            layer.MaskGradients();
    }

    /// <summary>Writes the stored values back into every frozen parameter. Call right after the optimizer step.</summary>
    public void RestoreFrozen()
    {
        using var noGrad = no_grad();
        foreach (LayerState layer in layers)
            layer.Restore();
    }

    /// <summary>Writes every layer's frozen flags, stored values and previous selection, and the reports, into a checkpoint.</summary>
    public void SaveState(TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.SetJson("reports", reports);
        for (int l = 0; l < layers.Length; l++)
            layers[l].Save(state.Scope($"layer{l}"));
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote, for the same model and rule.</summary>
    /// <exception cref="CheckpointException">An entry is missing or has another shape or type.</exception>
    public void LoadState(TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        List<MaskReport> saved = state.GetJson<List<MaskReport>>("reports");
        for (int l = 0; l < layers.Length; l++)
            layers[l].Load(state.Scope($"layer{l}"));
        reports.Clear();
        reports.AddRange(saved);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (LayerState layer in layers)
            layer.Dispose();
    }

    private Tensor[] Select(Tensor[] units)
    {
        if (rule.Threshold > 0)
            return units.Select(u => u.gt(rule.Threshold)).ToArray();
        if (rule.Scope == MaskScope.Layerwise)
            return units.Select(TopFraction).ToArray();

        Tensor all = TopFraction(cat(units, 0));
        var split = new Tensor[units.Length];
        long offset = 0;
        for (int l = 0; l < units.Length; l++)
        {
            split[l] = all.narrow(0, offset, units[l].shape[0]);
            offset += units[l].shape[0];
        }

        return split;
    }

    private Tensor TopFraction(Tensor values)
    {
        long count = values.shape[0];
        long k = (long)Math.Round(rule.Freeze * count, MidpointRounding.AwayFromZero);
        Tensor chosen = zeros(count, dtype: ScalarType.Bool);
        if (k > 0)
            chosen.index_fill_(0, values.topk((int)k).indexes, true);
        return chosen;
    }

    /// <summary>Frozen flags, stored values and the previous selection of one linear layer.</summary>
    private sealed class LayerState(Linear layer, int index) : IDisposable
    {
        private Tensor frozenWeight = zeros_like(layer.weight!, dtype: ScalarType.Bool).DetachFromDisposeScope();
        private Tensor frozenBias = zeros_like(layer.bias!, dtype: ScalarType.Bool).DetachFromDisposeScope();
        private readonly Tensor storedWeight = layer.weight!.detach().clone().DetachFromDisposeScope();
        private readonly Tensor storedBias = layer.bias!.detach().clone().DetachFromDisposeScope();
        private Tensor? previousWeight;
        private Tensor? previousBias;

        public Linear Layer => layer;

        /// <summary>How many units the layer has at <paramref name="granularity"/>: parameters, or output neurons.</summary>
        public long Units(MaskGranularity granularity) =>
            granularity == MaskGranularity.Parameter ? layer.weight!.numel() + layer.bias!.numel() : layer.weight!.shape[0];

        public LayerMaskReport Apply(Tensor selected, MaskGranularity granularity, MaskAccumulation accumulate)
        {
            Tensor weight = layer.weight!;
            Tensor bias = layer.bias!;
            Tensor selectedWeight, selectedBias;
            if (granularity == MaskGranularity.Parameter)
            {
                selectedWeight = selected.narrow(0, 0, weight.numel()).reshape(weight.shape);
                selectedBias = selected.narrow(0, weight.numel(), bias.numel());
            }
            else
            {
                selectedWeight = selected.unsqueeze(1).expand(weight.shape);
                selectedBias = selected;
            }

            double? overlap = previousWeight is null ? null : Jaccard(selectedWeight, selectedBias, previousWeight, previousBias!);
            Tensor newWeight = accumulate == MaskAccumulation.Union ? frozenWeight.logical_or(selectedWeight) : selectedWeight.clone();
            Tensor newBias = accumulate == MaskAccumulation.Union ? frozenBias.logical_or(selectedBias) : selectedBias.clone();

            using (no_grad())
            {
                // Values already frozen keep their stored value; newly frozen ones store the current value.
                storedWeight.copy_(where(frozenWeight, storedWeight, weight));
                storedBias.copy_(where(frozenBias, storedBias, bias));
            }

            Replace(ref frozenWeight, newWeight);
            Replace(ref frozenBias, newBias);
            previousWeight?.Dispose();
            previousBias?.Dispose();
            previousWeight = selectedWeight.clone().DetachFromDisposeScope();
            previousBias = selectedBias.clone().DetachFromDisposeScope();

            long frozen = frozenWeight.sum().item<long>() + frozenBias.sum().item<long>();
            int frozenNeurons = (int)frozenWeight.all(1).logical_and(frozenBias).sum().item<long>();
            long chosen = selectedWeight.sum().item<long>() + selectedBias.sum().item<long>();
            return new LayerMaskReport(index, weight.numel() + bias.numel(), frozen, (int)weight.shape[0], frozenNeurons, chosen, overlap);
        }

        public (Tensor Weight, Tensor Bias) FrozenFlags() => (frozenWeight.clone(), frozenBias.clone());

        public void Save(TrainingState state)
        {
            state.Set("frozen-weight", frozenWeight);
            state.Set("frozen-bias", frozenBias);
            state.Set("stored-weight", storedWeight);
            state.Set("stored-bias", storedBias);
            if (previousWeight is not null)
            {
                state.Set("previous-weight", previousWeight);
                state.Set("previous-bias", previousBias!);
            }
        }

        public void Load(TrainingState state)
        {
            state.CopyTo("frozen-weight", frozenWeight);
            state.CopyTo("frozen-bias", frozenBias);
            state.CopyTo("stored-weight", storedWeight);
            state.CopyTo("stored-bias", storedBias);
            previousWeight?.Dispose();
            previousBias?.Dispose();
            previousWeight = state.Contains("previous-weight") ? state.Get("previous-weight", frozenWeight).clone().DetachFromDisposeScope() : null;
            previousBias = state.Contains("previous-bias") ? state.Get("previous-bias", frozenBias).clone().DetachFromDisposeScope() : null;
        }

        public void MaskGradients()
        {
            using Tensor? gw = layer.weight!.grad;
            using Tensor? gb = layer.bias!.grad;
            gw?.masked_fill_(frozenWeight, 0);
            gb?.masked_fill_(frozenBias, 0);
        }

        public void Restore()
        {
            layer.weight!.copy_(where(frozenWeight, storedWeight, layer.weight!));
            layer.bias!.copy_(where(frozenBias, storedBias, layer.bias!));
        }

        public void Dispose()
        {
            foreach (Tensor? t in new[] { frozenWeight, frozenBias, storedWeight, storedBias, previousWeight, previousBias })
                t?.Dispose();
        }

        private static void Replace(ref Tensor field, Tensor value)
        {
            field.Dispose();
            field = value.DetachFromDisposeScope();
        }

        private static double Jaccard(Tensor w, Tensor b, Tensor pw, Tensor pb)
        {
            long intersection = w.logical_and(pw).sum().item<long>() + b.logical_and(pb).sum().item<long>();
            long union = w.logical_or(pw).sum().item<long>() + b.logical_or(pb).sum().item<long>();
            return union == 0 ? 1 : (double)intersection / union;
        }
    }
}
