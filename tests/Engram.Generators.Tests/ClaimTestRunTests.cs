using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Engram.Generators.Tests;

/// <summary>
/// A generated experiment test, compiled, loaded and run for real: it trains the experiment and fails with a message
/// naming each unmet claim, its threshold and the measured value (and nothing about the claims that are met).
/// </summary>
public sealed class ClaimTestRunTests
{
    private const string Declaration = """
        using Engram.Dsl;

        namespace Lab;

        /// <summary>Two small tasks, with one claim it meets and two it cannot.</summary>
        [Experiment(Name = "tiny", Seed = 3)]
        [PermutedMnist(Tasks = 2)]
        [Mlp(16)]
        [Adam(LearningRate = 1e-2), Training(Epochs = 1, BatchSize = 256)]
        [Expect(Metric.Acc, AtLeast = 0.5)]
        [Expect(Metric.Acc, AtLeast = 0.999)]
        [Expect(Metric.Bwt, AtLeast = 0.5)]
        public partial class Tiny;
        """;

    [Fact]
    public void AnUnmetClaimFailsTheGeneratedTestNamingTheClaimThresholdAndMeasuredValue()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation([Declaration], implicitUsings: true, requireDocumentation: false, xunit: true));
        Assert.Empty(run.Diagnostics);
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));

        Type test = Assembly.Load(image.ToArray()).GetType("Lab.TinyClaims", throwOnError: true)!;
        var error = Assert.IsAssignableFrom<Exception>(Assert.Throws<TargetInvocationException>(
            () => test.GetMethod("MeetsItsClaims")!.Invoke(Activator.CreateInstance(test), null)).InnerException);

        string[] lines = error.Message.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("tiny did not meet 2 of 3 claims:", lines[0]);
        Assert.Matches(@"^  ACC >= 0\.999: measured 0\.\d{4}, not met$", lines[1]);
        Assert.Matches(@"^  BWT >= 0\.5: measured -?0\.\d{4}, not met$", lines[2]);
        Assert.StartsWith("Run size: ", lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain("ACC >= 0.5", error.Message, StringComparison.Ordinal);
    }
}
