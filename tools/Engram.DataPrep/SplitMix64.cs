namespace Engram.DataPrep;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014; the reference code is Vigna's splitmix64.c): a 64-bit state advanced by
/// the golden-ratio increment 0x9E3779B97F4A7C15 and mixed by two xor-shift-multiply rounds. Implemented here, not
/// taken from the runtime, so that the split rule in data/README.md can be reproduced in any language.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64-bit output (all arithmetic modulo 2^64).</summary>
    public ulong Next()
    {
        unchecked
        {
            _state += 0x9E3779B97F4A7C15UL;
            ulong z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>
    /// Fisher–Yates (Durstenfeld) shuffle in place: for i from n-1 down to 1, j = Next() mod (i + 1), swap items i and j.
    /// The modulo's bias (below n / 2^64) is irrelevant for a fixed, documented rule.
    /// </summary>
    public void Shuffle<T>(T[] items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)(Next() % (ulong)(i + 1));
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
