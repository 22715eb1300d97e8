"""Save a trained TwoLayerNet to a ``.npz`` file and load it back, safely.

The file is an ordinary NumPy ``.npz`` archive holding the four parameter
arrays (``W1``, ``b1``, ``W2``, ``b2``) and one text array ``tui_nn`` with a
JSON description: a format tag, the version, the training settings
(:class:`~tui_nn.engine.train.TrainConfig`) and free-form ``meta`` (such as
the accuracies reached and the data used).

Writing is atomic: the bytes go to a temporary file in the target folder
(``.tui-nn-save-<pid>-<random>.tmp``), are flushed to disk, and only then get
their final name, by a hard link that fails if the name is taken (a new name)
or by ``os.replace`` (an explicit path).  A save killed at any moment leaves
the previous files as they were and at most one such temporary file, which
the next :func:`save_network` or :func:`list_saved_networks` in that folder
removes (its process is gone).  No empty placeholder ever carries a final name.

Reading (in :mod:`tui_nn.engine.saving_read`, re-exported here) never trusts
the file: :func:`read_network_header` reads the zip
directory and each array's ``.npy`` header (shape and dtype) before anything
is decompressed, refuses more than :data:`MAX_NETWORK_BYTES` in all, Python
objects (pickles) and foreign or inconsistent files, with a
:class:`ValueError` that says what is wrong.  :func:`load_network` then reads
the weights of a file that passed.

The engine chooses no folder: callers pass one (the app and ``tui-nn train``
use ``tui_nn.paths.nets_dir()``).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tui_nn.engine.nets import PARAM_NAMES, TwoLayerNet
from tui_nn.engine.saving_read import (
    FORMAT,
    INFO_KEY,
    MAX_HEADER_BYTES,
    MAX_INFO_BYTES,
    MAX_LAYER_SIZE,
    MAX_NETWORK_BYTES,
    VERSION,
    NetworkHeader,
    describe,
    load_network,
    network_from_bytes,
    read_network_header,
)
from tui_nn.engine.train_config import TrainConfig

__all__ = [
    "FORMAT", "INFO_KEY", "MAX_HEADER_BYTES", "MAX_INFO_BYTES", "MAX_LAYER_SIZE",
    "MAX_NETWORK_BYTES", "TEMP_PREFIX", "VERSION", "NetworkHeader", "SavedNetwork",
    "cleanup_interrupted_saves", "default_file_name", "default_path", "describe",
    "list_saved_networks", "load_network", "network_from_bytes", "network_to_bytes",
    "read_network_header", "save_network", "saved_networks",
]

TEMP_PREFIX = ".tui-nn-save-"
TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-[0-9a-f]+" + re.escape(TEMP_SUFFIX) + "$")


def default_file_name(config: TrainConfig, when: float | None = None) -> str:
    """A readable file name such as ``relu-h100-20261128-013000.npz``."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(when))
    return f"{config.activation}-h{config.hidden_size}-{stamp}.npz"


def default_path(folder: str | Path, config: TrainConfig, when: float | None = None) -> Path:
    """Where a network trained with ``config`` would be saved in ``folder`` now.

    The name is free at the time of asking: ``-2``, ``-3`` … is added when a
    file of that name exists already (two saves within one second).
    """
    name = default_file_name(config, when)
    for candidate in _numbered(Path(folder), name):
        if not candidate.exists():
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def _numbered(folder: Path, name: str) -> Iterator[Path]:
    stem, suffix = name.rsplit(".", 1)
    yield folder / name
    for number in itertools.count(2):
        yield folder / f"{stem}-{number}.{suffix}"


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: leave its file alone
    return True


def cleanup_interrupted_saves(folder: str | Path) -> int:
    """Remove the temporary files of saves whose process is gone; return how many."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match and not _process_alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed


def list_saved_networks(folder: str | Path) -> list[Path]:
    """The ``.npz`` files in ``folder``, newest first (empty files are left out).

    Cheap: nothing is read but the folder (call :func:`read_network_header`
    on each file, off the interface thread, for what it holds).  Removes the
    temporary files of interrupted saves.  Raises OSError for a folder that
    exists but cannot be read.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    cleanup_interrupted_saves(folder)
    found: list[tuple[float, str, Path]] = []
    for path in folder.iterdir():
        if path.suffix != ".npz" or path.name.startswith("."):
            continue
        try:
            info = path.stat()
        except OSError:
            continue
        if path.is_file() and info.st_size > 0:
            found.append((info.st_mtime, path.name, path))
    return [path for _, _, path in sorted(found, reverse=True)]


