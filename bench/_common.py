"""Shared bits of the benchmarks: imports from a clone, data, load average, figures."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

try:
    import tui_nn  # noqa: F401
except ImportError:  # running from a clone without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np


def load_average() -> str:
    """The 1-minute load average, as uptime shows it ("?" where there is none)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


def spread(values: list[float]) -> str:
    """min / median / max of some figures."""
    return (
        f"min {min(values):.3g}  median {statistics.median(values):.3g}  max {max(values):.3g}"
    )


def images(count: int | None = None) -> tuple[np.ndarray, np.ndarray, str]:
    """Training images (uint8, N x 784) and labels: real MNIST when found, else built-in."""
    from tui_nn.data import load_dataset

    data = load_dataset()
    x = data.x_train.reshape(data.x_train.shape[0], -1)
    t = data.t_train
    if count is not None:
        x, t = x[:count], t[:count]
    return x, t, str(data.label)


def blas_kernel() -> str:
    """Which BLAS library and kernel NumPy uses (threadpoolctl), and its default threads."""
    from threadpoolctl import threadpool_info

    pools = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    if not pools:
        return "no BLAS library seen by threadpoolctl"
    pool = pools[0]
    return (
        f"{pool.get('internal_api')} {pool.get('version')} ({pool.get('architecture')}), "
        f"{pool.get('num_threads')} threads by default"
    )
