using Engram.Experiments;
using Engram.Samples;

namespace Engram.Cli.Tests;

/// <summary>What <c>run</c> prints while it trains (plain lines, as when redirected): step counts and time estimates.</summary>
public sealed class ProgressOutputTests : IDisposable
{
    private readonly string folder = Cli.NewFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The task-incremental split MNIST sample as the generated catalog lists it (with sizes and overrides).</summary>
    private static ExperimentDescriptor[] Split { get; } =
    [
        ExperimentDescriptor.Create("SplitMnistTaskIncremental", "Split MNIST, task-incremental", "SplitMnist", SplitMnistTaskIncremental.Declared,
            SplitMnistTaskIncremental.Claims, SplitMnistTaskIncremental.Run),
    ];

    [Fact]
    public void A_batch_size_above_the_training_set_is_one_full_batch_per_epoch_not_an_overflow()
    {
        (int exit, string output) = Cli.Run(Split, "run", "SplitMnistTaskIncremental", "--size", "quick", "--batch-size", "2147483647", "--threads", "1", "-o", folder);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("task 1/3 (digits 0-1): epoch 1 step 1/1 loss ", output);
        Assert.DoesNotContain("/0 ", output);
        Assert.DoesNotContain("-0s", output);
        Assert.DoesNotContain("0 steps", output);
    }

    [Fact]
    public void Counts_of_one_read_in_the_singular_in_the_output_and_the_report()
    {
        (int exit, string output) = Cli.Run(Split, "run", "SplitMnistTaskIncremental", "--size", "quick", "--tasks", "1", "--batch-size", "2147483647", "--threads", "1",
            "--lr", "1e-9", "-o", folder);

        // One step on one thread with a learning rate too small to learn: the single ACC claim is not met.
        Assert.Equal(ExitCodes.ClaimsNotMet, exit);
        Assert.Contains("task 1/1 (digits 0-1): training, 1 step", output);
        Assert.Contains("s (1 thread)", output);
        Assert.Contains("The claim is not met (exit code 7).", output);
        string report = File.ReadAllText(Directory.GetFiles(folder, "report.md", SearchOption.AllDirectories).Single());
        Assert.Contains(", 1 task, started", report);
        Assert.Contains("(1 libtorch thread on ", report);
        Assert.Contains("every optimizer step and at the end of each task", report);
        Assert.DoesNotMatch(@"\b1 [a-z ]*(threads|tasks|steps|claims)\b", output + report);
    }
}
