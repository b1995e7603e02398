namespace Engram.Dsl;

/// <summary>
/// Task family: permuted MNIST (Goodfellow et al. 2013; Kirkpatrick et al. 2017). Every task shows the same digits
/// with its own fixed pixel permutation; task 0 is the identity (the unpermuted digits), task t &gt; 0 uses a
/// permutation drawn from <see cref="ExperimentAttribute.Seed"/> and t. Labels 0-9 in every task; one shared output
/// head (Domain-IL in van de Ven &amp; Tolias 2019 terms), or one head per task with
/// <see cref="MlpAttribute.MultiHead"/> (Task-IL: the task's identity picks the head).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class PermutedMnistAttribute : Attribute
{
    /// <summary>Number of tasks (experiences), at least 1.</summary>
    public int Tasks { get; set; } = 5;
}
