namespace Engram.DataPrep;

/// <summary>One example: its class (label) and its index among that class's digits in the npm package.</summary>
internal readonly record struct SourceDigit(int Label, int Index);

/// <summary>
/// The fixed, seeded, stratified train/test split of the embedded digits. The rule (also in data/README.md):
/// <list type="number">
/// <item>For each class c in 0..9 with n_c digits: shuffle the indices 0..n_c-1 with <see cref="SplitMix64"/> seeded
/// with <see cref="Seed"/> + c (Fisher–Yates, j = next mod (i+1)).</item>
/// <item>The first round(0.2 n_c) = floor((2 n_c + 5) / 10) shuffled indices go to the test set, the rest to the
/// training set (0.2 n_c is never exactly halfway, so the rounding convention does not matter).</item>
/// <item>Each split is listed class by class in shuffled order, then interleaved by one more Fisher–Yates shuffle with
/// SplitMix64 seeded <see cref="Seed"/> + 10 (training set) or <see cref="Seed"/> + 11 (test set), so that any prefix
/// of a split holds every class in about its proportion.</item>
/// </list>
/// </summary>
internal static class StratifiedSplit
{
    /// <summary>The seed: the ASCII bytes of "ENGRAM01" read as a big-endian 64-bit integer (4994007455408926769).</summary>
    public const ulong Seed = 0x454E4752414D3031UL;

    /// <summary>Offset added to <see cref="Seed"/> for the generator that orders the training set.</summary>
    public const ulong TrainOrderOffset = 10;

    /// <summary>Offset added to <see cref="Seed"/> for the generator that orders the test set.</summary>
    public const ulong TestOrderOffset = 11;

    /// <summary>round(0.2 n) in integers.</summary>
    public static int TestCount(int n) => (2 * n + 5) / 10;

    /// <summary>Splits classes of the given sizes; returns both splits in their final order.</summary>
    public static (SourceDigit[] Train, SourceDigit[] Test) Split(IReadOnlyList<int> classSizes)
    {
        var train = new List<SourceDigit>();
        var test = new List<SourceDigit>();
        for (int c = 0; c < classSizes.Count; c++)
        {
            int[] order = Enumerable.Range(0, classSizes[c]).ToArray();
            new SplitMix64(unchecked(Seed + (ulong)c)).Shuffle(order);
            int k = TestCount(classSizes[c]);
            test.AddRange(order.Take(k).Select(i => new SourceDigit(c, i)));
            train.AddRange(order.Skip(k).Select(i => new SourceDigit(c, i)));
        }
        SourceDigit[] trainOrder = train.ToArray(), testOrder = test.ToArray();
        new SplitMix64(unchecked(Seed + TrainOrderOffset)).Shuffle(trainOrder);
        new SplitMix64(unchecked(Seed + TestOrderOffset)).Shuffle(testOrder);
        return (trainOrder, testOrder);
    }
}
