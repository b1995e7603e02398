using Engram.Models;
using Engram.Tasks;
using TorchSharp;
using static Engram.Benchmarks.Measure;
using static TorchSharp.torch;

namespace Engram.Benchmarks;

/// <summary>
/// The <c>profile</c> command: where one training step's time goes (batch gathering, forward, loss, backward, Adam,
/// reading the loss), each part timed alone over many repetitions. Explains the step figures of <c>compare</c>.
/// </summary>
public static class Profile
{
    /// <summary>Prints a Markdown table of per-part microseconds at each batch size.</summary>
    public static int Run(int threads, string? data, string? python)
    {
        TorchRuntime.EnsureLoaded();
        set_num_threads(threads);
        using var workload = Workload.Load(data, seed: 1, tasks: 2);
        string permutations = Path.Combine(Path.GetTempPath(), $"engram-profile-permutations-{Environment.ProcessId}.bin");
        workload.WritePermutations(permutations);
        System.Text.Json.Nodes.JsonObject? theirs = null;
        using (PeerProcess? peer = PeerProcess.TryStart(PeerProcess.Interpreter(python), threads, out string? error))
        {
            if (peer is null)
            {
                Console.WriteLine($"(PyTorch peer not run: {error})");
            }
            else
            {
                peer.Send(new { cmd = "load", data = workload.Directory, perms = permutations, tasks = 2 });
                theirs = peer.Send(new { cmd = "profile", threads });
            }
        }

        File.Delete(permutations);
        Tensor permutation = workload.Permutation(1)!;
        Tensor images = workload.Data.TrainImages, labels = workload.Data.TrainLabels;
        Console.WriteLine($"Threads {threads}, load average {LoadAverage()}; process CPU microseconds per call (robust to other processes at 1 thread), median of 7 rounds of 200 calls after 400 warm-up calls.");
        Console.WriteLine();
        Console.WriteLine("| part | TorchSharp, batch 64 | PyTorch peer, batch 64 | TorchSharp, batch 256 | PyTorch peer, batch 256 |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var rows = new List<(string Name, string? PeerKey, double[] Micros)>();
        foreach (int batch in new[] { 64, 256 })
        {
            manual_seed(1);
            using var mlp = new Mlp(784, [100, 100, 100], 10);
            using var optimizer = optim.Adam(mlp.parameters(), lr: 1e-3);
            using var order = randperm(images.shape[0]);
            using Tensor index = order.narrow(0, 0, batch);
            using Tensor x = images.index_select(0, index).index_select(1, permutation);
            using Tensor y = labels.index_select(0, index);
            var set = new LabeledSet(images, labels, permutation);
            using var generator = new Generator(1);
            bool fresh = false;
            IEnumerator<Minibatch> batches = Forever(set, batch, generator).GetEnumerator();

            // The optimizer parts step repeatedly on one real gradient (never a zeroed one: Adam's first moment would
            // decay into denormal floats within a few hundred steps and time the FPU's slow path instead of Adam).
            Action FreshGradients(Action step) => () =>
            {
                if (!fresh)
                {
                    optimizer.zero_grad();
                    using var s = NewDisposeScope();
                    nn.functional.cross_entropy(mlp.call(x), y).backward();
                    fresh = true;
                }

                step();
            };
            var parts = new (string, string?, Action)[]
            {
                ("gather rows (index_select dim 0)", "gather", () => { using var s = NewDisposeScope(); images.index_select(0, index); }),
                ("gather rows + permute pixels (2 index_select)", "gather_permute", () => { using var s = NewDisposeScope(); images.index_select(0, index).index_select(1, permutation); }),
                ("LabeledSet.Shuffled: next batch", null, () => batches.MoveNext()),
                ("forward (Mlp; peer: the same nn.Module)", "forward", () => { using var s = NewDisposeScope(); mlp.call(x); }),
                ("forward + cross-entropy", "forward_ce", () => { using var s = NewDisposeScope(); nn.functional.cross_entropy(mlp.call(x), y); }),
                ("forward + cross-entropy + backward", "forward_ce_backward", () => { using var s = NewDisposeScope(); nn.functional.cross_entropy(mlp.call(x), y).backward(); }),
                ("zero_grad", "zero_grad", () => { optimizer.zero_grad(); fresh = false; }),
                ("Adam step (TorchSharp optim.Adam; peer torch.optim.Adam)", "adam", FreshGradients(() => { using var s = NewDisposeScope(); optimizer.step(); })),
                ("Adam step, minimal hand-written update (8 ops per parameter)", null, FreshGradients(MinimalAdam(mlp))),
                ("whole step (no gather)", "whole", () => { using var s = NewDisposeScope(); optimizer.zero_grad(); Tensor loss = nn.functional.cross_entropy(mlp.call(x), y); loss.backward(); optimizer.step(); }),
                ("forward + cross-entropy + loss.item()", "item", () => { using var s = NewDisposeScope(); nn.functional.cross_entropy(mlp.call(x), y).item<float>(); }),
            };
            for (int p = 0; p < parts.Length; p++)
            {
                var (name, key, action) = parts[p];
                double micros = Time(action);
                if (rows.Count <= p)
                    rows.Add((name, key, new double[2]));
                rows[p].Micros[batch == 64 ? 0 : 1] = micros;
            }

            batches.Dispose();
        }

        string Peer(string? key, int column) => key is not null && theirs?[key] is System.Text.Json.Nodes.JsonArray values ? F((double)values[column]!, "F1") : "";
        foreach (var (name, key, micros) in rows)
            Console.WriteLine($"| {name} | {F(micros[0], "F1")} | {Peer(key, 0)} | {F(micros[1], "F1")} | {Peer(key, 1)} |");

        // Per-call cost of the smallest operations: what every one of a step's ~100 tensor operations pays on top of its arithmetic.
        using Tensor one = ones(1);
        using Tensor other = ones(1);
        Console.WriteLine();
        Console.WriteLine("| one-element operation | microseconds |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| in place: t.add_(u) | {F(Time(() => one.add_(other)), "F2")} |");
        Console.WriteLine($"| new tensor: t.add(u), disposed | {F(Time(() => { using Tensor r = one.add(other); }), "F2")} |");
        Console.WriteLine($"| new tensor in a dispose scope | {F(Time(() => { using var s = NewDisposeScope(); one.add(other); }), "F2")} |");
        return 0;
    }

    /// <summary>
    /// Adam written out with the 8 tensor operations per parameter of PyTorch's single-tensor implementation (same
    /// update as torch.optim.Adam without weight decay or amsgrad), to compare with TorchSharp's optim.Adam.step.
    /// </summary>
    private static Action MinimalAdam(Mlp model)
    {
        var parameters = model.parameters().ToArray();
        var m = parameters.Select(p => zeros_like(p, requires_grad: false)).ToArray();
        var v = parameters.Select(p => zeros_like(p, requires_grad: false)).ToArray();
        int t = 0;
        const double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        return () =>
        {
            t++;
            double bc1 = 1 - Math.Pow(beta1, t), bc2 = 1 - Math.Pow(beta2, t);
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            for (int i = 0; i < parameters.Length; i++)
            {
                Tensor g = parameters[i].grad!;
                m[i].mul_(beta1).add_(g, alpha: 1 - beta1);
                v[i].mul_(beta2).addcmul_(g, g, value: 1 - beta2);
                Tensor denom = v[i].sqrt().div_(Math.Sqrt(bc2)).add_(eps);
                parameters[i].addcdiv_(m[i], denom, value: -lr / bc1);
            }
        };
    }

    private static IEnumerable<Minibatch> Forever(LabeledSet set, int batch, Generator generator)
    {
        while (true)
        {
            foreach (Minibatch b in set.Shuffled(batch, generator))
                yield return b;
        }
    }

    private static double Time(Action action)
    {
        // Enough calls for .NET's tiered JIT to have promoted TorchSharp's code paths (Adam.step's loops among them).
        for (int i = 0; i < 400; i++)
            action();
        var rounds = new List<double>();
        for (int r = 0; r < 7; r++)
        {
            double start = CpuSeconds();
            for (int i = 0; i < 200; i++)
                action();
            rounds.Add((CpuSeconds() - start) * 1e6 / 200);
        }

        return Median(rounds);
    }
}
