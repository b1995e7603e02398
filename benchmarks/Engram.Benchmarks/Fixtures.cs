using Engram.Importance;
using Engram.Models;
using Engram.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Engram.Benchmarks;

/// <summary>Which EWC form a step adds to its loss.</summary>
public enum PenaltyKind
{
    /// <summary>No penalty: cross-entropy only.</summary>
    None,

    /// <summary><see cref="OfflineEwc"/>: running sums, O(1) in the number of tasks.</summary>
    Running,

    /// <summary><see cref="DirectOfflineEwc"/>: one Fisher and anchor per task, summed each step.</summary>
    Direct,

    /// <summary><see cref="OnlineEwc"/>: one running Fisher and one anchor.</summary>
    Online,
}

/// <summary>
/// One optimizer step of the training workload on pre-gathered batches (so only the step is timed): an
/// <see cref="Mlp"/> 784-100-100-100-10, cross-entropy plus an optional EWC penalty after <c>tasks</c>
/// consolidations, backward, Adam.
/// </summary>
public sealed class StepFixture : IDisposable
{
    private readonly Tensor[] inputs;
    private readonly Tensor[] labels;
    private readonly Mlp model;
    private readonly optim.Optimizer optimizer;
    private readonly OfflineEwc? running;
    private readonly DirectOfflineEwc? direct;
    private readonly OnlineEwc? online;
    private int next;

    /// <summary>Builds the model, consolidates <paramref name="tasks"/> synthetic tasks and gathers the batches.</summary>
    /// <param name="workload">Source of the batches (task 1's permutation).</param>
    /// <param name="batchSize">Samples per step.</param>
    /// <param name="batches">Distinct batches cycled through.</param>
    /// <param name="penalty">The EWC form.</param>
    /// <param name="tasks">Consolidations before timing (ignored for <see cref="PenaltyKind.None"/>).</param>
    /// <param name="seed">Seed of the model, the batches and the synthetic Fisher values and anchors.</param>
    public StepFixture(Workload workload, int batchSize, int batches, PenaltyKind penalty, int tasks, int seed = 1)
    {
        manual_seed(seed);
        model = new Mlp(784, [100, 100, 100], 10);
        using var generator = new Generator((ulong)seed);
        Tensor images = workload.Data.TrainImages;
        Tensor? permutation = workload.Permutation(Math.Min(1, workload.Tasks - 1));
        inputs = new Tensor[batches];
        labels = new Tensor[batches];
        for (int b = 0; b < batches; b++)
        {
            using Tensor index = randint(0, images.shape[0], [batchSize], dtype: ScalarType.Int64, generator: generator);
            using Tensor rows = images.index_select(0, index);
            inputs[b] = (permutation is null ? rows.clone() : rows.index_select(1, permutation)).DetachFromDisposeScope();
            labels[b] = workload.Data.TrainLabels.index_select(0, index).DetachFromDisposeScope();
        }

        switch (penalty)
        {
            case PenaltyKind.Running:
                running = new OfflineEwc(model, 100);
                Consolidate(tasks, running.Consolidate);
                break;
            case PenaltyKind.Direct:
                direct = new DirectOfflineEwc(model, 100);
                Consolidate(tasks, direct.Consolidate);
                break;
            case PenaltyKind.Online:
                online = new OnlineEwc(model, 100, 1.0);
                Consolidate(tasks, online.Consolidate);
                break;
        }

        optimizer = optim.Adam(model.parameters(), lr: 1e-3);
    }

    /// <summary>The model stepped.</summary>
    public Mlp Model => model;

    /// <summary>One optimizer step on the next batch.</summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        int b = next;
        next = (next + 1) % inputs.Length;
        optimizer.zero_grad();
        Tensor loss = nn.functional.cross_entropy(model.call(inputs[b]), labels[b]);
        if (running is not null)
            loss = loss + running.Penalty();
        else if (direct is not null)
            loss = loss + direct.Penalty();
        else if (online is not null)
            loss = loss + online.Penalty();
        loss.backward();
        optimizer.step();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        running?.Dispose();
        direct?.Dispose();
        online?.Dispose();
        optimizer.Dispose();
        model.Dispose();
        foreach (Tensor t in inputs.Concat(labels))
            t.Dispose();
    }

    // Synthetic consolidations: each task moves the parameters a little (as training would) and brings a positive
    // Fisher of realistic size; the step's cost does not depend on the values, only on the stored form.
    private void Consolidate(int tasks, Action<ParameterImportance> consolidate)
    {
        for (int t = 0; t < tasks; t++)
        {
            using var scope = NewDisposeScope();
            using (no_grad())
            {
                foreach (var p in model.parameters())
                    p.add_(randn_like(p) * 0.01);
            }

            using var fisher = new ParameterImportance(
                model.named_parameters().Select(p => new KeyValuePair<string, Tensor>(p.name, (rand_like(p.parameter) * 1e-3).DetachFromDisposeScope())).ToArray(),
                "synthetic", 1);
            consolidate(fisher);
        }
    }
}
