using BenchmarkDotNet.Attributes;

namespace Engram.Benchmarks.Suites;

/// <summary>A training step (batch 64) with the offline EWC penalty after 1 and after 20 consolidated tasks, running-sum vs direct form.</summary>
[Config(typeof(SuiteConfig))]
public class EwcStepBenchmarks
{
    private Workload workload = null!;
    private StepFixture fixture = null!;

    /// <summary>Consolidated tasks.</summary>
    [Params(1, 20)]
    public int Tasks { get; set; }

    /// <summary>The penalty's form.</summary>
    [Params(PenaltyKind.Running, PenaltyKind.Direct)]
    public PenaltyKind Form { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        SuiteConfig.Initialize();
        workload = Workload.Load(null, seed: 1, tasks: 2);
        fixture = new StepFixture(workload, 64, 50, Form, Tasks);
    }

    [Benchmark(Description = "step with offline EWC")]
    public void Step() => fixture.Step();

    [GlobalCleanup]
    public void Cleanup()
    {
        fixture.Dispose();
        workload.Dispose();
    }
}
