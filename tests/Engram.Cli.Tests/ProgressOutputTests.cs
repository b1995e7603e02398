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
}
