using System.Globalization;
using BenchmarkDotNet.Running;
using Engram.Benchmarks;

// Engram.Benchmarks
//   compare [--threads N] [--data DIR] [--reps R] [--epochs E] [--python PATH] [--skip-rss] [--out FILE]
//       every figure of benchmarks/RESULTS.md from one run: Engram's generated loop, the hand-written TorchSharp loop
//       and the PyTorch peer measured back to back (interleaved repetitions, medians)
//   profile [--threads N] [--data DIR] [--python PATH]
//       where one training step's time goes (gather, forward, loss, backward, Adam), part by part, beside the
//       PyTorch peer (process CPU time; default 1 thread, where CPU time is insensitive to other processes)
//   rss-run [--data DIR] [--threads N]
//       the 10-task offline-EWC run whose peak RSS `compare` reports (run in a child process)
//   suites [BenchmarkDotNet arguments, e.g. --filter '*Fisher*']
//       the BenchmarkDotNet suites (threads from ENGRAM_BENCH_THREADS, default 2)
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: Engram.Benchmarks compare [--threads N] [--data DIR] [--reps R] [--epochs E] [--python PATH] [--skip-rss] [--out FILE]");
    Console.WriteLine("       Engram.Benchmarks profile [--threads N] [--data DIR] [--python PATH]");
    Console.WriteLine("       Engram.Benchmarks rss-run [--data DIR] [--threads N]");
    Console.WriteLine("       Engram.Benchmarks suites [BenchmarkDotNet arguments, e.g. --filter '*Fisher*']");
    return args.Length == 0 ? 1 : 0;
}

string? Option(string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
int? IntOption(string name) => Option(name) is string text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

switch (args[0])
{
    case "compare":
        return Comparison.Run(new ComparisonOptions
        {
            Threads = IntOption("--threads") ?? 2,
            Data = Option("--data"),
            Repetitions = IntOption("--reps") ?? 5,
            Epochs = IntOption("--epochs") ?? 1,
            Python = Option("--python"),
            SkipRss = args.Contains("--skip-rss"),
            Output = Option("--out"),
        });
    case "profile":
        return Profile.Run(IntOption("--threads") ?? 1, Option("--data"), Option("--python"));
    case "rss-run":
        return RssRun.Run(Option("--data"), IntOption("--threads"));
    case "suites":
        BenchmarkSwitcher.FromAssembly(typeof(Comparison).Assembly).Run(args[1..]);
        return 0;
    default:
        Console.Error.WriteLine($"unknown command '{args[0]}' (compare, profile, rss-run, suites)");
        return 1;
}
