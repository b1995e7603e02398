using Snapshooter.Xunit;

namespace Engram.Generators.Tests;

/// <summary>
/// The generated code, compared with the reviewed snapshots in __snapshots__. CI sets SNAPSHOOTER_STRICT_MODE=true,
/// so a missing snapshot fails the test instead of being written.
/// </summary>
public sealed class SnapshotTests
{
    [Fact]
    public void PermutedMnistEwc()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.PermutedMnistEwc);

        Assert.Empty(run.Diagnostics);
        Snapshot.Match(run.Generated("Engram.Samples.PermutedMnistEwc.g.cs"));
    }

    [Fact]
    public void PermutedMnistNaive()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.PermutedMnistNaive);

        Assert.Empty(run.Diagnostics);
        Snapshot.Match(run.Generated("Engram.Samples.PermutedMnistNaive.g.cs"));
    }

    [Fact]
    public void SgdWithDefaultsInTheGlobalNamespace()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.SgdDefaults);

        Assert.Empty(run.Diagnostics);
        Snapshot.Match(run.Generated("SgdDefaults.g.cs"));
    }

    [Fact]
    public void ClaimTestOfPermutedMnistEwc()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([GeneratorHarness.PermutedMnistEwc], implicitUsings: true, requireDocumentation: false, xunit: true));

        Assert.Empty(run.Diagnostics);
        Snapshot.Match(run.Generated("Engram.Samples.PermutedMnistEwc.Claims.g.cs"));
    }

    [Fact]
    public void Catalog()
    {
        // Declared out of name order: the catalog sorts by name.
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.SgdDefaults, GeneratorHarness.PermutedMnistNaive, GeneratorHarness.PermutedMnistEwc);

        Assert.Empty(run.Diagnostics);
        Snapshot.Match(run.Generated("ExperimentCatalog.g.cs"));
    }
}
