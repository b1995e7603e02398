using System.Diagnostics;
using System.Text;
using Engram.Data;
using Engram.Dsl;
using Engram.Experiments;
using Engram.Importance;
using Engram.Models;
using Engram.Regularizers;
using TorchSharp;
using static Engram.Benchmarks.Measure;
using static TorchSharp.torch;

namespace Engram.Benchmarks;

/// <summary>Options of the <c>compare</c> command.</summary>
public sealed record ComparisonOptions
{
    /// <summary>libtorch intra-op threads for Engram, the hand-written loop and the peer.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Data of the step benchmarks (default: Fashion-MNIST when installed, else the embedded digits).</summary>
    public string? Data { get; init; }

    /// <summary>Repetitions of every interleaved measurement; medians are reported.</summary>
    public int Repetitions { get; init; } = 5;

    /// <summary>Epochs of the timed task in the step benchmark.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Python interpreter of the peer (null: /usr/bin/python3, else python3).</summary>
    public string? Python { get; init; }

    /// <summary>Skip the 10-task Fashion-MNIST peak-RSS run (minutes).</summary>
    public bool SkipRss { get; init; }

    /// <summary>Where the Markdown report goes (also printed).</summary>
    public string? Output { get; init; }
}

/// <summary>
/// The <c>compare</c> command: every figure of benchmarks/RESULTS.md from one run, each ratio from measurements taken
/// back to back (interleaved repetitions of Engram's generated loop, the hand-written TorchSharp loop and the PyTorch
/// peer, medians reported).
/// </summary>
public static class Comparison
{
    /// <summary>Multiply-add FLOPs per training sample of 784-100-100-100-10: forward, weight gradients, input gradients (none for the first layer).</summary>
    public static double FlopsPerSample(IReadOnlyList<int> sizes)
    {
        double flops = 0;
        for (int l = 0; l + 1 < sizes.Count; l++)
        {
            double product = (double)sizes[l] * sizes[l + 1];
            flops += 2 * product + 2 * product + (l > 0 ? 2 * product : 0);
        }

        return flops;
    }

    private static readonly int[] Sizes = [784, 100, 100, 100, 10];

    /// <summary>Runs every measurement and writes the report.</summary>
    public static int Run(ComparisonOptions options)
    {
        TorchRuntime.EnsureLoaded();
        DefaultThreads = get_num_threads();
        set_num_threads(options.Threads);
        var report = new StringBuilder();
        void Line(string text = "")
        {
            report.AppendLine(text);
            Console.WriteLine(text);
        }

        string startLoad = LoadAverage();
        using var workload = Workload.Load(options.Data, seed: 1, tasks: 10);
        string permutations = Path.Combine(Path.GetTempPath(), $"engram-peer-permutations-{Environment.ProcessId}.bin");
        workload.WritePermutations(permutations);

        string python = PeerProcess.Interpreter(options.Python);
        using PeerProcess? peer = PeerProcess.TryStart(python, options.Threads, out string? peerError);
        peer?.Send(new { cmd = "load", data = workload.Directory, perms = permutations, tasks = workload.Tasks });

        Line($"# Engram benchmark comparison");
        Line();
        Line($"- Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm}");
        Line($"- Machine: {Machine()}");
        Line($"- Threads: {options.Threads} (libtorch intra-op, Engram, hand-written loop and peer alike)");
        Line($"- .NET {Environment.Version}, TorchSharp {typeof(torch).Assembly.GetName().Version} (libtorch-cpu package 2.10.0)");
        Line($"- Peer: {(peer is null ? $"not run: {peerError}" : $"PyTorch {peer.TorchVersion} ({python}), {peer.Threads} threads")}");
        Line($"- Step data: {workload.Directory} ({workload.Data.TrainCount:N0} training images)");
        Line($"- Repetitions: {options.Repetitions}, interleaved; medians");
        Line($"- Load average at start (1, 5, 15 min): {startLoad}");
        Line();

        // Sections are measured in this order but the step table is rendered last, so that its "% of peak" uses the
        // larger of the matrix-multiply peaks measured at the start and at the end of the run.
        var peak = MatmulPeak(peer, options, Line, "start");
        var cells = StepThroughput(workload, peer, options);
        var later = new StringBuilder();
        void Later(string text)
        {
            later.AppendLine(text);
            Console.WriteLine(text);
        }

        Fisher(workload, peer, options, Later);
        EwcCost(workload, options, Later);
        LiveTensors(options, Later);
        WholeRun(peer, options, permutations, Later);
        if (!options.SkipRss)
            PeakRss(options, Later);
        foreach (var (threads, value) in MatmulPeak(peer, options, Line, "end"))
            peak[threads] = Math.Max(peak[threads], value);
        StepTable(cells, peak, workload, options, Line);
        report.Append(later);
        Line($"Load average at end (1, 5, 15 min): {LoadAverage()}");
        File.Delete(permutations);
        if (options.Output is not null)
        {
            File.WriteAllText(options.Output, report.ToString());
            Console.WriteLine($"Wrote {options.Output}");
        }

        return 0;
    }

