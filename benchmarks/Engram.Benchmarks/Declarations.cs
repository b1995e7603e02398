using Engram.Dsl;

namespace Engram.Benchmarks;

// Benchmark-only declarations. They go through the same generator as the samples, so the loops timed here are
// generated loops; the benchmarks change their size with `Declared with { ... }`, never their shape.

/// <summary>
/// The training-step workload: plain fine-tuning (cross-entropy, Adam), the model and optimizer of the samples. The
/// step benchmark trains 2 tasks and times the optimizer steps of task 1 (a permuted task) at the batch size under test.
/// </summary>
[Experiment(Seed = 1, Description = "Benchmark: generated fine-tuning loop, timed per optimizer step.")]
[PermutedMnist(Tasks = 2)]
[Mlp(100, 100, 100)]
[Adam(LearningRate = 1e-3), Training(Epochs = 1, BatchSize = 64)]
public partial class StepThroughput;

/// <summary>The whole-run workload: the same declaration as the sample PermutedMnistEwc (5 tasks, offline EWC).</summary>
[Experiment(Seed = 1, Description = "Benchmark: the PermutedMnistEwc sample's declaration, timed end to end.")]
[PermutedMnist(Tasks = 5)]
[Mlp(100, 100, 100)]
[Adam(LearningRate = 1e-3), Training(Epochs = 2, BatchSize = 64)]
[Ewc(Lambda = 100, FisherSamples = 1000)]
public partial class WholeRunEwc;

/// <summary>The memory workload: 10 permuted tasks with offline EWC, run on Fashion-MNIST's 60,000 training images.</summary>
[Experiment(Seed = 1, Description = "Benchmark: 10 permuted tasks with offline EWC, for peak resident memory.")]
[PermutedMnist(Tasks = 10)]
[Mlp(100, 100, 100)]
[Adam(LearningRate = 1e-3), Training(Epochs = 2, BatchSize = 64)]
[Ewc(Lambda = 100, FisherSamples = 1000)]
public partial class TenTaskEwc;
