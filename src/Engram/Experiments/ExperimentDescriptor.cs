namespace Engram.Experiments;

/// <summary>
/// A catalog entry for one declared experiment, emitted by the Engram generator (no reflection scan): its name,
/// description, declared configuration and an entry point that runs it.
/// </summary>
/// <param name="Name">Unique name within the assembly, used on the command line.</param>
/// <param name="Description">One sentence, or empty.</param>
/// <param name="Family">Task family, e.g. "PermutedMnist".</param>
/// <param name="Declared">The declared configuration (the generated <c>Spec</c> record).</param>
/// <param name="Run">Runs the declared configuration in a context.</param>
public sealed record ExperimentDescriptor(string Name, string Description, string Family, object Declared, Func<RunContext, ExperimentResult> Run);
