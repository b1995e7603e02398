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
    public void CurveMaskTwoTasks()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CurveMaskTwoTasks);

        Assert.Empty(run.Diagnostics);
        Snapshot.Match(run.Generated("Engram.Samples.CurveMaskTwoTasks.g.cs"));
    }

    [Fact]
    public void CurveL1Mask()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CurveL1Mask);

        Assert.Empty(run.Diagnostics);
        Snapshot.Match(run.Generated("Engram.Samples.CurveL1Mask.g.cs"));
    }

    [Fact]
    public void CurveMaskEwc()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CurveMaskEwc);

        Assert.Empty(run.Diagnostics);
        Snapshot.Match(run.Generated("Engram.Samples.CurveMaskEwc.g.cs"));
    }

    [Fact]
    public void PermutedMnistOnlineEwc()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.PermutedMnistOnlineEwc);

        Assert.Empty(run.Diagnostics);
        Snapshot.Match(run.Generated("Engram.Samples.PermutedMnistOnlineEwc.g.cs"));
    }

    [Fact]
    public void SplitMnistClassIncremental()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.SplitMnistClassIncremental);

        Assert.Empty(run.Diagnostics);
        Snapshot.Match(run.Generated("Engram.Samples.SplitMnistClassIncremental.g.cs"));
    }

    [Fact]
    public void SplitMnistTaskIncrementalEwc()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.SplitMnistTaskIncrementalEwc);

        Assert.Empty(run.Diagnostics);
        Snapshot.Match(run.Generated("Engram.Samples.SplitMnistTaskIncrementalEwc.g.cs"));
    }

    [Fact]
    public void MaskEwcL1WithEverySettingDeclared()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.MaskEwcL1);

        Assert.Empty(run.Diagnostics);
        Snapshot.Match(run.Generated("Lab.Combined.MaskEwcL1.g.cs"));
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
