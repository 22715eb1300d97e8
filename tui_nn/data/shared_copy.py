"""One read-only copy of the digits for every session of a classroom server.

``tui-nn serve`` writes the data sets once, as plain uint8 ``.npy`` files, into
a folder of its own and puts that folder in each session's environment
(``TUI_NN_SHARED_DATA``).  A session then memory-maps them instead of reading
and decompressing the ``.gz`` files itself: the pages are shared by every
process on the machine, so thirty students cost one copy of MNIST.

Outside a served session the variable is not set and nothing changes.  A
damaged or incomplete copy is ignored (the session falls back to the normal
loading).  NumPy only: no UI imports here.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import numpy as np

ENV_SHARED = "TUI_NN_SHARED_DATA"
#: The four arrays of a data set, in the order ``Dataset`` takes them.
PARTS = ("x_train", "t_train", "x_test", "t_test")
#: What a session's screen says about the shared MNIST (no server path reaches a student).
MNIST_LABEL = "real MNIST (shared by the classroom server)"


def _file(folder: Path, source: str, part: str) -> Path:
    return folder / f"{source}-{part}.npy"


def write_shared_copy(folder: Path, source: str, arrays: tuple[np.ndarray, ...]) -> None:
    """Save the four uint8 arrays of ``source`` ("mnist" or "builtin") read-only in ``folder``.

    Each file is written under a temporary name and renamed into place, so a
    reader never sees half a file.
    """
    if len(arrays) != len(PARTS):
        raise ValueError(f"expected {len(PARTS)} arrays, got {len(arrays)}")
    folder.mkdir(parents=True, exist_ok=True)
    for part, array in zip(PARTS, arrays, strict=True):
        target = _file(folder, source, part)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                np.save(fh, np.ascontiguousarray(array, dtype=np.uint8), allow_pickle=False)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp_name, 0o444)
            os.replace(tmp_name, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise


def read_shared_copy(source: str) -> tuple[np.ndarray, ...] | None:
    """The four arrays of ``source`` memory-mapped read-only, or None (no copy, or a bad one)."""
    folder = os.environ.get(ENV_SHARED, "")
    if not folder:
        return None
    arrays = []
    for part in PARTS:
        try:
            array = np.load(_file(Path(folder), source, part), mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError):
            return None
        if array.dtype != np.uint8:
            return None
        arrays.append(array)
    x_train, t_train, x_test, t_test = arrays
    shapes_ok = (
        x_train.ndim == 3 and x_train.shape[1:] == (28, 28) and x_test.shape[1:] == (28, 28)
        and t_train.shape == (len(x_train),) and t_test.shape == (len(x_test),)
    )
    return tuple(arrays) if shapes_ok else None
