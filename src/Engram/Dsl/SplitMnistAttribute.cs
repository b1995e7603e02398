namespace Engram.Dsl;

/// <summary>
/// Task family: split MNIST (Zenke et al. 2017; the three scenarios of Hsu et al. 2018 and van de Ven &amp; Tolias
/// 2019). The digits are split by class in ascending order: task t holds the classes
/// <c>t * ClassesPerTask</c> to <c>(t + 1) * ClassesPerTask - 1</c> (5 tasks of 2: 0-1, 2-3, 4-5, 6-7, 8-9), in the
/// train and the test set. <see cref="Scenario"/> says what the model is asked at test time.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SplitMnistAttribute : Attribute
{
    /// <summary>Number of tasks (experiences), at least 1; Tasks x ClassesPerTask must not exceed the 10 digits.</summary>
    public int Tasks { get; set; } = 5;

    /// <summary>Classes (digits) per task, 1 to 10 (1 only in the Class-IL scenario: a one-class task has nothing to tell apart within it).</summary>
    public int ClassesPerTask { get; set; } = 2;

    /// <summary>What the model must tell apart at test time, and whether it is told the task.</summary>
    public Scenario Scenario { get; set; } = Scenario.ClassIncremental;
}

/// <summary>The continual-learning scenarios of van de Ven &amp; Tolias 2019 ("Three scenarios for continual learning").</summary>
public enum Scenario
{
    /// <summary>
    /// Task-IL: the task identity is given at test time, so each task has its own output head
    /// (<c>[Mlp(..., MultiHead = true)]</c>) over its own classes; the model tells apart the classes within a task.
    /// </summary>
    TaskIncremental,

    /// <summary>
    /// Domain-IL: no task identity; one shared head of ClassesPerTask outputs answers "which class within its task"
    /// (for split MNIST by 2: even or odd digit of the pair).
    /// </summary>
    DomainIncremental,

    /// <summary>
    /// Class-IL: no task identity; one shared head over every class seen (Tasks x ClassesPerTask outputs) must tell
    /// all of them apart, including classes of different tasks.
    /// </summary>
    ClassIncremental,
}