    private static Dictionary<int, double> MatmulPeak(PeerProcess? peer, ComparisonOptions options, Action<string> line, string when)
    {
        line($"## Matrix-multiply peak (float32 torch.mm, best of 5), measured at the {when} of the run (load {LoadAverage()})");
        line("");
        line("| threads | n | TorchSharp GFLOP/s | PyTorch peer GFLOP/s |");
        line("|---:|---:|---:|---:|");
        var peak = new Dictionary<int, double>();
        foreach (int threads in options.Threads == 1 ? new[] { 1 } : new[] { 1, options.Threads })
        {
            set_num_threads(threads);
            foreach (int n in new[] { 1024, 2048, 4096 })
            {
                double ours = TorchSharpMatmul(n, 5);
                double theirs = peer is null ? double.NaN : (double)peer.Send(new { cmd = "mm", n, reps = 5, threads })["gflops"]!;
                peak[threads] = Math.Max(peak.GetValueOrDefault(threads), Math.Max(ours, double.IsNaN(theirs) ? 0 : theirs));
                line($"| {threads} | {n} | {F(ours, "F1")} | {F(theirs, "F1")} |");
            }
        }

        set_num_threads(options.Threads);
        peer?.Send(new { cmd = "mm", n = 64, reps = 1, threads = options.Threads });
        line("");
        line($"Best cell: **{string.Join(", ", peak.Select(kv => $"{F(kv.Value, "F1")} GFLOP/s at {kv.Key} thread(s)"))}**. The peak used below is, per " +
             "thread count, the larger of the best cells at the start and at the end of the run.");
        line("");
        return peak;
    }

