using Snapshooter;
using Snapshooter.Xunit;

namespace Engram.Generators.Tests;

/// <summary>
/// The generated code, compared with the reviewed snapshots in __snapshots__. CI sets SNAPSHOOTER_STRICT_MODE=true,
/// so a missing snapshot fails the test instead of being written.
/// </summary>
public sealed class SnapshotTests
{
    /// <summary>Every sample experiment of samples/Engram.Samples, by class name.</summary>
    public static TheoryData<string> Samples { get; } = new(
        Directory.GetFiles(Path.Combine(GeneratorHarness.RepositoryRoot(), "samples", "Engram.Samples"), "*.cs")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name != "Program")
            .Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Samples))]
    public void EverySampleGeneratesItsReviewedCode(string sample)
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.Sample(sample + ".cs"));

        Assert.Empty(run.Diagnostics);
        Snapshot.Match(run.Generated("Engram.Samples." + sample + ".g.cs"), SnapshotNameExtension.Create(sample));
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
