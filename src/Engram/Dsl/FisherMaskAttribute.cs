namespace Engram.Dsl;

/// <summary>
/// Binary gradient mask from Fisher significance (the seed's method; cf. PackNet, Mallya &amp; Lazebnik 2018, and CLNP,
/// Golkar et al. 2019): after each task the most significant parameters or neurons are frozen (mask 0) and every later
/// update leaves them bit-identical, while the rest (mask 1) learn the next task.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class FisherMaskAttribute : Attribute
{
    /// <summary>Fraction of the ranked units to freeze after each task, in (0, 1]. Ignored when <see cref="Threshold"/> is set.</summary>
    public double Freeze { get; set; } = 0.9;

    /// <summary>
    /// Absolute significance above which a unit is frozen, instead of a fraction; 0 (the default) means "use
    /// <see cref="Freeze"/>". Must be &gt;= 0.
    /// </summary>
    public double Threshold { get; set; }

    /// <summary>Rank all layers together or each layer separately.</summary>
    public MaskScope Scope { get; set; } = MaskScope.Layerwise;

    /// <summary>Freeze single parameters or whole neurons (a neuron's incoming weights and bias).</summary>
    public MaskGranularity Granularity { get; set; } = MaskGranularity.Neuron;

    /// <summary>Keep the union of every task's frozen set, or only the latest task's.</summary>
    public MaskAccumulation Accumulate { get; set; } = MaskAccumulation.Union;

    /// <summary>How the significance is estimated (default: the empirical Fisher).</summary>
    public FisherEstimator Fisher { get; set; } = FisherEstimator.Empirical;

    /// <summary>Training samples per task used for the estimate, at least 1 (capped at the set size).</summary>
    public int FisherSamples { get; set; } = 1000;
}

/// <summary>Which units are ranked together when choosing what to freeze.</summary>
public enum MaskScope
{
    /// <summary>
    /// One ranking over every layer. Fisher values near the output are orders of magnitude larger than near the input,
    /// so a global threshold freezes mostly the output side.
    /// </summary>
    Global,

    /// <summary>Each layer ranked separately: the same top fraction is frozen in every layer.</summary>
    Layerwise,
}

/// <summary>What one unit of the mask is.</summary>
public enum MaskGranularity
{
    /// <summary>Each weight and bias separately; significance = its Fisher value.</summary>
    Parameter,

    /// <summary>
    /// Each neuron (output unit of a linear layer): its incoming weights and its bias freeze together; significance =
    /// the mean Fisher value over those fan_in + 1 parameters (a mean, so that layers of different fan-in compare).
    /// </summary>
    Neuron,
}

/// <summary>How masks of successive tasks combine.</summary>
public enum MaskAccumulation
{
    /// <summary>A unit frozen after any earlier task stays frozen (the default).</summary>
    Union,

    /// <summary>Only the latest task's frozen set applies; units frozen before may learn again.</summary>
    Latest,
}
