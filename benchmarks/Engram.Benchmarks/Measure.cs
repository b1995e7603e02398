using System.Diagnostics;
using System.Globalization;

namespace Engram.Benchmarks;

/// <summary>Small helpers shared by the comparison: timing, medians, machine facts, number formatting.</summary>
public static class Measure
{
    /// <summary>Wall seconds of <paramref name="action"/>.</summary>
    public static double Seconds(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>Wall and process CPU seconds of <paramref name="action"/>.</summary>
    public static (double Wall, double Cpu) WallAndCpu(Action action)
    {
        double cpu = CpuSeconds();
        long start = Stopwatch.GetTimestamp();
        action();
        return (Stopwatch.GetElapsedTime(start).TotalSeconds, CpuSeconds() - cpu);
    }

    /// <summary>CPU seconds this process has used so far (all threads, user + system).</summary>
    public static double CpuSeconds() => Environment.CpuUsage.TotalTime.TotalSeconds;

    /// <summary>The median (mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The 1-, 5- and 15-minute load averages from <c>/proc/loadavg</c>, or "?" off Linux.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>The 1-minute load average, or NaN when unknown.</summary>
    public static double LoadAverage1() =>
        double.TryParse(LoadAverage().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN;

    /// <summary>CPU model, logical CPUs and memory, from <c>/proc</c>.</summary>
    public static string Machine()
    {
        string cpu = "?";
        string memory = "?";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
            string? total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal));
            if (total is not null)
                memory = $"{long.Parse(total.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0 / 1024.0:F1} GiB";
        }
        catch (IOException)
        {
        }

        return $"{cpu}, {Environment.ProcessorCount} logical CPUs, {memory} RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }

    /// <summary>Peak resident set size of this process (VmHWM), KiB, or -1 when unknown.</summary>
    public static long PeakRssKib()
    {
        try
        {
            string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? -1 : long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    /// <summary>Invariant formatting.</summary>
    public static string F(double value, string format = "F2") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Invariant formatting of thousands, e.g. 12,345.</summary>
    public static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
