"""Save a trained TwoLayerNet to a ``.npz`` file and load it back, safely.

The file is an ordinary NumPy ``.npz`` archive holding the four parameter
arrays (``W1``, ``b1``, ``W2``, ``b2``) and one text array ``tui_nn`` with a
JSON description: a format tag, the version, the training settings
(:class:`~tui_nn.engine.train.TrainConfig`) and free-form ``meta`` (such as
the accuracies reached and the data used).

Writing is atomic (a temporary file in the same folder, then ``os.replace``),
so a crash never leaves half a file.  Reading uses ``allow_pickle=False`` and
checks everything, so a corrupted, truncated, foreign or tampered file raises
a :class:`ValueError` that says what is wrong, never runs code and never
builds a network of the wrong shape.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import math
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from tui_nn.engine.fast32 import NUM_CLASSES
from tui_nn.engine.nets import PARAM_NAMES, TwoLayerNet
from tui_nn.engine.train_config import TrainConfig, make_network
from tui_nn.paths import atomic_write_bytes, user_data_dir

FORMAT = "tui-nn network"
VERSION = 1
INFO_KEY = "tui_nn"
MAX_LAYER_SIZE = 100_000


def nets_dir() -> Path:
    """The default folder for saved networks: ``user_data_dir() / "nets"``."""
    return user_data_dir() / "nets"


def default_file_name(config: TrainConfig, when: float | None = None) -> str:
    """A readable file name such as ``relu-h100-20261128-013000.npz``."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(when))
    return f"{config.activation}-h{config.hidden_size}-{stamp}.npz"


def default_path(config: TrainConfig, when: float | None = None) -> Path:
    """Where a network trained with ``config`` would be saved when no path is given.

    The name is free at the time of asking: ``-2``, ``-3`` … is added when a
    file of that name exists already (two saves within one second).
    """
    name = default_file_name(config, when)
    for candidate in _numbered(nets_dir(), name):
        if not candidate.exists():
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def _numbered(folder: Path, name: str) -> Iterator[Path]:
    stem, suffix = name.rsplit(".", 1)
    yield folder / name
    for number in itertools.count(2):
        yield folder / f"{stem}-{number}.{suffix}"


def _claim_default_path(config: TrainConfig) -> Path:
    """Create an empty file under a new default name and return it (no two saves share one)."""
    folder = nets_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for candidate in _numbered(folder, default_file_name(config)):
        try:
            with open(candidate, "xb"):
                return candidate
        except FileExistsError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def list_saved_networks(folder: Path | None = None) -> list[Path]:
    """The ``.npz`` files in ``folder`` (default :func:`nets_dir`), newest first."""
    folder = nets_dir() if folder is None else Path(folder)
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob("*.npz") if p.is_file() and not p.name.startswith(".")]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def network_to_bytes(
    net: TwoLayerNet, config: TrainConfig, meta: dict[str, Any] | None = None
) -> bytes:
    """The ``.npz`` bytes :func:`save_network` writes (useful for tests and previews)."""
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
    buffer = io.BytesIO()
    np.savez(buffer, **arrays, **{INFO_KEY: np.array(text)})
    return buffer.getvalue()


def save_network(
    path: str | Path | None,
    net: TwoLayerNet,
    config: TrainConfig,
    meta: dict[str, Any] | None = None,
) -> Path:
    """Write ``net`` (and its settings and ``meta``) to ``path`` atomically; return the path.

    ``path=None`` saves under :func:`nets_dir` with :func:`default_file_name`,
    adding ``-2``, ``-3`` … so that it never overwrites an earlier save (even
    one made in the same second, or by another thread at the same moment).
    Folders are created as needed.  Raises ValueError if the network cannot be
    saved (nan weights, ``meta`` that is not JSON data) and OSError if the
    file cannot be written.
    """
    data = network_to_bytes(net, config, meta)
    if path is not None:
        target = Path(path).expanduser()
        atomic_write_bytes(target, data)
        return target
    target = _claim_default_path(config)  # an empty placeholder, replaced atomically
    try:
        atomic_write_bytes(target, data)
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    return target


