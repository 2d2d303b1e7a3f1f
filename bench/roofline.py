#!/usr/bin/python3
"""roofline.py — the roofline view of the ladder (docs/performance.md).

  /usr/bin/python3 bench/roofline.py bench/results/ladder.csv bench/results/peak.txt docs/roofline.png

x: operational intensity, FLOP per byte of per-connection training state (weights, source
indices, back-targets, gradients) that one training step streams, from each module's loop
structure (below) at batch 32 and 6 FLOP per connection-update (DESIGN.md §5).
y: achieved GFLOP/s = connection-updates/s × 6, on 2 threads.
Roofs: the measured FP32 FMA peak and read bandwidths (dendrite-machine-peak) of the same run.
"""
import csv
import re
import sys

# Bytes of per-connection state moved per connection per training step (batch B = 32):
BYTES_PER_CONNECTION_STEP = {
    # forward and the error pull loop over samples outside, connections inside: the 20-byte
    # connection struct is read 32 times, the 8-byte back-target and the weight's struct 32
    # times; gradients, then the update, read and write the struct once more each.
    "layer": 32 * 20 + 32 * (8 + 20) + 24 + 40,
    # flat arrays, batch inside: forward source+weight, pull back-target (connection+target) +
    # weight, update source + weight read + weight write.
    "layer_o1": 8 + 12 + 12,
    # one backward sweep: source + weight read, weight written.
    "layer_o2": 8 + 12,
    # no source index: weight read forward, read + written backward.
    "layer_o3": 4 + 8,
    # forward, error pull, gradient read + write: three passes over the weights.
    "layer_o4": 4 + 4 + 8,
    "layer_o5": 4 + 4 + 8,
    # fused dense layers: forward read, then one backward pass that reads and writes each weight
    # (W1's layers; W2's local and up layers stream as o5's, W3 has both kinds).
    "layer_o6": 4 + 8,
}
FLOP_PER_CONNECTION_STEP = 6 * 32


def main():
    ladder, peak_path, out = sys.argv[1:4]
    rows = [r for r in csv.DictReader(open(ladder)) if r["threads"] == "2"]
    fma, read = {}, {}
    for line in open(peak_path):
        m = re.match(r"fma_gflops threads=(\d+) ([\d.]+)", line)
        if m:
            fma[int(m.group(1))] = float(m.group(2))
        m = re.match(r"read_gbps kib_per_thread=(\d+) threads=(\d+) ([\d.]+)", line)
        if m:
            read[(int(m.group(1)), int(m.group(2)))] = float(m.group(3))

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5.5))
    xs = [0.05, 100]
    peak = fma.get(2, 235)
    ax.plot(xs, [peak, peak], color="black", label=f"FMA peak, 2 cores ({peak:.0f} GFLOP/s)")
    for (kib, threads), gbps in sorted(read.items()):
        if threads != 2 or kib not in (256, 4096, 262144):
            continue
        name = {256: "L2", 4096: "L3", 262144: "DRAM"}[kib]
        ax.plot(xs, [min(peak, gbps * x) for x in xs], linestyle="--",
                label=f"{name} read bandwidth, 2 cores ({gbps:.0f} GB/s)")
    markers = {"W1": "o", "W2": "s", "W3": "^"}
    colors = {m: c for m, c in zip(BYTES_PER_CONNECTION_STEP, ["#7f7f7f", "#9467bd", "#8c564b", "#e377c2", "#1f77b4", "#2ca02c", "#d62728"])}
    for r in rows:
        module = r["module"]
        if module not in BYTES_PER_CONNECTION_STEP:
            continue
        x = FLOP_PER_CONNECTION_STEP / BYTES_PER_CONNECTION_STEP[module]
        y = float(r["cups"]) * 6 / 1e9
        ax.scatter([x], [y], marker=markers.get(r["workload"], "x"), color=colors[module], s=45, zorder=3)
    for module, color in colors.items():
        ax.scatter([], [], color=color, label=module)
    for w, m in markers.items():
        ax.scatter([], [], color="white", edgecolor="black", marker=m, label=w)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(0.05, 100)
    ax.set_ylim(0.5, 400)
    ax.set_xlabel("FLOP per byte of per-connection state streamed per step (batch 32)")
    ax.set_ylabel("achieved GFLOP/s (6 FLOP per connection-update), 2 threads")
    ax.set_title("Roofline: the ladder's modules on W1, W2, W3")
    ax.grid(which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="lower right", ncol=2)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


if __name__ == "__main__":
    main()
