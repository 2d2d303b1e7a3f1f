#!/usr/bin/env python3
"""graph_torch_reference.py — makes tests/data/graph_torch_golden.txt, the PyTorch cross-check of a
tiny recurrent graph network (tests/test_graph_net.cpp, pytorch_golden_file).

It rebuilds the graph's connections from the window rules of core/layer_geometry.h in canonical
order (by target neuron, sources ascending), draws float32 parameters, inputs and targets, unrolls
the T synchronous iterations in float64 with autograd (values start at 0, the input is clamped, a
loss on the output at every iteration, weighted), and writes the connections, the parameters, the
per-iteration losses, the weighted loss and every gradient. CI does not need torch: the golden
file is committed. Regenerate with Debian's python3-torch:

    /usr/bin/python3 tests/graph_torch_reference.py > tests/data/graph_torch_golden.txt
"""
import torch

SPEC = ("graph;i: input 3x3x1;h: image 2x2x2 <- i local k3, h local k3, o local k3;"
        "g: image 3x3x1 sigmoid <- h dense, g local k1;o: output 3x3x1 <- h dense, g local k3, o local k1")
ITERATIONS = 3
WEIGHTING = "ramp"
LEAKAGE = float(torch.tensor(0.1, dtype=torch.float32))  # the module keeps it as a float
BATCH = 2

# name: (width, height, channels, activation)
IMAGES = [("i", 3, 3, 1, "input"), ("h", 2, 2, 2, "leaky"), ("g", 3, 3, 1, "sigmoid"), ("o", 3, 3, 1, "linear")]
# target: [(source, kind, kernel, stride)] — the reads of SPEC
READS = {
    "h": [("i", "local", 3, 1), ("h", "local", 3, 1), ("o", "local", 3, 1)],
    "g": [("h", "dense", 0, 1), ("g", "local", 1, 1)],
    "o": [("h", "dense", 0, 1), ("g", "local", 3, 1), ("o", "local", 1, 1)],
}


def layout():
    first, n = {}, 0
    for name, w, h, c, _ in IMAGES:
        first[name] = n
        n += w * h * c
    return first, n


def window(kind, kernel, stride, x, y, source_w, source_h):
    if kind == "dense":
        return 0, source_w, 0, source_h
    half = kernel // 2
    cx, cy = x * stride, y * stride
    return max(0, cx - half), min(source_w, cx + half + 1), max(0, cy - half), min(source_h, cy + half + 1)


def connections():
    first, _ = layout()
    shape = {name: (w, h, c) for name, w, h, c, _ in IMAGES}
    order = [name for name, *_ in IMAGES]
    out = []
    for name, w, h, c, _ in IMAGES:
        reads = sorted(READS.get(name, []), key=lambda r: order.index(r[0]))
        for y in range(h):
            for x in range(w):
                for ch in range(c):
                    target = first[name] + (y * w + x) * c + ch
                    for source, kind, kernel, stride in reads:
                        sw, sh, sc = shape[source]
                        x0, x1, y0, y1 = window(kind, kernel, stride, x, y, sw, sh)
                        for sy in range(y0, y1):
                            for sx in range(x0, x1):
                                for s_ch in range(sc):
                                    out.append((first[source] + (sy * sw + sx) * sc + s_ch, target))
    return out


def exact(values):
    """float32 values written with 17 digits, so that C++ reads back the same float32."""
    return " ".join(repr(float(v)) for v in values.to(torch.float32).tolist())


def main():
    first, n_neurons = layout()
    conns = connections()
    generator = torch.Generator().manual_seed(20240517)
    weights = (torch.rand(len(conns), generator=generator) - 0.5).to(torch.float32)
    biases = ((torch.rand(n_neurons, generator=generator) - 0.5) * 0.2).to(torch.float32)
    biases[: first["h"]] = 0.0
    inputs = torch.rand(BATCH, 9, generator=generator).to(torch.float32)
    targets = torch.rand(BATCH, 9, generator=generator).to(torch.float32)

    w = weights.to(torch.float64).requires_grad_(True)
    b = biases.to(torch.float64).requires_grad_(True)
    src = torch.tensor([s for s, _ in conns])
    tgt = torch.tensor([t for _, t in conns])
    activation = {}
    for name, iw, ih, ic, act in IMAGES:
        for n in range(first[name], first[name] + iw * ih * ic):
            activation[n] = act
    leaky = torch.tensor([activation[n] == "leaky" for n in range(n_neurons)])
    sigmoid = torch.tensor([activation[n] == "sigmoid" for n in range(n_neurons)])
    is_input = torch.tensor([activation[n] == "input" for n in range(n_neurons)])

    x = inputs.to(torch.float64)
    y = targets.to(torch.float64)
    values = torch.zeros(BATCH, n_neurons, dtype=torch.float64)
    values[:, :9] = x
    losses = []
    out_first = first["o"]
    for _ in range(ITERATIONS):
        signal = b.expand(BATCH, n_neurons).clone()
        signal = signal.index_add(1, tgt, values[:, src] * w)
        new = torch.where(leaky, torch.where(signal > 0, signal, LEAKAGE * signal), signal)
        new = torch.where(sigmoid, torch.sigmoid(signal), new)
        values = torch.where(is_input, values, new)
        losses.append(((values[:, out_first:out_first + 9] - y) ** 2).mean())
    total = ITERATIONS * (ITERATIONS + 1) / 2
    alphas = [(t + 1) / total for t in range(ITERATIONS)]
    weighted = sum(a * l for a, l in zip(alphas, losses))
    weighted.backward()

    print("# PyTorch %s, float64 autograd; made by tests/graph_torch_reference.py" % torch.__version__)
    print("spec " + SPEC)
    print("iterations %d" % ITERATIONS)
    print("weighting " + WEIGHTING)
    print("leakage %r" % LEAKAGE)
    print("batch %d" % BATCH)
    print("connections " + " ".join("%d %d" % c for c in conns))
    print("weights " + exact(weights))
    print("biases " + exact(biases))
    print("inputs " + exact(inputs.flatten()))
    print("targets " + exact(targets.flatten()))
    print("iteration_losses " + " ".join(repr(float(l)) for l in losses))
    print("weighted_loss %r" % float(weighted))
    print("weight_gradients " + " ".join(repr(float(g)) for g in w.grad.tolist()))
    bias_grad = b.grad.clone()
    bias_grad[:9] = 0.0
    print("bias_gradients " + " ".join(repr(float(g)) for g in bias_grad.tolist()))


if __name__ == "__main__":
    main()