@dataclass(frozen=True)
class SavedNetwork:
    """One file of :func:`saved_networks`: its header, or why it cannot be loaded."""

    path: Path
    header: NetworkHeader | None
    problem: str | None = None  # the ValueError's text, with the path left out

    def summary(self) -> str:
        """``relu, 100 hidden · test accuracy 0.9774`` or ``cannot be loaded: …``."""
        if self.header is not None:
            return self.header.describe()
        return f"cannot be loaded: {self.problem}"


def saved_networks(folder: str | Path, limit: int | None = None) -> list[SavedNetwork]:
    """The networks in ``folder``, newest first, each with its header (or its problem).

    Reads headers only (see :func:`read_network_header`): fast for any file,
    but it touches the disk, so call it off the interface thread.  ``limit``:
    read the headers of the newest ``limit`` files only (the others get
    ``header=None, problem=None``).  Raises OSError for an unreadable folder.
    """
    found: list[SavedNetwork] = []
    for index, path in enumerate(list_saved_networks(folder)):
        if limit is not None and index >= limit:
            found.append(SavedNetwork(path, None))
            continue
        try:
            found.append(SavedNetwork(path, read_network_header(path)))
        except ValueError as error:
            found.append(SavedNetwork(path, None, str(error).replace(str(path), "it")))
    return found


def network_to_bytes(
    net: TwoLayerNet, config: TrainConfig, meta: dict[str, Any] | None = None
) -> bytes:
    """The ``.npz`` bytes :func:`save_network` writes (useful for tests and previews)."""
    import io

    arrays: dict[str, np.ndarray] = {}
    for name in PARAM_NAMES:
        if name not in net.params:
            raise ValueError(f"the network has no {name} to save")
        value = np.asarray(net.params[name], dtype=np.float64)
        if not np.all(np.isfinite(value)):
            raise ValueError(
                f"the network's {name} holds nan or infinity: there is nothing to keep"
            )
        arrays[name] = value
    info = {
        "format": FORMAT,
        "version": VERSION,
        "input_size": int(arrays["W1"].shape[0]),
        "hidden_size": int(arrays["W1"].shape[1]),
        "output_size": int(arrays["W2"].shape[1]),
        "config": config.to_dict(),
        "meta": meta or {},
    }
    try:
        text = json.dumps(info, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"the notes to save with the network are not plain data: {error}"
        ) from None
    arrays[INFO_KEY] = np.array(text)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]  # numpy's stub types **kwds as bool
    return buffer.getvalue()


def save_network(
    target: str | Path,
    net: TwoLayerNet,
    config: TrainConfig,
    meta: dict[str, Any] | None = None,
) -> Path:
    """Write ``net`` (and its settings and ``meta``) atomically; return the file's path.

    ``target`` is a folder (an existing one, or any path not ending in
    ``.npz``): the network gets a new :func:`default_file_name` there, with
    ``-2``, ``-3`` … added so that it never overwrites an earlier save (even
    one made in the same second, or by another thread or process at the same
    moment).  A path ending in ``.npz`` is written exactly there, replacing a
    file of that name.  Folders are created as needed.  Raises ValueError if
    the network cannot be saved (nan weights, ``meta`` that is not JSON data)
    and OSError if the file cannot be written.
    """
    data = network_to_bytes(net, config, meta)
    target = Path(target).expanduser()
    if target.suffix == ".npz" and not target.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        cleanup_interrupted_saves(target.parent)
        tmp = _write_temp(target.parent, data)
        try:
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        return target
    target.mkdir(parents=True, exist_ok=True)
    cleanup_interrupted_saves(target)
    tmp = _write_temp(target, data)
    try:
        return _link_under_a_new_name(tmp, target, default_file_name(config))
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _write_temp(folder: Path, data: bytes) -> Path:
    """``data`` in a new, complete, flushed temporary file in ``folder``."""
    name = f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}{TEMP_SUFFIX}"
    tmp = folder / name
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _link_under_a_new_name(tmp: Path, folder: Path, name: str) -> Path:
    """Give the complete file ``tmp`` the first free numbered ``name`` (atomically)."""
    for candidate in _numbered(folder, name):
        try:
            os.link(tmp, candidate)  # fails if the name is taken: no two saves share one
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: check, then rename
            if candidate.exists():
                continue
            os.replace(tmp, candidate)
        return candidate
    raise AssertionError("unreachable")  # pragma: no cover
