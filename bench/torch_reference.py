#!/usr/bin/python3
"""torch_reference.py — the PyTorch peer for `dendrite-cli bench` (DESIGN.md §5).

Trains the benchmark workloads W1 (dense-ae), W2 (local-ae) and W3 (rgb-ae) in PyTorch on the
CPU with the same shapes, leaky ReLU 0.01 on hidden layers, linear outputs, mean squared error,
plain SGD (learning rate 1e-4), batch 32 and fixed pseudo-random inputs in [0, 1], and prints
samples/s per workload and thread configuration.

Locally connected layers (own weights per output pixel, as Dendrite's `local` and `up`) are
written the way DESIGN.md §5 asks for: torch.nn.functional.unfold (zero padding 1) gathers each
output pixel's window, and einsum multiplies it by that pixel's weights (up layers: see Local). The padding means
PyTorch computes 423,360 products per sample for W2 where Dendrite has 365,328 connections;
samples/s is the figure compared.

Threads: PyTorch's intra-op threads (torch.set_num_threads) and OpenBLAS's threads
(OPENBLAS_NUM_THREADS, read at import) are separate pools, and oversubscribing two cores halves
the speed, so every configuration with torch threads × BLAS threads ≤ cores runs in its own
process and the best one per core count is reported.

  /usr/bin/python3 bench/torch_reference.py [--workloads W1,W2,W3] [--cores 1,2] [--seconds 2]
                                            [--repeat 3] [--up-layers shuffle|gather] [--csv]

CSV columns: workload,impl,cores,torch_threads,blas_threads,batch,samples_per_s,forward_ms,step_ms
(the best configuration per workload and core count is marked impl=torch; every configuration
tried is also printed with impl=torch-config).
"""
import argparse
import json
import os
import subprocess
import sys
import time

BATCH = 32
LEAK = 0.01
UP_LAYERS = "shuffle"  # or "gather" (--up-layers)


