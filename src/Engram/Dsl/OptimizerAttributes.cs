namespace Engram.Dsl;

/// <summary>Optimizer: stochastic gradient descent, <c>theta &lt;- theta - lr * g</c> (with optional momentum).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SgdAttribute : Attribute
{
    /// <summary>Learning rate, greater than 0.</summary>
    public double LearningRate { get; set; } = 0.01;

    /// <summary>Momentum coefficient in [0, 1); 0 is plain SGD.</summary>
    public double Momentum { get; set; }
}

/// <summary>Optimizer: Adam (Kingma &amp; Ba 2015) with beta1 = 0.9, beta2 = 0.999, eps = 1e-8.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AdamAttribute : Attribute
{
    /// <summary>Learning rate, greater than 0.</summary>
    public double LearningRate { get; set; } = 1e-3;
}

/// <summary>
/// Training schedule per task. The optimizer and its state are created anew at every task boundary.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TrainingAttribute : Attribute
{
    /// <summary>
    /// Passes over the task's training set, at least 1. Default 1, except for <see cref="CurveRegressionAttribute"/>
    /// tasks, which default to 3000 full-batch steps as the seed's experiments trained.
    /// </summary>
    public int Epochs { get; set; } = 1;

    /// <summary>
    /// Samples per minibatch, at least 0; 0 trains full-batch (one step per epoch on the task's whole training set).
    /// Default 64, except for <see cref="CurveRegressionAttribute"/> tasks, which default to full batch as the seed's
    /// experiments trained.
    /// </summary>
    public int BatchSize { get; set; } = 64;
}
