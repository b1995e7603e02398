using static TorchSharp.torch;

namespace Engram.Tasks;

/// <summary>
/// One minibatch: inputs [batch, features] float32 and labels — class indices [batch] int64, or regression targets
/// [batch, outputs] float32. Valid until the next one is drawn.
/// </summary>
public readonly record struct Minibatch(Tensor Inputs, Tensor Labels);

/// <summary>
/// A task's training or test samples: a view of a shared data set with an optional fixed feature permutation,
/// applied per batch so that T permuted tasks cost one copy of the data, not T.
/// </summary>
public sealed class LabeledSet
{
    private readonly Tensor inputs;
    private readonly Tensor labels;
    private readonly Tensor? permutation;

    /// <summary>Wraps shared tensors (not owned: the data set disposes them).</summary>
    /// <param name="inputs">Shape [N, features], float32.</param>
    /// <param name="labels">Class indices of shape [N] (int64) or regression targets of shape [N, outputs] (float32).</param>
    /// <param name="permutation">Optional shape [features] int64: column j of a sample is read from column permutation[j].</param>
    /// <exception cref="ArgumentException">Shapes disagree.</exception>
    public LabeledSet(Tensor inputs, Tensor labels, Tensor? permutation = null)
    {
        if (inputs.dim() != 2)
            throw new ArgumentException($"Expected inputs of shape [N, features], got [{string.Join(", ", inputs.shape)}].", nameof(inputs));
        if (labels.dim() is not (1 or 2) || labels.shape[0] != inputs.shape[0])
            throw new ArgumentException($"Expected labels of shape [{inputs.shape[0]}] or [{inputs.shape[0]}, outputs], got [{string.Join(", ", labels.shape)}].", nameof(labels));
        if (permutation is not null && (permutation.dim() != 1 || permutation.shape[0] != inputs.shape[1]))
            throw new ArgumentException($"Expected a permutation of shape [{inputs.shape[1]}], got [{string.Join(", ", permutation.shape)}].", nameof(permutation));
        this.inputs = inputs;
        this.labels = labels;
        this.permutation = permutation;
    }

    /// <summary>Number of samples N.</summary>
    public int Count => (int)inputs.shape[0];

    /// <summary>Features per sample.</summary>
    public int Features => (int)inputs.shape[1];

    /// <summary>
    /// Minibatches in one epoch at <paramref name="batchSize"/> (the last may be smaller): 0 or a size of at least
    /// <see cref="Count"/> is one full batch. Never overflows, also at <see cref="int.MaxValue"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is negative.</exception>
    public int BatchesPerEpoch(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchSize);
        int size = Effective(batchSize);
        return size == 0 ? 0 : Count / size + (Count % size == 0 ? 0 : 1);
    }

    /// <summary>
    /// One epoch in a random order drawn from <paramref name="generator"/>. Each batch's tensors live in a dispose
    /// scope that ends when the next batch is drawn (or the loop ends).
    /// </summary>
    /// <param name="batchSize">Samples per batch, at least 0; 0 means full-batch (the whole set in one batch).</param>
    /// <param name="generator">Source of the order; advancing it makes runs reproducible from the seed.</param>
    public IEnumerable<Minibatch> Shuffled(int batchSize, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchSize);
        batchSize = Effective(batchSize);
        using Tensor order = randperm(Count, generator: generator);
        foreach ((int start, int count) in BatchRanges.Of(Count, batchSize))
        {
            using var scope = NewDisposeScope();
            Tensor index = order.narrow(0, start, count);
            yield return new Minibatch(Select(index), labels.index_select(0, index));
        }
    }

    /// <summary>The samples in stored order, in batches (for evaluation). Same lifetime rule as <see cref="Shuffled"/>.</summary>
    public IEnumerable<Minibatch> InOrder(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        foreach ((int start, int count) in BatchRanges.Of(Count, batchSize))
        {
            using var scope = NewDisposeScope();
            Tensor x = inputs.narrow(0, start, count);
            yield return new Minibatch(permutation is null ? x : x.index_select(1, permutation), labels.narrow(0, start, count));
        }
    }

    /// <summary>
    /// A random subset of min(<paramref name="count"/>, N) samples without replacement, as new tensors the caller
    /// owns (or its dispose scope does).
    /// </summary>
    public Minibatch Sample(int count, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using Tensor order = randperm(Count, generator: generator);
        using Tensor index = order.narrow(0, 0, Math.Min(count, Count));
        return new Minibatch(Select(index), labels.index_select(0, index));
    }

    /// <summary>The samples a batch holds: 0 (full batch) and sizes above <see cref="Count"/> mean the whole set.</summary>
    private int Effective(int batchSize) => batchSize == 0 ? Count : Math.Min(batchSize, Count);

    private Tensor Select(Tensor rows)
    {
        Tensor x = inputs.index_select(0, rows);
        if (permutation is null)
            return x;
        using (x)
            return x.index_select(1, permutation);
    }
}
