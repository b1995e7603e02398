using System.Diagnostics;
using System.Globalization;
using Engram.Experiments;
using static Engram.Benchmarks.Measure;

namespace Engram.Benchmarks;

/// <summary>
/// The <c>rss-run</c> command, run in a child process by <c>compare</c> so that its peak resident set size (VmHWM)
/// is the run's alone: the 10-task offline-EWC declaration on the given data, then two Markdown tables (the totals,
/// and resident memory at every task boundary, which stays flat when nothing leaks and the EWC state is O(parameters)).
/// </summary>
public static class RssRun
{
    /// <summary>Runs <see cref="TenTaskEwc"/> and prints its time, peak RSS and ACC.</summary>
    public static int Run(string? data, int? threads)
    {
        TorchRuntime.EnsureLoaded();
        long beforeKib = PeakRssKib();
        var observer = new MemoryObserver();
        var clock = Stopwatch.StartNew();
        ExperimentResult result = TenTaskEwc.Run(TenTaskEwc.Declared, new RunContext { DataDirectory = data, Threads = threads, CurveEvery = 0, Observer = observer });
        double seconds = clock.Elapsed.TotalSeconds;
        long peakKib = PeakRssKib();
        int images;
        using (var set = data is null ? Engram.Data.MnistDataSet.LoadEmbedded() : Engram.Data.MnistDataSet.Load(data))
            images = set.TrainCount;

        Console.WriteLine("| tasks | training images per task | wall s | peak RSS (VmHWM) | RSS with runtime and libtorch loaded, before the run | ACC | BWT |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| {result.Accuracy.Tasks} | {N(images)} | {F(seconds, "F1")} | {Mib(peakKib)} | {Mib(beforeKib)} | {F(100 * result.Acc)}% | {F(100 * result.Bwt)} pp |");
        Console.WriteLine();
        Console.WriteLine("| moment | RSS (VmRSS) | peak so far (VmHWM) |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (moment, rss, peak) in observer.Samples)
            Console.WriteLine($"| {moment} | {Mib(rss)} | {Mib(peak)} |");
        return 0;
    }

    private static string Mib(long kib) => $"{F(kib / 1024.0, "F0")} MiB";

    /// <summary>Resident memory of this process (VmRSS), KiB, or -1 when unknown.</summary>
    private static long RssKib()
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>Samples VmRSS and VmHWM when training starts (data loaded, baseline evaluated) and after every task.</summary>
    private sealed class MemoryObserver : IRunObserver
    {
        public List<(string Moment, long Rss, long Peak)> Samples { get; } = [];

        public void TaskStarted(int task, int tasks, string name, int totalSteps)
        {
            if (task == 0)
                Samples.Add(("training starts (data loaded, untrained model evaluated)", RssKib(), PeakRssKib()));
        }

        public void StepCompleted(int task, int epoch, int step, double loss)
        {
        }

        public void TaskCompleted(int task, IReadOnlyList<double> accuracies, TaskTiming timing) =>
            Samples.Add(($"after task {task} (trained, Fisher, consolidated, all tasks evaluated)", RssKib(), PeakRssKib()));
    }
}
