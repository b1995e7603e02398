namespace Engram.Masks;

/// <summary>The mask of one layer after one task's update.</summary>
/// <param name="Layer">0-based linear layer index (the last is the output layer).</param>
/// <param name="Parameters">Weights plus biases in the layer.</param>
/// <param name="Frozen">Parameters frozen after the update (all accumulated tasks).</param>
/// <param name="Neurons">Output neurons of the layer.</param>
/// <param name="FrozenNeurons">Neurons whose incoming weights and bias are all frozen.</param>
/// <param name="Selected">Parameters this task's significance selected (before combining with earlier tasks).</param>
/// <param name="OverlapWithPrevious">
/// Jaccard index |S_t ∩ S_(t-1)| / |S_t ∪ S_(t-1)| of this task's and the previous task's selections, in [0, 1];
/// null for the first task.
/// </param>
public sealed record LayerMaskReport(int Layer, long Parameters, long Frozen, int Neurons, int FrozenNeurons, long Selected, double? OverlapWithPrevious)
{
    /// <summary>Frozen / Parameters, in [0, 1].</summary>
    public double FrozenFraction => Parameters == 0 ? 0 : (double)Frozen / Parameters;
}

/// <summary>The mask after one task's update, per layer.</summary>
/// <param name="Task">0-based index of the task whose significance was used.</param>
/// <param name="Layers">One entry per linear layer, input side first.</param>
public sealed record MaskReport(int Task, IReadOnlyList<LayerMaskReport> Layers)
{
    /// <summary>Frozen parameters over all layers / all parameters.</summary>
    public double FrozenFraction => (double)Layers.Sum(l => l.Frozen) / Layers.Sum(l => l.Parameters);
}
