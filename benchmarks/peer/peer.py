#!/usr/bin/env python3
"""The PyTorch peer of Engram's benchmarks: the same permuted-MNIST experiment written in plain PyTorch.

Same model (784-100-100-100-10, ReLU, PyTorch's default init), Adam(lr=1e-3) created anew per task, same batch size,
epochs, Fisher sample count, lambda and thread count; the same data (the IDX files Engram reads, pixels / 255) and the
same task permutations (written by the C# side, so task t is the same task in both). Only the random streams (initial
weights, batch order, Fisher sample choice) differ: PyTorch and TorchSharp do not share them.

Run by `Engram.Benchmarks compare`, which keeps one peer process alive and sends it one JSON command per line on stdin,
interleaved with its own measurements so every ratio comes from measurements taken back to back. Each reply is one
JSON line on stdout. Commands:

  {"cmd": "load", "data": DIR, "perms": FILE, "tasks": T}   read the IDX files and T permutations (int64, T x 784)
  {"cmd": "mm", "n": N, "reps": R, "threads": T}            GFLOP/s of an N x N float32 torch.mm (best of R)
  {"cmd": "step", "batch": B, "epochs": E, "seed": S, "threads": N}
                                                            train task 0 (untimed), then time E epochs of task 1:
                                                            wall and process CPU seconds (N, optional, sets torch's threads from then on)
  {"cmd": "fisher", "samples": N, "seed": S}                batched vs per-sample-loop empirical Fisher, seconds
  {"cmd": "run", "tasks": T, "epochs": E, "batch": B, "lam": L, "fisher": N, "seed": S, "variant": V}
      the whole experiment: per task train, Fisher, consolidate, evaluate every task. V = "same": the algorithms
      Engram uses (batched exact per-sample Fisher, running-sum offline EWC); V = "plain": what a plain PyTorch
      script usually does (a per-sample loop for the Fisher, one stored Fisher and anchor per task summed each step)
  {"cmd": "profile", "threads": T}                          CPU microseconds of each part of a step (see `profile`)
  {"cmd": "rss"}                                            peak resident set size of this process, KiB
  {"cmd": "quit"}

Requires only torch and numpy (Debian: python3-torch, python3-numpy). Debian's torch 1.13 links the system BLAS
(libblas.so.3); install an optimised one (libopenblas0-openmp) or torch.mm runs ~15x slower (reference BLAS).
"""

