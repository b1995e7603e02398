namespace Engram.Training;

/// <summary>
/// Decides when a task's training has diverged: its loss is NaN or infinite, or it exceeds <see cref="GrowthLimit"/>
/// times the task's first-step loss (at least 1, so that a task starting near zero loss is not stopped by ordinary
/// noise). The first-step loss is measured before the optimizer has moved anything for the task, so for EWC it
/// includes the penalty's constant part.
/// </summary>
/// <remarks>
/// A healthy run stays far below the bound: cross-entropy starts near ln(10) = 2.3 on a new permuted-MNIST task and
/// falls, and the EWC penalty at a sensible lambda adds a fraction of it. A lambda of 1e12 makes the penalty jump to
/// ~1e7 at the second step of task 2.
/// </remarks>
public sealed class DivergenceGuard
{
    /// <summary>The default <see cref="GrowthLimit"/>: 1000.</summary>
    public const double DefaultGrowthLimit = 1000;

    /// <summary>Creates a guard.</summary>
    /// <param name="growthLimit">How many times the first-step loss (at least 1) a loss may reach; greater than 1, may be infinite (only NaN and infinity stop).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="growthLimit"/> is not greater than 1.</exception>
    public DivergenceGuard(double growthLimit = DefaultGrowthLimit)
    {
        if (!(growthLimit > 1))
            throw new ArgumentOutOfRangeException(nameof(growthLimit), growthLimit, "The growth limit must be greater than 1 (or infinity).");
        GrowthLimit = growthLimit;
    }

    /// <summary>How many times the task's first-step loss (at least 1) a loss may reach before the task is stopped.</summary>
    public double GrowthLimit { get; }

    /// <summary>The current task's first-step loss, or null before its first step.</summary>
    public double? Reference { get; private set; }

    /// <summary>The loss above which the current task is stopped, or null before its first step.</summary>
    public double? Bound => Reference is double reference ? GrowthLimit * Math.Max(reference, 1) : null;

    /// <summary>Forgets the reference: the next loss checked is a task's first.</summary>
    public void StartTask() => Reference = null;

    /// <summary>Restores the reference of a task resumed part-way (as <see cref="Reference"/> was when it stopped).</summary>
    public void ResumeTask(double? reference) => Reference = reference;

    /// <summary>Checks the loss of the step just taken.</summary>
    /// <param name="loss">The step's loss.</param>
    /// <returns>Null when the loss is acceptable, else what is wrong with it (e.g. <c>the loss is NaN</c>).</returns>
    public string? Check(double loss)
    {
        if (double.IsNaN(loss))
            return "the loss is NaN";
        if (double.IsInfinity(loss))
            return $"the loss is {(loss > 0 ? "+" : "-")}infinity";
        if (Reference is not double reference)
        {
            Reference = loss;
            return null;
        }

        double bound = GrowthLimit * Math.Max(reference, 1);
        return loss > bound
            ? $"the loss is {Number(loss)}, more than {Number(GrowthLimit)} x the task's first-step loss {Number(reference)} (bound {Number(bound)})"
            : null;
    }

    /// <summary>A number with 4 significant digits as people write it: <c>2.376</c>, <c>3.489e7</c>, <c>1e12</c>, <c>1e-3</c>.</summary>
    internal static string Number(double value)
    {
        string text = value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
        int e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
            return text;
        string exponent = text[(e + 1)..].TrimStart('+');
        bool negative = exponent.StartsWith('-');
        exponent = exponent.TrimStart('-').TrimStart('0');
        return text[..e] + "e" + (negative ? "-" : "") + (exponent.Length == 0 ? "0" : exponent);
    }
}
