namespace Engram.Experiments;

/// <summary>
/// Emitted by the Engram generator, once per experiment, on the assembly that declares it, so that other compilations
/// (a test project referencing the experiments) find the experiments without scanning every type.
/// </summary>
/// <param name="experiment">The experiment class.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class DeclaredExperimentAttribute(Type experiment) : Attribute
{
    /// <summary>The experiment class.</summary>
    public Type Experiment { get; } = experiment;
}