def build(workload, torch, nn, F):
    """Returns (model, input shape) for a workload; the model maps [B, C, H, W] to the same."""

    class Dense(nn.Module):
        def __init__(self, n_in, n_out, act=True):
            super().__init__()
            self.linear = nn.Linear(n_in, n_out)
            self.act = act

        def forward(self, x):
            y = self.linear(x.flatten(1))
            return F.leaky_relu(y, LEAK) if self.act else y

    class Local(nn.Module):
        """Locally connected layer: target pixel (x, y) reads the k×k window of every source
        channel centred at (x·s, y·s) (local) or at (x // f, y // f) (up, f = W_t / W_s).

        An up layer's f×f target pixels that share a source pixel's window are computed as f²·C
        output channels of that source pixel and put in place with pixel_shuffle: the same
        products as gathering each target's window, about 8× faster here than gathering the
        unfolded columns (whose backward is a slow scatter-add)."""

        def __init__(self, c_in, hw_in, c_out, hw_out, k, stride=1, up=False, act=True):
            super().__init__()
            self.k, self.stride, self.act = k, stride, act
            self.hw_in, self.hw_out, self.c_out = hw_in, hw_out, c_out
            self.f = hw_out // hw_in if up else 0
            self.gather = None
            if up and UP_LAYERS == "gather":  # each target pixel gathers its source pixel's columns
                ys = torch.arange(hw_out) // self.f
                self.gather = (ys[:, None] * hw_in + ys[None, :]).flatten()
                self.f = 0
            locations = hw_in * hw_in if self.f else hw_out * hw_out
            outputs = c_out * self.f * self.f if self.f else c_out
            fan_in = c_in * k * k
            bound = 1.0 / fan_in ** 0.5
            self.weight = nn.Parameter(torch.empty(locations, outputs, fan_in).uniform_(-bound, bound))
            self.bias = nn.Parameter(torch.zeros(c_out, hw_out, hw_out))

        def forward(self, x):
            x = x.view(x.shape[0], -1, self.hw_in, self.hw_in)
            if self.f:
                cols = F.unfold(x, self.k, padding=self.k // 2, stride=1)
                y = torch.einsum("bkl,lok->bol", cols, self.weight)
                y = F.pixel_shuffle(y.view(x.shape[0], -1, self.hw_in, self.hw_in), self.f)
            else:
                if self.gather is not None:
                    cols = F.unfold(x, self.k, padding=self.k // 2, stride=1)[:, :, self.gather]
                else:
                    cols = F.unfold(x, self.k, padding=self.k // 2, stride=self.stride)
                y = torch.einsum("bkl,lok->bol", cols, self.weight)
                y = y.view(x.shape[0], self.c_out, self.hw_out, self.hw_out)
            y = y + self.bias
            return F.leaky_relu(y, LEAK) if self.act else y

    class Reshape(nn.Module):
        def __init__(self, *shape):
            super().__init__()
            self.shape = shape

        def forward(self, x):
            return x.view(x.shape[0], *self.shape)

    if workload == "W1":  # 784-256-32-256-784
        return nn.Sequential(Dense(784, 256), Dense(256, 32), Dense(32, 256), Dense(256, 784, act=False),
                             Reshape(1, 28, 28)), (1, 28, 28)
    if workload == "W2":
        return nn.Sequential(Local(1, 28, 16, 14, 3, stride=2), Local(16, 14, 8, 7, 3, stride=2),
                             Local(8, 7, 16, 14, 3, up=True), Local(16, 14, 1, 28, 3, up=True, act=False)), (1, 28, 28)
    if workload == "W3":
        return nn.Sequential(Local(3, 32, 16, 16, 3, stride=2), Local(16, 16, 32, 8, 3, stride=2),
                             Dense(2048, 64), Dense(64, 2048), Reshape(32, 8, 8),
                             Local(32, 8, 16, 16, 3, up=True), Local(16, 16, 3, 32, 3, up=True, act=False)), (3, 32, 32)
    raise SystemExit(f"unknown workload {workload}")


def measure(workload, torch_threads, seconds, repeat):
    """Runs in a child process (OPENBLAS_NUM_THREADS already set); prints one JSON line."""
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    torch.set_num_threads(torch_threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    model, shape = build(workload, torch, nn, F)
    data = torch.rand(BATCH, *shape, generator=torch.Generator().manual_seed(7))
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-4)
    loss_fn = nn.MSELoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(data), data)
        loss.backward()
        optimizer.step()

    for _ in range(5):
        step()
    best_step = best_forward = float("inf")
    for _ in range(repeat):
        n, start = 0, time.perf_counter()
        while True:
            step()
            n += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds and n >= 5:
                break
        best_step = min(best_step, elapsed / n)
        with torch.no_grad():
            n, start = 0, time.perf_counter()
            while True:
                model(data)
                n += 1
                elapsed = time.perf_counter() - start
                if elapsed >= seconds / 2 and n >= 5:
                    break
        best_forward = min(best_forward, elapsed / n)
    print(json.dumps({"samples_per_s": BATCH / best_step, "step_ms": best_step * 1e3,
                      "forward_ms": best_forward * 1e3, "torch": torch.__version__}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workloads", default="W1,W2,W3")
    parser.add_argument("--cores", default="1,2", help="core counts to report (comma-separated)")
    parser.add_argument("--seconds", type=float, default=2.0, help="time each measurement at least this long")
    parser.add_argument("--repeat", type=int, default=3, help="measurements per configuration; the best is kept")
    parser.add_argument("--csv", action="store_true")
    parser.add_argument("--up-layers", choices=["shuffle", "gather"], default="shuffle",
                        help="up layers as f²·C channels + pixel_shuffle (default, faster) or gathered columns")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--torch-threads", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    global UP_LAYERS
    UP_LAYERS = args.up_layers
    if args.child:
        measure(args.child, args.torch_threads, args.seconds, args.repeat)
        return

    cores = [int(c) for c in args.cores.split(",")]
    if args.csv:
        print("workload,impl,cores,torch_threads,blas_threads,batch,samples_per_s,forward_ms,step_ms")
    else:
        print(f"{'work':4} {'impl':12} {'cores':>5} {'torch×blas':>10} {'samples/s':>10} {'fwd ms':>8} {'step ms':>8}")
    for workload in args.workloads.split(","):
        results = {}  # (torch threads, BLAS threads) -> measurement
        for n in cores:
            best = None
            for torch_threads in range(1, n + 1):
                for blas_threads in range(1, n // torch_threads + 1):
                    config = (torch_threads, blas_threads)
                    if config not in results:
                        env = dict(os.environ, OMP_NUM_THREADS=str(torch_threads),
                                   OPENBLAS_NUM_THREADS=str(blas_threads), MKL_NUM_THREADS=str(blas_threads))
                        out = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", workload,
                                              "--torch-threads", str(torch_threads), "--seconds", str(args.seconds),
                                              "--repeat", str(args.repeat), "--up-layers", args.up_layers],
                                             env=env, capture_output=True, text=True)
                        if out.returncode != 0:
                            raise SystemExit(f"{workload} torch={torch_threads} blas={blas_threads}: {out.stderr}")
                        results[config] = json.loads(out.stdout.strip().splitlines()[-1])
                        print_row((workload, "torch-config", torch_threads * blas_threads) + config + (results[config],),
                                  args.csv)
                    if best is None or results[config]["samples_per_s"] > results[best]["samples_per_s"]:
                        best = config
            print_row((workload, "torch", n) + best + (results[best],), args.csv)


def print_row(row, csv):
    workload, impl, cores, tt, bt, r = row  # cores: the best configuration's core budget
    if csv:
        print(f"{workload},{impl},{cores},{tt},{bt},{BATCH},{r['samples_per_s']:.1f},{r['forward_ms']:.4f},{r['step_ms']:.4f}")
    else:
        print(f"{workload:4} {impl:12} {cores:5d} {f'{tt}×{bt}':>10} {r['samples_per_s']:10.1f} {r['forward_ms']:8.3f} {r['step_ms']:8.3f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
