"""Benchmark: one training epoch (600 updates, batch 100, sigmoid, SGD) against its peers.

    python3 bench/epoch_speed.py                       # 784-50-10 and 784-100-10, one thread
    python3 bench/epoch_speed.py --threads 1 2 --rounds 5

For each network and BLAS thread count, in interleaved rounds (every runner
once per round, so a busy moment hits them all):

- engine: tui-nn's ``Trainer`` exactly as the app and ``tui-nn train`` run it
  (the book's random minibatches, float32), timed from the first to the
  600th update (the accuracy measured after the epoch is not included);
- pytorch: the same network in PyTorch on the CPU, float32, the same batches,
  autograd and a plain SGD step, ``torch.set_num_threads`` to the same count
  (``pip install torch==2.13.0``; a clear line when it is missing);
- book: the book's way, written here: float32 images in [0, 1] made once,
  float64 weights, the chapter-5 backprop with fancy-indexed batches;
- floor: only the five float32 matrix products of an update (the sgemm work),
  on preallocated arrays, 600 times: no real epoch can be faster.

Printed per network: seconds per epoch (min / median / max), and the ratios
per round engine / pytorch (target <= 0.5), engine / floor (target <= 1.4) and
engine / book, with the load average.  ``--threads 1 2`` also shows why
``tui_nn.threads.HEAVY_WORK_THREADS`` is 1.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from _common import blas_kernel, images, load_average, spread

from tui_nn.engine.train import IterationDone, TrainConfig, Trainer
from tui_nn.threads import blas_threads

ITERATIONS = 600
BATCH = 100
LR = 0.1


def engine_epoch(hidden: int, x: np.ndarray, t: np.ndarray, seed: int) -> float:
    config = TrainConfig.book(hidden_size=hidden, iterations=ITERATIONS, seed=seed)
    trainer = Trainer(config, x, t, x[:10], t[:10])
    events = trainer.run()
    start = None
    for event in events:
        if isinstance(event, IterationDone):
            if event.iteration == 1:
                start = time.perf_counter()
            if event.iteration == ITERATIONS:
                break
    assert start is not None
    seconds = (time.perf_counter() - start) * ITERATIONS / (ITERATIONS - 1)
    events.close()
    return seconds


def torch_epoch(hidden: int, x: np.ndarray, t: np.ndarray, seed: int, threads: int) -> float:
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(threads)
    gen = torch.Generator().manual_seed(seed)
    W1 = (0.01 * torch.randn(784, hidden, generator=gen)).requires_grad_()
    b1 = torch.zeros(hidden, requires_grad=True)
    W2 = (0.01 * torch.randn(hidden, 10, generator=gen)).requires_grad_()
    b2 = torch.zeros(10, requires_grad=True)
    params = (W1, b1, W2, b2)
    images_u8 = torch.from_numpy(np.array(x))  # a writable copy, as PyTorch wants
    labels = torch.from_numpy(t.astype(np.int64))
    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    for _ in range(ITERATIONS):
        idx = torch.from_numpy(rng.integers(0, x.shape[0], BATCH))
        xb = images_u8[idx].float().div_(255.0)
        loss = F.cross_entropy(torch.sigmoid(xb @ W1 + b1) @ W2 + b2, labels[idx])
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= LR * p.grad
                p.grad = None
    return time.perf_counter() - start


def book_epoch(hidden: int, x32: np.ndarray, t: np.ndarray, seed: int) -> float:
    """The book's ch04/ch05 TwoLayerNet step: float64 weights, float32 images, fancy indexing."""
    rng = np.random.default_rng(seed)
    W1 = 0.01 * rng.standard_normal((784, hidden))
    b1 = np.zeros(hidden)
    W2 = 0.01 * rng.standard_normal((hidden, 10))
    b2 = np.zeros(10)
    t_onehot = np.eye(10)[t]
    start = time.perf_counter()
    for _ in range(ITERATIONS):
        mask = rng.choice(x32.shape[0], BATCH)
        xb, tb = x32[mask], t_onehot[mask]
        a1 = xb @ W1 + b1
        z1 = 1 / (1 + np.exp(-a1))
        a2 = z1 @ W2 + b2
        a2 = a2 - a2.max(axis=1, keepdims=True)
        y = np.exp(a2) / np.sum(np.exp(a2), axis=1, keepdims=True)
        dy = (y - tb) / BATCH
        gW2, gb2 = z1.T @ dy, dy.sum(axis=0)
        da1 = (dy @ W2.T) * (1 - z1) * z1
        gW1, gb1 = xb.T @ da1, da1.sum(axis=0)
        W1 -= LR * gW1
        b1 -= LR * gb1
        W2 -= LR * gW2
        b2 -= LR * gb2
    return time.perf_counter() - start


