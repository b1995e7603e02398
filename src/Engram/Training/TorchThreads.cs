using System.Globalization;

namespace Engram.Training;

/// <summary>
/// The range of libtorch intra-op thread counts a run accepts. libtorch starts every thread it is told to, so an
/// unchecked <c>--threads 100000</c> starts a hundred thousand threads and stalls the machine; more threads than
/// <see cref="Max"/> (four per logical processor) only add contention.
/// </summary>
public static class TorchThreads
{
    /// <summary>Threads per logical processor allowed at most.</summary>
    public const int PerProcessor = 4;

    /// <summary>The largest thread count a run accepts on this machine: <see cref="PerProcessor"/> x <see cref="Environment.ProcessorCount"/>.</summary>
    public static int Max => PerProcessor * Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// What is wrong with <paramref name="threads"/> (e.g. <c>--threads is 100000; it must be in 1..8 (4 per logical
    /// processor, 2 here)</c>), or null when it is in 1..<see cref="Max"/>.
    /// </summary>
    /// <param name="threads">The requested thread count.</param>
    /// <param name="name">How the message names the setting, e.g. <c>--threads</c> or <c>RunContext.Threads</c>.</param>
    public static string? Check(int threads, string name = "--threads") =>
        threads >= 1 && threads <= Max
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"{name} is {threads}; it must be in 1..{Max} ({PerProcessor} per logical processor, {Environment.ProcessorCount} here)");
}