    /// <summary>GFLOP/s of an n x n float32 matrix product, best of <paramref name="repetitions"/>.</summary>
    public static double TorchSharpMatmul(int n, int repetitions)
    {
        using Tensor a = randn(n, n);
        using Tensor b = randn(n, n);
        using (a.mm(b))
        {
        }

        double best = double.MaxValue;
        for (int r = 0; r < repetitions; r++)
        {
            long start = Stopwatch.GetTimestamp();
            using Tensor c = a.mm(b);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return 2.0 * n * n * (double)n / best / 1e9;
    }

    /// <summary>One cell of the step table: the repetitions of the three loops at one thread count and batch size.</summary>
    private sealed record StepCell(int Threads, int Batch, List<(double Wall, double Cpu)> Generated, List<(double Wall, double Cpu)> Hand, List<(double Wall, double Cpu)> Peer);

    private static List<StepCell> StepThroughput(Workload workload, PeerProcess? peer, ComparisonOptions options)
    {
        var cells = new List<StepCell>();
        foreach (int threads in options.Threads == 1 ? new[] { 1 } : new[] { 1, options.Threads })
        {
            foreach (int batch in new[] { 64, 256 })
            {
                var cell = new StepCell(threads, batch, [], [], []);
                for (int r = 0; r < options.Repetitions; r++)
                {
                    cell.Generated.Add(GeneratedSecondTask(workload, batch, options.Epochs, threads));
                    set_num_threads(threads);
                    cell.Hand.Add(HandWrittenLoop.TimeSecondTask(workload, batch, options.Epochs, seed: 1));
                    if (peer is not null)
                    {
                        var reply = peer.Send(new { cmd = "step", batch, epochs = options.Epochs, seed = 1, threads });
                        cell.Peer.Add(((double)reply["seconds"]!, (double)reply["cpu"]!));
                    }
                }

                Console.Error.WriteLine($"  step threads {threads} batch {batch} wall s: generated [{string.Join(", ", cell.Generated.Select(x => F(x.Wall, "F3")))}] " +
                                        $"hand [{string.Join(", ", cell.Hand.Select(x => F(x.Wall, "F3")))}] peer [{string.Join(", ", cell.Peer.Select(x => F(x.Wall, "F3")))}] load {LoadAverage()}");
                cells.Add(cell);
            }
        }

        set_num_threads(options.Threads);
        peer?.Send(new { cmd = "step", batch = 64, epochs = 0, seed = 1, threads = options.Threads });
        return cells;
    }

    private static void StepTable(List<StepCell> cells, Dictionary<int, double> peak, Workload workload, ComparisonOptions options, Action<string> line)
    {
        double flops = FlopsPerSample(Sizes);
        double samples = (double)options.Epochs * workload.Data.TrainCount;
        line("## Training step: samples/s (784-100-100-100-10, Adam, cross-entropy)");
        line("");
        line($"Each measurement trains task 0 untimed, then times {options.Epochs} epoch(s) of permuted task 1 with a fresh Adam " +
             $"({N(samples)} samples, batch gathering included). The three loops run back to back in each of {options.Repetitions} " +
             "repetitions; the table gives medians, and in brackets the ratio of the best (fastest) repetitions. Wall: samples per " +
             "second of elapsed time. CPU: samples per CPU-second of the process (user + system, all threads); at 1 thread this is " +
             "insensitive to other processes sharing the cores, at more threads it also counts OpenMP spin-waiting. GFLOP/s counts " +
             $"the matrix products only: {N(flops)} FLOP per sample (forward, weight gradients, input gradients except the first " +
             $"layer's). The default thread count (no --threads) is libtorch's, one per physical core: {DefaultThreads} here.");
        line("");
        line("| threads | batch | clock | generated loop | hand-written TorchSharp | PyTorch peer | generated / hand-written | generated / peer | generated GFLOP/s | % of peak |");
        line("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        var wallMedians = new Dictionary<(int Threads, int Batch), double>();
        foreach (StepCell cell in cells)
        {
            foreach (bool cpu in new[] { false, true })
            {
                double[] G = cell.Generated.Select(x => samples / (cpu ? x.Cpu : x.Wall)).ToArray();
                double[] H = cell.Hand.Select(x => samples / (cpu ? x.Cpu : x.Wall)).ToArray();
                double[] P = cell.Peer.Select(x => samples / (cpu ? x.Cpu : x.Wall)).ToArray();
                double g = Median(G), h = Median(H), p = P.Length > 0 ? Median(P) : double.NaN;
                double bestPeer = P.Length > 0 ? P.Max() : double.NaN;
                if (!cpu)
                    wallMedians[(cell.Threads, cell.Batch)] = g;
                double gflops = g * flops / 1e9;
                line($"| {cell.Threads} | {cell.Batch} | {(cpu ? "CPU" : "wall")} | {N(g)} | {N(h)} | {N(p)} | {F(g / h, "F3")} ({F(G.Max() / H.Max(), "F3")}) | " +
                     $"{F(g / p, "F2")} ({F(G.Max() / bestPeer, "F2")}) | {F(gflops, "F1")} | {F(100 * gflops / peak[cell.Threads], "F1")}% |");
            }
        }

        line("");
        if (options.Threads > 1)
        {
            line($"Thread scaling of the generated loop (wall), {options.Threads} threads over 1: batch 64 {F(wallMedians[(options.Threads, 64)] / wallMedians[(1, 64)])}x, " +
                 $"batch 256 {F(wallMedians[(options.Threads, 256)] / wallMedians[(1, 256)])}x.");
            line("");
        }
    }

    /// <summary>libtorch's intra-op thread count before anything set it (read at start-up).</summary>
    public static int DefaultThreads { get; set; }

    /// <summary>Wall and CPU seconds of task 1's optimizer steps in the generated loop (2 tasks, no learning-curve evaluations).</summary>
    public static (double Wall, double Cpu) GeneratedSecondTask(Workload workload, int batch, int epochs, int threads)
    {
        var spec = Engram.Benchmarks.StepThroughput.Declared with { Tasks = 2, Epochs = epochs, BatchSize = batch };
        var clock = new TaskClock(task: 1);
        Engram.Benchmarks.StepThroughput.Run(spec, new RunContext { DataDirectory = workload.Directory, Threads = threads, CurveEvery = 0, Observer = clock });
        return (clock.Wall, clock.Cpu);
    }

    /// <summary>Times one task's optimizer steps from the loop's own callbacks: from the task's start to its last step.</summary>
    private sealed class TaskClock(int task) : IRunObserver
    {
        private long start;
        private double cpuStart;

        public double Wall { get; private set; }

        public double Cpu { get; private set; }

        public void TaskStarted(int index, int tasks, string name, int totalSteps)
        {
            if (index != task)
                return;
            cpuStart = CpuSeconds();
            start = Stopwatch.GetTimestamp();
        }

        public void StepCompleted(int index, int epoch, int step, double loss)
        {
            if (index != task)
                return;
            Wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Cpu = CpuSeconds() - cpuStart;
        }

        public void TaskCompleted(int index, IReadOnlyList<double> accuracies, TaskTiming timing)
        {
        }
    }

    private static void Fisher(Workload workload, PeerProcess? peer, ComparisonOptions options, Action<string> line)
    {
        const int samples = 1000;
        line($"## Empirical Fisher at {samples:N0} samples: batched vs per-sample loop");
        line("");
        manual_seed(1);
        using var generator = new Generator(1);
        using var model = new Mlp(784, [100, 100, 100], 10);
        HandWrittenLoop.Train(model, workload.Data.TrainImages, workload.Data.TrainLabels, null, 64, 1, generator);
        using Tensor index = randperm(workload.Data.TrainCount, generator: generator).narrow(0, 0, samples);
        using Tensor x = workload.Data.TrainImages.index_select(0, index);
        using Tensor y = workload.Data.TrainLabels.index_select(0, index);

        var batchedSeconds = new List<(double Wall, double Cpu)>();
        var loopSeconds = new List<(double Wall, double Cpu)>();
        ParameterImportance? batched = null;
        Tensor[]? loop = null;
        for (int r = 0; r < options.Repetitions; r++)
        {
            batched?.Dispose();
            batchedSeconds.Add(WallAndCpu(() => batched = FisherInformation.Estimate(model, x, y, FisherEstimator.Empirical, Likelihood.Categorical)));
            if (loop is not null)
            {
                foreach (Tensor t in loop)
                    t.Dispose();
            }

            loopSeconds.Add(WallAndCpu(() => loop = PerSampleFisher.Estimate(model, x, y)));
        }

        var names = model.named_parameters().Select(p => p.name).ToArray();
        var (elementwise, normwise) = Differences(names.Select(n => batched![n]).ToArray(), loop!);

        // The same comparison in float64: what remains is the algorithm, not float32 rounding.
        using var model64 = new Mlp(784, [100, 100, 100], 10);
        using (no_grad())
        {
            foreach (var (target, source) in model64.parameters().Zip(model.parameters()))
                target.copy_(source);
        }

        model64.to(ScalarType.Float64);
        using Tensor x64 = x.to_type(ScalarType.Float64);
        using var batched64 = FisherInformation.Estimate(model64, x64, y, FisherEstimator.Empirical, Likelihood.Categorical);
        Tensor[] loop64 = PerSampleFisher.Estimate(model64, x64, y);
        var (elementwise64, normwise64) = Differences(names.Select(n => batched64[n]).ToArray(), loop64);
        var (loopVs64, loopVs64Norm) = Differences(loop!, loop64);
        var (batchedVs64, batchedVs64Norm) = Differences(names.Select(n => batched![n]).ToArray(), loop64);

        double b = Median(batchedSeconds.Select(t => t.Wall)), l = Median(loopSeconds.Select(t => t.Wall));
        double bc = Median(batchedSeconds.Select(t => t.Cpu)), lc = Median(loopSeconds.Select(t => t.Cpu));
        line($"{options.Threads} thread(s); model trained one epoch on task 0; medians of {options.Repetitions} repetitions (each runs both, back to back).");
        line("");
        line("| | wall s | speed-up (wall) | CPU s | speed-up (CPU) |");
        line("|---|---:|---:|---:|---:|");
        line($"| batched ((delta^2)^T (a^2), batches of 500) | {F(b, "F4")} | **{F(l / b, "F1")}x** | {F(bc, "F4")} | {F(lc / bc, "F1")}x |");
        line($"| per-sample loop (1,000 backward passes) | {F(l, "F4")} | 1 | {F(lc, "F4")} | 1 |");
        if (peer is not null)
        {
            var reply = peer.Send(new { cmd = "fisher", samples, seed = 1 });
            double pb = (double)reply["batched"]!, pl = (double)reply["loop"]!;
            line($"| PyTorch peer, batched (same algorithm) | {F(pb, "F4")} | {F(pl / pb, "F1")}x over its loop | | |");
            line($"| PyTorch peer, per-sample loop | {F(pl, "F4")} | | | |");
        }

        line("");
        line("Differences, batched vs loop (max over all parameters; elementwise: max |b - l| / |l| over entries with l > 0; " +
             "normwise: per tensor max |b - l| / max |l|):");
        line("");
        line("| precision | max elementwise relative | max normwise relative |");
        line("|---|---:|---:|");
        line($"| float32 (as trained) | {F(elementwise, "E2")} | {F(normwise, "E2")} |");
        line($"| float64 (same weights and samples) | {F(elementwise64, "E2")} | {F(normwise64, "E2")} |");
        line($"| float32 batched vs the float64 loop (error of the batched estimate) | {F(batchedVs64, "E2")} | {F(batchedVs64Norm, "E2")} |");
        line($"| float32 loop vs the float64 loop (error of the float32 reference itself) | {F(loopVs64, "E2")} | {F(loopVs64Norm, "E2")} |");
        line("");
        batched!.Dispose();
        foreach (Tensor t in loop!.Concat(loop64))
            t.Dispose();
    }

    /// <summary>(max elementwise relative difference over entries with |reference| &gt; 0, max per-tensor normwise relative difference).</summary>
    public static (double Elementwise, double Normwise) Differences(IReadOnlyList<Tensor> values, IReadOnlyList<Tensor> reference)
    {
        double elementwise = 0, normwise = 0;
        for (int i = 0; i < values.Count; i++)
        {
            using var scope = NewDisposeScope();
            Tensor a = values[i].to_type(ScalarType.Float64), b = reference[i].to_type(ScalarType.Float64);
            Tensor difference = (a - b).abs();
            Tensor nonzero = b.abs() > 0;
            if (nonzero.any().item<bool>())
                elementwise = Math.Max(elementwise, (difference.masked_select(nonzero) / b.abs().masked_select(nonzero)).max().item<double>());
            double scale = b.abs().max().item<double>();
            if (scale > 0)
                normwise = Math.Max(normwise, difference.max().item<double>() / scale);
        }

        return (elementwise, normwise);
    }

    private static void EwcCost(Workload workload, ComparisonOptions options, Action<string> line)
    {
        const int steps = 50;
        int rounds = 4 * options.Repetitions;
        line($"## Offline EWC: training-step cost after 20 tasks vs after 1 (batch 64)");
        line("");
        var kinds = new[] { PenaltyKind.None, PenaltyKind.Running, PenaltyKind.Direct, PenaltyKind.Online };
        var fixtures = kinds.SelectMany(k => new[] { (Kind: k, Tasks: 1), (Kind: k, Tasks: 20) })
            .ToDictionary(key => key, key => new StepFixture(workload, 64, 50, key.Kind, key.Tasks));
        var times = fixtures.Keys.ToDictionary(key => key, _ => new List<(double Wall, double Cpu)>());
        foreach (var fixture in fixtures.Values)
        {
            for (int s = 0; s < 20; s++)
                fixture.Step();
        }

        // Fine-grained interleaving: every round times 50 steps of each of the 8 fixtures in turn, so a burst of load
        // from other processes hits all of them alike; the best round of each is its cost without interference.
        for (int r = 0; r < rounds; r++)
        {
            foreach (var (key, fixture) in fixtures)
            {
                times[key].Add(WallAndCpu(() =>
                {
                    for (int s = 0; s < steps; s++)
                        fixture.Step();
                }));
            }
        }

        foreach (var fixture in fixtures.Values)
            fixture.Dispose();

        line($"{options.Threads} thread(s); {rounds} rounds of {steps} steps per form, interleaved; ms per step of the best round (median round in brackets).");
        line("");
        line("| penalty | after 1 task | after 20 tasks | ratio 20 / 1, best | ratio 20 / 1, median | ratio, CPU time, best |");
        line("|---|---:|---:|---:|---:|---:|");
        foreach (PenaltyKind kind in kinds)
        {
            var one = times[(kind, 1)];
            var twenty = times[(kind, 20)];
            double oneBest = one.Min(t => t.Wall) * 1e3 / steps, twentyBest = twenty.Min(t => t.Wall) * 1e3 / steps;
            double oneMedian = Median(one.Select(t => t.Wall)) * 1e3 / steps, twentyMedian = Median(twenty.Select(t => t.Wall)) * 1e3 / steps;
            double cpuRatio = twenty.Min(t => t.Cpu) / one.Min(t => t.Cpu);
            string name = kind switch
            {
                PenaltyKind.None => "none (cross-entropy only)",
                PenaltyKind.Running => "offline, running sums (Engram now)",
                PenaltyKind.Direct => "offline, direct sum over tasks (Engram before)",
                _ => "online (one anchor)",
            };
            string bold = kind == PenaltyKind.Running ? "**" : "";
            line($"| {name} | {F(oneBest, "F3")} ({F(oneMedian, "F3")}) | {F(twentyBest, "F3")} ({F(twentyMedian, "F3")}) | {bold}{F(twentyBest / oneBest, "F3")}{bold} | " +
                 $"{F(twentyMedian / oneMedian, "F3")} | {F(cpuRatio, "F3")} |");
        }

        line("");
        line("Stored EWC state (tensors that live across steps, counted by TorchSharp's live-tensor statistics):");
        line("");
        line("| form | live tensors after 1 task | after 20 tasks |");
        line("|---|---:|---:|");
        foreach (PenaltyKind kind in kinds.Skip(1))
            line($"| {kind} | {StoredTensors(workload, kind, 1)} | {StoredTensors(workload, kind, 20)} |");
        line("");
    }

    private static long StoredTensors(Workload workload, PenaltyKind kind, int tasks)
    {
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using var model = new Mlp(784, [100, 100, 100], 10);
        long withModel = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using var running = kind == PenaltyKind.Running ? new OfflineEwc(model, 1) : null;
        using var direct = kind == PenaltyKind.Direct ? new DirectOfflineEwc(model, 1) : null;
        using var online = kind == PenaltyKind.Online ? new OnlineEwc(model, 1, 1) : null;
        for (int t = 0; t < tasks; t++)
        {
            using var scope = NewDisposeScope();
            using var fisher = new ParameterImportance(model.named_parameters().Select(p => new KeyValuePair<string, Tensor>(p.name, ones_like(p.parameter))).ToArray(), "ones", 1);
            running?.Consolidate(fisher);
            direct?.Consolidate(fisher);
            online?.Consolidate(fisher);
        }

        _ = before;
        return DisposeScopeManager.Statistics.ThreadTotalLiveCount - withModel;
    }

    private static void LiveTensors(ComparisonOptions options, Action<string> line)
    {
        line("## Live tensors per step in the generated loop (embedded digits, 5 tasks x 2 epochs, offline EWC)");
        line("");
        var observer = new LiveTensorObserver();
        WholeRunEwc.Run(WholeRunEwc.Declared, new RunContext { Threads = options.Threads, CurveEvery = 0, Observer = observer });
        line("| task | steps | live tensors after each step: min | max | at task end |");
        line("|---:|---:|---:|---:|---:|");
        foreach (var task in observer.Tasks)
            line($"| {task.Index} | {task.Counts.Count} | {task.Counts.Min()} | {task.Counts.Max()} | {task.AtEnd} |");
        line("");
    }

    private static void WholeRun(PeerProcess? peer, ComparisonOptions options, string permutations, Action<string> line)
    {
        line("## Whole run: the PermutedMnistEwc declaration (5 tasks x 2 epochs, batch 64, Fisher from 1,000 samples, lambda 100), embedded digits");
        line("");
        peer?.Send(new { cmd = "load", data = MnistDataSet.EmbeddedDirectory, perms = permutations, tasks = 10 });
        var engram = new List<ExperimentResult>();
        var same = new List<System.Text.Json.Nodes.JsonObject>();
        var plain = new List<System.Text.Json.Nodes.JsonObject>();
        var wall = new List<double>();
        for (int r = 0; r < options.Repetitions; r++)
        {
            ExperimentResult? result = null;
            wall.Add(Seconds(() => result = WholeRunEwc.Run(WholeRunEwc.Declared, new RunContext { Threads = options.Threads, CurveEvery = 0 })));
            engram.Add(result!);
            if (peer is not null)
            {
                same.Add(peer.Send(new { cmd = "run", tasks = 5, epochs = 2, batch = 64, lam = 100.0, fisher = 1000, seed = 1, variant = "same" }));
                plain.Add(peer.Send(new { cmd = "run", tasks = 5, epochs = 2, batch = 64, lam = 100.0, fisher = 1000, seed = 1, variant = "plain" }));
            }
        }

        double e = Median(wall);
        double eTrain = Median(engram.Select(x => x.Timings.Sum(t => t.TrainSeconds)));
        double eConsolidate = Median(engram.Select(x => x.Timings.Sum(t => t.ConsolidateSeconds)));
        double eEvaluate = Median(engram.Select(x => x.Timings.Sum(t => t.EvaluateSeconds)));
        line("| | total s | training s | Fisher + consolidation s | evaluation s | ACC | BWT | total vs Engram |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|");
        line($"| Engram (generated loop, no learning-curve points) | {F(e)} | {F(eTrain)} | {F(eConsolidate, "F3")} | {F(eEvaluate, "F3")} | {F(100 * engram[0].Acc)}% | {F(100 * engram[0].Bwt)} pp | 1 |");
        foreach (var (name, runs) in new[] { ("PyTorch peer, same algorithms", same), ("PyTorch peer, plain (per-sample Fisher loop, direct EWC sum)", plain) })
        {
            if (runs.Count == 0)
                continue;
            double total = Median(runs.Select(x => (double)x["total"]!));
            line($"| {name} | {F(total)} | {F(Median(runs.Select(x => (double)x["train"]!)))} | {F(Median(runs.Select(x => (double)x["consolidate"]!)), "F3")} | " +
                 $"{F(Median(runs.Select(x => (double)x["evaluate"]!)), "F3")} | {F(100 * (double)runs[0]["acc"]!)}% | {F(100 * (double)runs[0]["bwt"]!)} pp | {F(total / e)}x |");
        }

        line("");
        bool identical = engram.All(x => x.Accuracy.ToRows().Zip(engram[0].Accuracy.ToRows()).All(p => p.First.SequenceEqual(p.Second)));
        line($"Reproducibility at {options.Threads} threads: the {engram.Count} Engram repetitions gave {(identical ? "bit-identical" : "DIFFERENT")} accuracy matrices.");
        line("");
        line("Engram's total is the wall time of the generated Run (data load and untrained-model baseline included); the peer's is from model creation to the last evaluation (data already in memory).");
        line("");
    }

    private static void PeakRss(ComparisonOptions options, Action<string> line)
    {
        string data = Directory.Exists(Workload.FashionMnistDirectory) ? Workload.FashionMnistDirectory : MnistDataSet.EmbeddedDirectory;
        line($"## Peak resident memory: 10 permuted tasks x 2 epochs with offline EWC on {data}");
        line("");
        string self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (self.EndsWith("dotnet", StringComparison.Ordinal))
            info.ArgumentList.Add(typeof(Comparison).Assembly.Location);
        foreach (string argument in new[] { "rss-run", "--data", data, "--threads", options.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(argument);
        using var child = Process.Start(info)!;
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        foreach (string row in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            line(row);
        line("");
    }
}

/// <summary>Records TorchSharp's live-tensor count of the loop's thread after every optimizer step and at every task end.</summary>
public sealed class LiveTensorObserver : IRunObserver
{
    /// <summary>Per task: the count after each step and at the end of the task (after Fisher, consolidation and evaluation).</summary>
    public List<(int Index, List<long> Counts, long AtEnd)> Tasks { get; } = [];

    private List<long> current = [];

    /// <inheritdoc />
    public void TaskStarted(int task, int tasks, string name, int totalSteps) => current = new List<long>(totalSteps);

    /// <inheritdoc />
    public void StepCompleted(int task, int epoch, int step, double loss) => current.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);

    /// <inheritdoc />
    public void TaskCompleted(int task, IReadOnlyList<double> accuracies, TaskTiming timing) =>
        Tasks.Add((task, current, DisposeScopeManager.Statistics.ThreadTotalLiveCount));
}
