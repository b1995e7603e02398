namespace Engram.Dsl;

/// <summary>
/// L1 sparsity penalty on weights (biases excluded): <c>L = L_task + Strength * sum_{l in Layers} sum |W_l|</c>, so
/// that few neurons carry each task and only those need freezing (Golkar et al. 2019, CLNP).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class L1Attribute : Attribute
{
    /// <summary>Penalty strength, at least 0 (multiplier of the summed absolute weights).</summary>
    public double Strength { get; set; } = 1e-4;

    /// <summary>0-based indices of the linear layers whose weights are penalised (the last is the output layer); empty = every layer.</summary>
    public int[] Layers { get; set; } = [];
}