def floor_epoch(hidden: int) -> float:
    """Only the five sgemm products of an update, 600 times, on preallocated float32 arrays."""
    rng = np.random.default_rng(0)
    f = np.float32
    x = rng.random((BATCH, 784), dtype=f)
    W1 = rng.random((784, hidden), dtype=f)
    W2 = rng.random((hidden, 10), dtype=f)
    a1 = np.empty((BATCH, hidden), f)
    a2 = np.empty((BATCH, 10), f)
    gW2 = np.empty((hidden, 10), f)
    dz = np.empty((BATCH, hidden), f)
    gW1 = np.empty((784, hidden), f)
    start = time.perf_counter()
    for _ in range(ITERATIONS):
        np.matmul(x, W1, out=a1)
        np.matmul(a1, W2, out=a2)
        np.matmul(a1.T, a2, out=gW2)
        np.matmul(a2, W2.T, out=dz)
        np.matmul(x.T, dz, out=gW1)
    return time.perf_counter() - start


def has_torch() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hidden", type=int, nargs="+", default=[50, 100])
    parser.add_argument("--threads", type=int, nargs="+", default=[1])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    x, t, label = images()
    x32 = x.astype(np.float32) / np.float32(255.0)  # the book's load_mnist(normalize=True)
    torch_ok = has_torch()
    print(f"data: {label}; BLAS: {blas_kernel()}")
    if torch_ok:
        import torch

        print(f"PyTorch {torch.__version__} (CPU, float32)")
    else:
        print("PyTorch is not installed: no PyTorch figures "
              "(pip install torch==2.13.0 to compare)")
    runners = ["engine", "book", "floor"] + (["pytorch"] if torch_ok else [])
    times: dict[tuple[int, int, str], list[float]] = {}
    loads = [load_average()]
    for round_number in range(args.rounds):
        for threads in args.threads:
            for hidden in args.hidden:
                for name in runners:
                    with blas_threads(threads):
                        if name == "engine":
                            seconds = engine_epoch(hidden, x, t, round_number)
                        elif name == "book":
                            seconds = book_epoch(hidden, x32, t, round_number)
                        elif name == "floor":
                            seconds = floor_epoch(hidden)
                        else:
                            seconds = torch_epoch(hidden, x, t, round_number, threads)
                    times.setdefault((hidden, threads, name), []).append(seconds)
        loads.append(load_average())
    print(f"load average during the run: {', '.join(loads)}\n")
    for threads in args.threads:
        for hidden in args.hidden:
            print(f"784-{hidden}-10, one epoch ({ITERATIONS} updates, batch {BATCH}), "
                  f"{threads} BLAS thread(s), {args.rounds} rounds")
            for name in runners:
                print(f"  {name:<8} s/epoch: {spread(times[(hidden, threads, name)])}")
            engine = times[(hidden, threads, "engine")]
            for name, target in (("pytorch", "<= 0.5"), ("floor", "<= 1.4"), ("book", "")):
                if name not in runners:
                    continue
                ratios = [e / o for e, o in zip(engine, times[(hidden, threads, name)],
                                                strict=True)]
                goal = f" (target {target})" if target else ""
                print(f"  engine / {name}{goal}: {spread(ratios)}")
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
