using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace Engram.Benchmarks.Suites;

/// <summary>The machine's matrix-multiply peak through TorchSharp: a large float32 <c>torch.mm</c>.</summary>
[Config(typeof(SuiteConfig))]
public class MatmulBenchmarks
{
    private Tensor a = null!;
    private Tensor b = null!;

    /// <summary>Matrix side.</summary>
    [Params(2048)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        SuiteConfig.Initialize();
        a = randn(N, N);
        b = randn(N, N);
    }

    /// <summary>2 N^3 FLOP; GFLOP/s = 2 N^3 / mean time.</summary>
    [Benchmark]
    public void Mm()
    {
        using Tensor c = a.mm(b);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        a.Dispose();
        b.Dispose();
    }
}
