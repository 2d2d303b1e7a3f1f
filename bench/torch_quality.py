#!/usr/bin/python3
"""torch_quality.py — PyTorch's side of the dense-ae quality bar (issue 3).

dense-ae (784-256-32-256-784, leaky ReLU 0.01, linear output), Adam lr 1e-3, batch 32, trained on
all 60,000 Fashion-MNIST training images with PyTorch's default Linear init; prints the test-set
MSE on the 10,000 test images after 1 and after 3 epochs for each seed:
    seed=S epoch=E test_mse=M
Run:  /usr/bin/python3 bench/torch_quality.py --seeds 1 2 3 [--threads 2]
"""
import argparse
import gzip

import numpy as np
import torch

FASHION = "/usr/share/datasets/fashion-mnist"


def load(name):
    with gzip.open(f"{FASHION}/{name}", "rb") as f:
        data = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    return torch.from_numpy(data.reshape(-1, 784).astype(np.float32) / 255.0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--epochs", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    train, test = load("train-images-idx3-ubyte.gz"), load("t10k-images-idx3-ubyte.gz")
    for seed in args.seeds:
        torch.manual_seed(seed)
        model = torch.nn.Sequential(
            torch.nn.Linear(784, 256), torch.nn.LeakyReLU(0.01),
            torch.nn.Linear(256, 32), torch.nn.LeakyReLU(0.01),
            torch.nn.Linear(32, 256), torch.nn.LeakyReLU(0.01),
            torch.nn.Linear(256, 784))
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        for epoch in range(1, max(args.epochs) + 1):
            order = torch.randperm(len(train))
            for start in range(0, len(train), 32):
                batch = train[order[start:start + 32]]
                loss = ((model(batch) - batch) ** 2).mean()
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            if epoch in args.epochs:
                with torch.no_grad():
                    mse = ((model(test) - test) ** 2).mean().item()
                print(f"seed={seed} epoch={epoch} test_mse={mse:.6f}", flush=True)


if __name__ == "__main__":
    main()
