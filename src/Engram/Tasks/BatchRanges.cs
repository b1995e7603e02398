namespace Engram.Tasks;

/// <summary>The consecutive batches that cover a set: what every batched loop over samples walks.</summary>
internal static class BatchRanges
{
    /// <summary>
    /// The (start, count) of consecutive batches of <paramref name="batchSize"/> items (the last may be smaller) that
    /// cover items 0 to <paramref name="total"/> - 1; the arithmetic cannot overflow, even at <see cref="int.MaxValue"/>.
    /// </summary>
    /// <param name="total">Items to cover, at least 0.</param>
    /// <param name="batchSize">Items per batch, at least 1 (any value for an empty set, which has no batch).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="total"/> is negative, or a non-empty set has a <paramref name="batchSize"/> below 1.</exception>
    public static IEnumerable<(int Start, int Count)> Of(int total, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        if (total > 0)
            ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return Walk(total, batchSize);

        static IEnumerable<(int Start, int Count)> Walk(int total, int batchSize)
        {
            for (int start = 0; start < total;)
            {
                int count = Math.Min(batchSize, total - start);
                yield return (start, count);
                start += count;
            }
        }
    }
}
