using System.Globalization;

namespace Engram;

/// <summary>Counts in English text: "1 thread", "2 threads", "0 threads".</summary>
public static class Counts
{
    /// <summary>
    /// <paramref name="count"/> (invariant culture) and the noun in the number it takes: <paramref name="singular"/> for
    /// exactly 1, otherwise <paramref name="plural"/> (by default the singular with an "s").
    /// </summary>
    /// <param name="count">How many.</param>
    /// <param name="singular">The noun for one, e.g. "thread" or "logical processor".</param>
    /// <param name="plural">The noun for any other count, when it is not <paramref name="singular"/> + "s" (e.g. "classes").</param>
    public static string Of(long count, string singular, string? plural = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(singular);
        return count.ToString(CultureInfo.InvariantCulture) + " " + Noun(count, singular, plural);
    }

    /// <summary>The noun alone in the number <paramref name="count"/> takes ("1 of 2 rows": <c>Noun(2, "row")</c>).</summary>
    /// <param name="count">How many.</param>
    /// <param name="singular">The noun for one.</param>
    /// <param name="plural">The noun for any other count, when it is not <paramref name="singular"/> + "s".</param>
    public static string Noun(long count, string singular, string? plural = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(singular);
        return count == 1 ? singular : plural ?? singular + "s";
    }
}
