using Engram.Dsl;
using Engram.Experiments;
using Engram.Importance;
using Engram.Models;
using Engram.Regularizers;
using Engram.Tasks;
using Engram.Training;
using static TorchSharp.torch;

namespace Engram.Tests.Reliability;

/// <summary>The configuration of <see cref="HandLoop"/>, recorded like a generated Spec.</summary>
public sealed record HandLoopSpec(int Seed, int Tasks, int Epochs, int BatchSize, double LearningRate, double EwcLambda, int FisherSamples);

/// <summary>
/// A training loop written the way the generator writes one (Adam, offline EWC, empirical Fisher, permuted MNIST on
/// the embedded digits), small enough to run several times in a test: hidden layer of 32, large batches.
/// </summary>
internal static class HandLoop
{
    public static HandLoopSpec Small { get; } = new(Seed: 7, Tasks: 3, Epochs: 2, BatchSize: 256, LearningRate: 1e-3, EwcLambda: 100, FisherSamples: 200);

    /// <summary>Runs the loop; returns the result and the final parameters.</summary>
    public static (ExperimentResult Result, float[][] Parameters) Run(HandLoopSpec spec, RunContext context)
    {
        using var run = new ContinualRun("HandLoop", spec, spec.Seed, context);
        using var data = run.LoadMnist();
        using var stream = PermutedMnist.Create(data, spec.Tasks, spec.Seed);
        using var model = new Mlp(stream.Features, [32], stream.Classes);
        run.Watch(model, stream.Tasks);
        using var ewc = new OfflineEwc(model, spec.EwcLambda);
        run.Track("ewc", ewc);

        foreach (ContinualTask task in run.Remaining(stream.Tasks))
        {
            run.BeginTask(task, stream.Tasks.Count, spec.Epochs, spec.BatchSize);
            using var optimizer = optim.Adam(model.parameters(), lr: spec.LearningRate, beta1: 0.9, beta2: 0.999);
            run.Track(optimizer);
            for (int epoch = 0; epoch < spec.Epochs; epoch++)
            {
                foreach (Minibatch batch in run.Batches(task.Train, spec.BatchSize, epoch))
                {
                    using var step = NewDisposeScope();
                    optimizer.zero_grad();
                    Tensor loss = nn.functional.cross_entropy(model.call(batch.Inputs), batch.Labels) + ewc.Penalty();
                    loss.backward();
                    optimizer.step();
                    run.StepDone(epoch, loss);
                }
            }

            run.EndTraining();
            using (NewDisposeScope())
            {
                Minibatch samples = task.Train.Sample(spec.FisherSamples, run.Generator);
                using ParameterImportance fisher = FisherInformation.Estimate(model, samples.Inputs, samples.Labels, FisherEstimator.Empirical, Likelihood.Categorical);
                run.RecordImportance(fisher);
                ewc.Consolidate(fisher);
            }

            run.EvaluateAll(model, stream.Tasks);
        }

        ExperimentResult result = run.Finish();
        return (result, model.parameters().Select(p => p.detach().data<float>().ToArray()).ToArray());
    }
}

/// <summary>An observer that cancels a token when a given task reaches a given step (0: when the task completes).</summary>
internal sealed class StopAt(CancellationTokenSource stop, int stopTask, int stopStep) : IRunObserver
{
    public void TaskStarted(int task, int tasks, string name, int totalSteps)
    {
    }

    public void StepCompleted(int task, int epoch, int step, double loss)
    {
        if (task == stopTask && step == stopStep)
            stop.Cancel();
    }

    public void TaskCompleted(int task, IReadOnlyList<double> accuracies, TaskTiming timing)
    {
        if (task == stopTask && stopStep == 0)
            stop.Cancel();
    }
}
