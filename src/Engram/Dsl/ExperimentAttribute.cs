namespace Engram.Dsl;

/// <summary>
/// Marks a <c>partial class</c> as a continual-learning experiment. The Engram source generator validates the
/// declaration at compile time and adds a typed <c>Spec</c>, a <c>Run</c> method and a catalog entry to the class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ExperimentAttribute : Attribute
{
    /// <summary>Name used on the command line and in results; defaults to the class name.</summary>
    public string? Name { get; set; }

    /// <summary>Seed of every random choice in the run (initial weights, permutations, batch order, Fisher samples).</summary>
    public int Seed { get; set; } = 1;

    /// <summary>One-sentence description shown by <c>list</c> and written to the results.</summary>
    public string? Description { get; set; }
}
