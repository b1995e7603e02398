using BenchmarkDotNet.Attributes;
using Engram.Dsl;
using Engram.Importance;
using Engram.Models;
using static TorchSharp.torch;

namespace Engram.Benchmarks.Suites;

/// <summary>The exact empirical Fisher of 1,000 samples: batched (one backward per 500 samples) vs one backward per sample.</summary>
[Config(typeof(SuiteConfig))]
public class FisherBenchmarks
{
    private Workload workload = null!;
    private Mlp model = null!;
    private Tensor inputs = null!;
    private Tensor labels = null!;

    /// <summary>Samples in the estimate.</summary>
    [Params(1000)]
    public int Samples { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        SuiteConfig.Initialize();
        workload = Workload.Load(null, seed: 1, tasks: 1);
        manual_seed(1);
        model = new Mlp(784, [100, 100, 100], 10);
        using var generator = new Generator(1);
        HandWrittenLoop.Train(model, workload.Data.TrainImages, workload.Data.TrainLabels, null, 64, 1, generator);
        using Tensor index = randperm(workload.Data.TrainCount, generator: generator).narrow(0, 0, Samples);
        inputs = workload.Data.TrainImages.index_select(0, index);
        labels = workload.Data.TrainLabels.index_select(0, index);
    }

    [Benchmark(Baseline = true, Description = "per-sample loop")]
    public void PerSampleLoop()
    {
        foreach (Tensor t in PerSampleFisher.Estimate(model, inputs, labels))
            t.Dispose();
    }

    [Benchmark(Description = "batched (delta^2)^T (a^2)")]
    public void Batched()
    {
        using var fisher = FisherInformation.Estimate(model, inputs, labels, FisherEstimator.Empirical, Likelihood.Categorical);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        inputs.Dispose();
        labels.Dispose();
        model.Dispose();
        workload.Dispose();
    }
}
