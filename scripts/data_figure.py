"""Make the README's picture of built-in digits next to real MNIST, and measure learnability.

    python3 scripts/data_figure.py              # writes docs/data-digits.png
    python3 scripts/data_figure.py --accuracy   # trains the book's TwoLayerNet on both sets

The picture has two rows of built-in digits (0..9) above two rows of real MNIST
digits (the first examples of each class), white ink on black as in MNIST.
Real MNIST is found the usual way (TUI_NN_DATA or the cache); without it only
the built-in rows are drawn.  The PNG is written with zlib alone (no imaging
library needed).
"""

from __future__ import annotations

import argparse
import struct
import sys
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tui_nn.data import DataNotFound, load_dataset  # noqa: E402


def write_png(path: Path, gray: np.ndarray) -> None:
    """Write a 2-D uint8 array as an 8-bit grayscale PNG."""
    height, width = gray.shape
    raw = b"".join(b"\x00" + gray[row].tobytes() for row in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9))
    png += chunk(b"IEND", b"")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)


def pick(images: np.ndarray, labels: np.ndarray, per_digit: int) -> list[np.ndarray]:
    """Rows of digits 0..9: row r holds the r-th example of each digit."""
    firsts = [np.flatnonzero(labels == d)[:per_digit] for d in range(10)]
    return [np.stack([images[firsts[d][r]] for d in range(10)]) for r in range(per_digit)]


def grid(rows: list[np.ndarray], scale: int = 3, gap: int = 4, band_after: int = 2) -> np.ndarray:
    """Tile rows of 28x28 digits, scaled up, with a gray band between the two groups."""
    cell = 28 * scale
    width = 10 * cell + 11 * gap
    parts = []
    for i, row in enumerate(rows):
        line = np.zeros((cell, width), np.uint8)
        for j, digit in enumerate(row):
            x = gap + j * (cell + gap)
            line[:, x : x + cell] = np.kron(digit, np.ones((scale, scale), np.uint8))
        parts.append(np.zeros((gap, width), np.uint8))
        parts.append(line)
        if i + 1 == band_after and len(rows) > band_after:
            parts.append(np.full((gap, width), 0, np.uint8))
            parts.append(np.full((2, width), 128, np.uint8))
    parts.append(np.zeros((gap, width), np.uint8))
    return np.vstack(parts)


def figure(out: Path) -> None:
    builtin = load_dataset("builtin")
    rows = pick(builtin.x_test, builtin.t_test, 2)
    try:
        real = load_dataset("mnist")
        rows += pick(real.x_test, real.t_test, 2)
        print(f"real MNIST from {real.path}")
    except DataNotFound:
        print("real MNIST not found: drawing the built-in digits only")
    write_png(out, grid(rows))
    print(f"wrote {out}")


def accuracy(iterations: int, seed: int) -> None:
    """The book's setting: TwoLayerNet(784, 50, 10), sigmoid, lr 0.1, batch 100."""
    from tui_nn.engine.nets import TwoLayerNet

    sets = [load_dataset("builtin")]
    try:
        sets.append(load_dataset("mnist"))
    except DataNotFound:
        print("real MNIST not found: built-in digits only")
    for ds in sets:
        x = ds.x_train.reshape(len(ds.x_train), -1) / 255.0
        xt = ds.x_test.reshape(len(ds.x_test), -1) / 255.0
        rng = np.random.default_rng(seed)
        net = TwoLayerNet(784, 50, 10, rng=rng)
        per_epoch = len(x) // 100
        start = time.perf_counter()
        print(f"\n{ds.label}: hidden 50, sigmoid, lr 0.1, batch 100, {iterations} iterations")
        for i in range(1, iterations + 1):
            batch = rng.integers(0, len(x), 100)
            grads = net.gradient(x[batch], ds.t_train[batch])
            for key in grads:
                net.params[key] -= 0.1 * grads[key]
            if i % per_epoch == 0 or i == iterations:
                print(
                    f"  iteration {i:6d}  train acc {net.accuracy(x, ds.t_train):.4f}"
                    f"  test acc {net.accuracy(xt, ds.t_test):.4f}"
                    f"  ({time.perf_counter() - start:.0f} s)"
                )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "data-digits.png")
    parser.add_argument("--accuracy", action="store_true", help="train and report accuracy")
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.accuracy:
        accuracy(args.iterations, args.seed)
    else:
        figure(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