def load_network(path: str | Path) -> tuple[TwoLayerNet, TrainConfig, dict[str, Any]]:
    """Read a file written by :func:`save_network`: ``(net, config, meta)``.

    Raises ValueError with a plain explanation for a missing, corrupted,
    truncated, foreign or inconsistent file (including any file that would
    need pickle to read).
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise ValueError(f"{path} does not exist")
    if path.is_dir():
        raise ValueError(f"{path} is a folder, not a saved network")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ValueError(f"{path} cannot be read: {error.strerror or error}") from None
    return network_from_bytes(data, name=str(path))


def network_from_bytes(
    data: bytes, name: str = "the file"
) -> tuple[TwoLayerNet, TrainConfig, dict[str, Any]]:
    """Like :func:`load_network`, from the bytes of a file."""
    if not data.startswith(b"PK"):
        raise ValueError(f"{name} is not a saved network (it is not a .npz archive)")
    arrays = _read_arrays(data, name)
    info = _read_info(arrays, name)
    config = _read_config(info, name)
    input_size, hidden, output = _read_sizes(info, name)
    if hidden != config.hidden_size:
        raise ValueError(
            f"{name} is inconsistent: the settings say hidden size {config.hidden_size} "
            f"but the weights have {hidden}"
        )
    expected = {
        "W1": (input_size, hidden),
        "b1": (hidden,),
        "W2": (hidden, output),
        "b2": (output,),
    }
    params: dict[str, np.ndarray] = {}
    for key, shape in expected.items():
        if key not in arrays:
            raise ValueError(f"{name} is not a complete saved network: {key} is missing")
        value = arrays[key]
        if value.dtype.kind != "f":
            raise ValueError(f"{name}: {key} should hold decimal numbers, not {value.dtype}")
        if value.shape != shape:
            raise ValueError(
                f"{name}: {key} has shape {value.shape}, but a network of "
                f"{input_size}-{hidden}-{output} units needs {shape}"
            )
        if not np.all(np.isfinite(value)):
            raise ValueError(f"{name}: {key} holds nan or infinity")
        params[key] = value.astype(np.float64)
    net = make_network(config, input_size, np.random.default_rng(0))
    for key, value in params.items():
        target = net.params[key]
        if target.shape != value.shape:
            raise ValueError(f"{name}: {key} does not fit the network ({value.shape})")
        target[...] = value  # in place: layers may hold references to these arrays
    meta = info.get("meta", {})
    if not isinstance(meta, dict):
        meta = {"notes": meta}
    return net, config, meta


def _read_arrays(data: bytes, name: str) -> dict[str, np.ndarray]:
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            if not isinstance(archive, np.lib.npyio.NpzFile):
                raise ValueError(f"{name} is not a saved network (it is not a .npz archive)")
            keys = set(archive.files)
            if INFO_KEY not in keys:
                raise ValueError(
                    f"{name} is a NumPy archive but not a tui-nn network "
                    f"(it holds {', '.join(sorted(keys)) or 'nothing'})"
                )
            unexpected = keys - set(PARAM_NAMES) - {INFO_KEY}
            if unexpected:
                extra = ", ".join(sorted(unexpected))
                raise ValueError(f"{name} holds things a tui-nn network never has: {extra}")
            return {key: archive[key] for key in keys}
    except ValueError as error:
        message = str(error)
        if "pickle" in message.lower():
            raise ValueError(
                f"{name} holds Python objects that could run code when loaded; refusing to load it"
            ) from None
        if message.startswith(name):
            raise
        raise ValueError(f"{name} is damaged: {message}") from None
    except (zipfile.BadZipFile, EOFError, OSError, KeyError) as error:
        raise ValueError(f"{name} is damaged or truncated ({error})") from None
    except Exception as error:  # a damaged archive can trip any part of zipfile/NumPy
        raise ValueError(f"{name} is damaged ({type(error).__name__}: {error})") from None


def _read_info(arrays: dict[str, np.ndarray], name: str) -> dict[str, Any]:
    raw = arrays[INFO_KEY]
    if raw.dtype.kind != "U" or raw.shape != ():
        raise ValueError(f"{name} is not a tui-nn network (its description is not text)")
    try:
        info = json.loads(str(raw))
    except (ValueError, RecursionError) as error:
        raise ValueError(f"{name} has a damaged description: {error}") from None
    if not isinstance(info, dict) or info.get("format") != FORMAT:
        raise ValueError(f"{name} is not a tui-nn network")
    version = info.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ValueError(
            f"{name} was saved by a newer tui-nn (format version {version}); please update"
        )
    return info


def _read_config(info: dict[str, Any], name: str) -> TrainConfig:
    raw = info.get("config")
    if not isinstance(raw, dict):
        raise ValueError(f"{name} does not say how the network was set up")
    try:
        config = TrainConfig.from_dict(raw)
    except TypeError as error:
        raise ValueError(f"{name} has unreadable settings: {error}") from None
    problems = config.validate()
    if problems:
        raise ValueError(f"{name} has bad settings: {'; '.join(problems)}")
    return config


def _read_sizes(info: dict[str, Any], name: str) -> tuple[int, int, int]:
    sizes = []
    for key in ("input_size", "hidden_size", "output_size"):
        value = info.get(key)
        is_int = isinstance(value, int) and not isinstance(value, bool)
        if not is_int or not 1 <= value <= MAX_LAYER_SIZE:
            raise ValueError(f"{name} has a bad {key.replace('_', ' ')}: {value!r}")
        sizes.append(value)
    if sizes[2] != NUM_CLASSES:
        raise ValueError(f"{name} has {sizes[2]} outputs; tui-nn networks have {NUM_CLASSES}")
    return sizes[0], sizes[1], sizes[2]


def describe(meta: dict[str, Any]) -> str:
    """One line about a saved network's ``meta`` (accuracy and data), for lists."""
    parts = []
    acc = meta.get("test_accuracy")
    if isinstance(acc, (int, float)) and math.isfinite(acc):
        parts.append(f"test accuracy {acc:.4f}")
    data = meta.get("data")
    if isinstance(data, str):
        parts.append(re.sub(r"\s+", " ", data)[:60])
    return ", ".join(parts)
