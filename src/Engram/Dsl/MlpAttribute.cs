namespace Engram.Dsl;

/// <summary>
/// Model: a multi-layer perceptron with the given hidden layer sizes. The input size (784 for MNIST) and the output
/// size (10 classes; for split MNIST, the scenario's) follow from the task family.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MlpAttribute : Attribute
{
    /// <summary>Declares the hidden layer sizes, input side first; each must be at least 1.</summary>
    public MlpAttribute(params int[] hidden) => Hidden = hidden;

    /// <summary>Hidden layer sizes, input side first.</summary>
    public int[] Hidden { get; }

    /// <summary>Nonlinearity after every hidden layer.</summary>
    public Activation Activation { get; set; } = Activation.ReLU;

    /// <summary>
    /// One output head per task (the hidden layers shared), chosen by the task's identity in training and at test
    /// time: the Task-IL architecture. Needs a scenario that gives the task identity at test time (not split MNIST's
    /// Domain-IL or Class-IL). False: one head shared by every task.
    /// </summary>
    public bool MultiHead { get; set; }
}

/// <summary>Hidden-layer nonlinearity of an <see cref="MlpAttribute"/> model.</summary>
public enum Activation
{
    /// <summary>max(0, x).</summary>
    ReLU,

    /// <summary>1 / (1 + e^-x).</summary>
    Sigmoid,

    /// <summary>tanh(x).</summary>
    Tanh,
}
