namespace Engram.Dsl;

/// <summary>
/// Task family: 1-D regression of a noisy curve (the seed's experiments). The x-range [From, To] is cut into Tasks
/// adjacent intervals of equal width; task t trains on Samples points with x uniform in interval t and
/// y = f(x) + Noise * N(0, 1), and is tested on 100 evenly spaced x in the interval against the noise-free f(x). Loss
/// and metric: mean squared error (the metric matrix holds MSE, lower is better).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CurveRegressionAttribute : Attribute
{
    /// <summary>Number of tasks (adjacent intervals), at least 1.</summary>
    public int Tasks { get; set; } = 3;

    /// <summary>Left end of the x-range.</summary>
    public double From { get; set; } = -1.5;

    /// <summary>Right end of the x-range; greater than <see cref="From"/>.</summary>
    public double To { get; set; } = 1.5;

    /// <summary>Training points per task, at least 1.</summary>
    public int Samples { get; set; } = 100;

    /// <summary>Standard deviation of the Gaussian noise added to training targets, at least 0.</summary>
    public double Noise { get; set; } = 0.1;

    /// <summary>The function f.</summary>
    public Curve Curve { get; set; } = Curve.Polynomial;

    /// <summary>Seed of the training x positions and noise; the data stay the same when the experiment seed changes.</summary>
    public int Seed { get; set; }
}

/// <summary>The function a <see cref="CurveRegressionAttribute"/> task family samples.</summary>
public enum Curve
{
    /// <summary>f(x) = x^3 - x.</summary>
    Polynomial,

    /// <summary>f(x) = sin(3x).</summary>
    Sine,

    /// <summary>f(x) = exp(-(x+1)^2 / 0.18) - 0.8 exp(-x^2 / 0.18) + 0.6 exp(-(x-1)^2 / 0.18): three Gaussian bumps of width 0.3.</summary>
    Rbf,
}
