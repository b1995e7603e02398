namespace Engram.Tests.Performance;

/// <summary>
/// Tests that set process-wide libtorch state (the intra-op thread count), or compare runs that draw their initial
/// weights from the global torch generator (another test seeding or drawing from it in parallel would change them),
/// run in this collection, which xunit runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialPerformanceCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Serial performance tests";
}
