using Engram.Dsl;

namespace Engram.Masks;

/// <summary>How a <see cref="GradientMask"/> chooses what to freeze after a task.</summary>
/// <param name="Freeze">Fraction of ranked units to freeze, in (0, 1]; used when <paramref name="Threshold"/> is 0.</param>
/// <param name="Threshold">Absolute significance above which a unit freezes; 0 means use <paramref name="Freeze"/>.</param>
/// <param name="Scope">Rank all layers together or each layer separately.</param>
/// <param name="Granularity">Units are single parameters or whole neurons.</param>
/// <param name="Accumulate">Union over tasks or only the latest task.</param>
public sealed record MaskRule(double Freeze, double Threshold, MaskScope Scope, MaskGranularity Granularity, MaskAccumulation Accumulate)
{
    /// <summary>Checks the ranges.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Freeze outside (0, 1] or Threshold negative or not finite.</exception>
    public void Validate()
    {
        if (!(Freeze > 0 && Freeze <= 1))
            throw new ArgumentOutOfRangeException(nameof(Freeze), Freeze, "The frozen fraction must be in (0, 1].");
        if (!(Threshold >= 0) || double.IsInfinity(Threshold))
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The threshold must be a finite number >= 0 (0 = use the fraction).");
    }
}
