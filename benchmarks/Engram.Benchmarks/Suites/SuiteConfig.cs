using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using static TorchSharp.torch;

namespace Engram.Benchmarks.Suites;

/// <summary>
/// The configuration every suite uses: in-process (the benchmarks need libtorch's natives, which the build output
/// already carries and patches), a short job (3 warm-ups, 10 iterations: the suites are for relative figures on a
/// shared 2-core machine, not for nanosecond precision), and the memory diagnoser for managed allocations.
/// </summary>
public sealed class SuiteConfig : ManualConfig
{
    /// <summary>The environment variable that sets libtorch's threads in every suite (default 2).</summary>
    public const string ThreadsVariable = "ENGRAM_BENCH_THREADS";

    /// <summary>Builds the configuration.</summary>
    public SuiteConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10).WithId("InProcess"));
        AddDiagnoser(MemoryDiagnoser.Default);
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }

    /// <summary>Loads libtorch and sets the thread count from <see cref="ThreadsVariable"/> (default 2).</summary>
    public static void Initialize()
    {
        TorchRuntime.EnsureLoaded();
        set_num_threads(int.TryParse(Environment.GetEnvironmentVariable(ThreadsVariable), out int threads) && threads > 0 ? threads : 2);
    }
}