import gzip
import json
import os
import resource
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def read_idx(directory, name):
    """Reads one IDX file (raw or .gz) into a numpy array of its declared shape (uint8 data only)."""
    path = os.path.join(directory, name)
    opener = gzip.open if os.path.exists(path + ".gz") else open
    with opener(path + ".gz" if os.path.exists(path + ".gz") else path, "rb") as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class Mlp(torch.nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = F.relu(x)
        return x

    def forward_layers(self, x):
        """Per linear layer its input a and pre-activation z (for the batched per-sample Fisher)."""
        trace = []
        for i, layer in enumerate(self.layers):
            z = layer(x)
            trace.append((x, z))
            x = F.relu(z) if i < len(self.layers) - 1 else z
        return trace


SIZES = [784, 100, 100, 100, 10]


class Peer:
    def __init__(self):
        self.train_x = self.train_y = self.test_x = self.test_y = None
        self.perms = []

    # ---- data ------------------------------------------------------------------------------------------------------
    def load(self, data, perms, tasks):
        self.train_x = torch.from_numpy(read_idx(data, "train-images-idx3-ubyte").reshape(-1, 784).astype(np.float32) / 255.0)
        self.train_y = torch.from_numpy(read_idx(data, "train-labels-idx1-ubyte").astype(np.int64))
        self.test_x = torch.from_numpy(read_idx(data, "t10k-images-idx3-ubyte").reshape(-1, 784).astype(np.float32) / 255.0)
        self.test_y = torch.from_numpy(read_idx(data, "t10k-labels-idx1-ubyte").astype(np.int64))
        table = torch.from_numpy(np.fromfile(perms, dtype="<i8").reshape(tasks, 784))
        # Task 0 is the identity: no gather at all (as Engram's task 0).
        self.perms = [None] + [table[t].clone() for t in range(1, tasks)]
        return {"train": int(self.train_x.shape[0]), "test": int(self.test_x.shape[0]), "tasks": tasks}

    def batches(self, perm, batch, generator):
        """One shuffled epoch: rows gathered by index, then the task's pixel permutation (as Engram's LabeledSet)."""
        n = self.train_x.shape[0]
        order = torch.randperm(n, generator=generator)
        for start in range(0, n, batch):
            index = order[start:start + batch]
            x = self.train_x.index_select(0, index)
            if perm is not None:
                x = x.index_select(1, perm)
            yield x, self.train_y.index_select(0, index)

    # ---- primitives ------------------------------------------------------------------------------------------------
    def mm(self, n, reps, threads=None):
        if threads:
            torch.set_num_threads(threads)
        a = torch.randn(n, n)
        b = torch.randn(n, n)
        torch.mm(a, b)
        best = float("inf")
        for _ in range(reps):
            t = time.perf_counter()
            torch.mm(a, b)
            best = min(best, time.perf_counter() - t)
        return {"gflops": 2.0 * n ** 3 / best / 1e9, "seconds": best}

    def train_epochs(self, model, perm, batch, epochs, generator, penalty=None):
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        model.train()
        for _ in range(epochs):
            for x, y in self.batches(perm, batch, generator):
                optimizer.zero_grad()
                loss = F.cross_entropy(model(x), y)
                if penalty is not None:
                    loss = loss + penalty()
                loss.backward()
                optimizer.step()

    def step(self, batch, epochs, seed, threads=None):
        if threads:
            torch.set_num_threads(threads)
        torch.manual_seed(seed)
        generator = torch.Generator().manual_seed(seed)
        model = Mlp(SIZES)
        self.train_epochs(model, self.perms[0], batch, epochs, generator)
        t, c = time.perf_counter(), time.process_time()
        self.train_epochs(model, self.perms[1], batch, epochs, generator)
        seconds, cpu = time.perf_counter() - t, time.process_time() - c
        return {"seconds": seconds, "cpu": cpu, "samples": epochs * int(self.train_x.shape[0])}

    def profile(self, threads):
        """Process-CPU microseconds per call of each part of a training step (median of 7 rounds of 200 calls)."""
        torch.set_num_threads(threads)
        perm = self.perms[1]

        def timed(f):
            for _ in range(50):
                f()
            rounds = []
            for _ in range(7):
                c = time.process_time()
                for _ in range(200):
                    f()
                rounds.append((time.process_time() - c) / 200 * 1e6)
            return sorted(rounds)[3]

        result = {}
        for batch in (64, 256):
            torch.manual_seed(1)
            model = Mlp(SIZES)
            optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
            index = torch.randperm(self.train_x.shape[0])[:batch]
            x = self.train_x.index_select(0, index).index_select(1, perm)
            y = self.train_y.index_select(0, index)

            def backward():
                F.cross_entropy(model(x), y).backward()

            def whole():
                optimizer.zero_grad()
                loss = F.cross_entropy(model(x), y)
                loss.backward()
                optimizer.step()

            def fresh(step):
                # Adam repeatedly on one real gradient, never a zeroed one (its first moment would decay into
                # denormal floats and time the FPU's slow path).
                def run():
                    step()
                run.prepare = lambda: (optimizer.zero_grad(), backward())
                return run

            backward()
            parts = {
                "gather": lambda: self.train_x.index_select(0, index),
                "gather_permute": lambda: self.train_x.index_select(0, index).index_select(1, perm),
                "forward": lambda: model(x),
                "forward_ce": lambda: F.cross_entropy(model(x), y),
                "forward_ce_backward": backward,
                "zero_grad": lambda: optimizer.zero_grad(),
                "adam": fresh(lambda: optimizer.step()),
                "whole": whole,
                "item": lambda: F.cross_entropy(model(x), y).item(),
            }
            for name, f in parts.items():
                if hasattr(f, "prepare"):
                    f.prepare()
                result.setdefault(name, []).append(timed(f))
        return result

    # ---- Fisher ----------------------------------------------------------------------------------------------------
    @staticmethod
    def fisher_batched(model, x, y, batch=500):
        """Exact per-sample empirical Fisher: for z = a W^T + b, sum_n (delta_n a_n^T)^2 = (delta^2)^T (a^2)."""
        was_training = model.training
        model.eval()
        sums = [torch.zeros_like(p) for p in model.parameters()]
        for start in range(0, x.shape[0], batch):
            trace = model.forward_layers(x[start:start + batch])
            logits = trace[-1][1]
            u = F.one_hot(y[start:start + batch], logits.shape[1]).to(logits.dtype) - F.softmax(logits.detach(), 1)
            deltas = torch.autograd.grad([logits], [z for _, z in trace], [u])
            for l, ((a, _), delta) in enumerate(zip(trace, deltas)):
                d2 = delta.square()
                sums[2 * l].add_(d2.t().mm(a.detach().square()))
                sums[2 * l + 1].add_(d2.sum(0))
        model.train(was_training)
        return [s / x.shape[0] for s in sums]

    @staticmethod
    def fisher_loop(model, x, y):
        """The same estimate one sample at a time: squared gradient of log p(y_n | x_n), averaged."""
        was_training = model.training
        model.eval()
        params = list(model.parameters())
        sums = [torch.zeros_like(p) for p in params]
        for n in range(x.shape[0]):
            logp = F.log_softmax(model(x[n:n + 1]), 1)[0, y[n]]
            for s, g in zip(sums, torch.autograd.grad(logp, params)):
                s.add_(g.square())
        model.train(was_training)
        return [s / x.shape[0] for s in sums]

    def sample(self, perm, count, generator):
        index = torch.randperm(self.train_x.shape[0], generator=generator)[:count]
        x = self.train_x.index_select(0, index)
        return (x if perm is None else x.index_select(1, perm)), self.train_y.index_select(0, index)

    def fisher(self, samples, seed):
        torch.manual_seed(seed)
        generator = torch.Generator().manual_seed(seed)
        model = Mlp(SIZES)
        self.train_epochs(model, self.perms[0], 64, 1, generator)
        x, y = self.sample(self.perms[0], samples, generator)
        self.fisher_batched(model, x, y)
        t = time.perf_counter()
        batched = self.fisher_batched(model, x, y)
        batched_s = time.perf_counter() - t
        t = time.perf_counter()
        loop = self.fisher_loop(model, x, y)
        loop_s = time.perf_counter() - t
        rel = max(float(((a - b).abs() / b.abs().max()).max()) for a, b in zip(batched, loop))
        return {"batched": batched_s, "loop": loop_s, "max_rel_diff_of_max": rel}

    # ---- the whole experiment ----------------------------------------------------------------------------------------
    def evaluate(self, model, perm):
        model.eval()
        correct = 0
        with torch.no_grad():
            for start in range(0, self.test_x.shape[0], 2000):
                x = self.test_x[start:start + 2000]
                if perm is not None:
                    x = x.index_select(1, perm)
                correct += int((model(x).argmax(1) == self.test_y[start:start + 2000]).sum())
        model.train()
        return correct / self.test_x.shape[0]

    def run(self, tasks, epochs, batch, lam, fisher, seed, variant):
        start_all = time.perf_counter()
        torch.manual_seed(seed)
        generator = torch.Generator().manual_seed(seed)
        model = Mlp(SIZES)
        params = list(model.parameters())
        # "same": running sums (weight S = sum F_i, Fisher-weighted mean anchor m, constant C) as Engram's OfflineEwc;
        # "plain": a list of (F_i, theta_i) summed every step.
        stored = []
        S = m = None
        C = 0.0

        def penalty_running():
            return lam * (sum((s * (p - mm).square()).sum() for p, s, mm in zip(params, S, m)) + C)

        def penalty_plain():
            total = 0.0
            for fi, ai in stored:
                total = total + sum((f * (p - a).square()).sum() for p, f, a in zip(params, fi, ai))
            return lam * total

        matrix = []
        train_s = fisher_s = eval_s = 0.0
        for t in range(tasks):
            perm = self.perms[t]
            penalty = None if t == 0 else (penalty_running if variant == "same" else penalty_plain)
            t0 = time.perf_counter()
            self.train_epochs(model, perm, batch, epochs, generator, penalty)
            t1 = time.perf_counter()
            x, y = self.sample(perm, fisher, generator)
            fi = self.fisher_batched(model, x, y) if variant == "same" else self.fisher_loop(model, x, y)
            anchor = [p.detach().clone() for p in params]
            if variant == "same":
                if S is None:
                    S = [f.clone() for f in fi]
                    m = anchor
                else:
                    for s, mm, f, a in zip(S, m, fi, anchor):
                        s_new = s + f
                        w = torch.where(s_new > 0, f / s_new, torch.zeros_like(f))
                        C += float((s * w * (mm - a).square()).sum())
                        mm.add_(w * (a - mm))
                        s.copy_(s_new)
            else:
                stored.append((fi, anchor))
            t2 = time.perf_counter()
            matrix.append([self.evaluate(model, self.perms[j]) for j in range(tasks)])
            t3 = time.perf_counter()
            train_s += t1 - t0
            fisher_s += t2 - t1
            eval_s += t3 - t2
        last = matrix[-1]
        acc = sum(last) / tasks
        bwt = sum(last[j] - matrix[j][j] for j in range(tasks - 1)) / max(1, tasks - 1)
        return {"total": time.perf_counter() - start_all, "train": train_s, "consolidate": fisher_s, "evaluate": eval_s,
                "acc": acc, "bwt": bwt, "samples": tasks * epochs * int(self.train_x.shape[0])}


def main():
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else None
    if threads:
        torch.set_num_threads(threads)
    peer = Peer()
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        cmd = request.pop("cmd")
        if cmd == "quit":
            break
        if cmd == "rss":
            reply = {"peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
        else:
            reply = getattr(peer, cmd)(**request)
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
