"""Reading a saved network safely: headers first, then the weights.

:func:`read_network_header` reads the zip directory and each array's ``.npy``
header (shape and dtype) before anything is decompressed, refuses more than
:data:`MAX_NETWORK_BYTES` in all, Python objects (pickles) and foreign or
inconsistent files, with a :class:`ValueError` that says what is wrong.
:func:`load_network` then reads the weights of a file that passed.  Writing is
in :mod:`tui_nn.engine.saving` (which re-exports everything here).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np

from tui_nn.engine.fast32 import NUM_CLASSES
from tui_nn.engine.nets import PARAM_NAMES, TwoLayerNet
from tui_nn.engine.train_config import TrainConfig, make_network

FORMAT = "tui-nn network"
VERSION = 1
INFO_KEY = "tui_nn"
MAX_LAYER_SIZE = 100_000
MAX_NETWORK_BYTES = 128 * 2**20
"""The most the arrays of one saved network may hold once decompressed (128 MiB).

The largest network the app and ``tui-nn train`` build (784-10,000-10) needs 63 MB."""
MAX_INFO_BYTES = 2**20  # the JSON description, as NumPy stores text (4 bytes a character)
MAX_HEADER_BYTES = 10_000  # one .npy header


@dataclass(frozen=True)
class NetworkHeader:
    """What a saved network is, read without decompressing its weights."""

    path: Path | None
    config: TrainConfig
    meta: dict[str, Any]
    input_size: int
    hidden_size: int
    output_size: int
    arrays: dict[str, tuple[tuple[int, ...], str]] = field(default_factory=dict)
    nbytes: int = 0  # the arrays, decompressed

    def describe(self) -> str:
        """``relu, 100 hidden`` plus :func:`describe` of the notes."""
        kind = f"{self.config.activation}, {self.hidden_size} hidden"
        notes = describe(self.meta)
        return f"{kind} · {notes}" if notes else kind


def read_network_header(path: str | Path) -> NetworkHeader:
    """What the saved network at ``path`` is, without decompressing its weights.

    Reads the zip directory, every array's ``.npy`` header and the (small)
    description only, so it is fast for any file: the Files view calls it for
    each file in a worker.  Raises ValueError, with a plain explanation, for
    anything :func:`load_network` would refuse except the weights' values.
    """
    path = Path(path).expanduser()
    with _open_file(path) as handle:
        header, _ = _read(handle, str(path), weights=False)
    return _with_path(header, path)


def load_network(path: str | Path) -> tuple[TwoLayerNet, TrainConfig, dict[str, Any]]:
    """Read a file written by :func:`save_network`: ``(net, config, meta)``.

    Raises ValueError with a plain explanation for a missing, empty, corrupted,
    truncated, oversized, foreign or inconsistent file (including any file
    that would need pickle to read).
    """
    path = Path(path).expanduser()
    with _open_file(path) as handle:
        header, params = _read(handle, str(path), weights=True)
    return _build(header, params, str(path))


def network_from_bytes(
    data: bytes, name: str = "the file"
) -> tuple[TwoLayerNet, TrainConfig, dict[str, Any]]:
    """Like :func:`load_network`, from the bytes of a file."""
    import io

    if not data:
        raise ValueError(f"{name} is empty (an interrupted save?)")
    header, params = _read(io.BytesIO(data), name, weights=True)
    return _build(header, params, name)


def _with_path(header: NetworkHeader, path: Path) -> NetworkHeader:
    return NetworkHeader(path, header.config, header.meta, header.input_size,
                         header.hidden_size, header.output_size, header.arrays, header.nbytes)


@contextlib.contextmanager
def _open_file(path: Path) -> Iterator[IO[bytes]]:
    if not path.exists():
        raise ValueError(f"{path} does not exist")
    if path.is_dir():
        raise ValueError(f"{path} is a folder, not a saved network")
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as error:
        raise ValueError(f"{path} cannot be read: {error.strerror or error}") from None
    with handle:
        try:
            empty = os.fstat(handle.fileno()).st_size == 0
        except OSError:
            empty = False
        if empty:
            raise ValueError(f"{path} is empty (an interrupted save?)")
        yield handle


def _read(
    handle: IO[bytes], name: str, *, weights: bool
) -> tuple[NetworkHeader, dict[str, np.ndarray]]:
    start = handle.read(4)
    handle.seek(0)
    if not start.startswith(b"PK"):
        raise ValueError(f"{name} is not a saved network (it is not a .npz archive)")
    try:
        with zipfile.ZipFile(handle) as archive:
            return _read_archive(archive, name, weights)
    except ValueError as error:
        message = str(error)
        lowered = message.lower()
        if any(word in lowered for word in ("pickle", "python objects", "object arrays")):
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


def _read_archive(
    archive: zipfile.ZipFile, name: str, weights: bool
) -> tuple[NetworkHeader, dict[str, np.ndarray]]:
    members: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        key = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
        if key in members:
            raise ValueError(f"{name} is damaged: it holds {key} twice")
        members[key] = info
    if INFO_KEY not in members:
        raise ValueError(
            f"{name} is a NumPy archive but not a tui-nn network "
            f"(it holds {', '.join(sorted(members)) or 'nothing'})"
        )
    unexpected = set(members) - set(PARAM_NAMES) - {INFO_KEY}
    if unexpected:
        raise ValueError(
            f"{name} holds things a tui-nn network never has: {', '.join(sorted(unexpected))}"
        )
    shapes: dict[str, tuple[tuple[int, ...], np.dtype[Any]]] = {}
    total = 0
    for key, info in members.items():
        shape, dtype = _array_header(archive, info, name, key)
        nbytes = math.prod(shape) * dtype.itemsize
        limit = MAX_INFO_BYTES if key == INFO_KEY else MAX_NETWORK_BYTES
        total += nbytes
        if nbytes > limit or total > MAX_NETWORK_BYTES + MAX_INFO_BYTES:
            raise ValueError(
                f"{name} is too large to be a tui-nn network: {key} would take "
                f"{nbytes / 2**20:,.0f} MB once unpacked (at most {limit / 2**20:,.0f} MB)"
            )
        shapes[key] = (shape, dtype)
    info_shape, info_dtype = shapes[INFO_KEY]
    if info_dtype.kind != "U" or info_shape != ():
        raise ValueError(f"{name} is not a tui-nn network (its description is not text)")
    description = _read_info(_read_member(archive, members[INFO_KEY]), name)
    config = _read_config(description, name)
    input_size, hidden, output = _read_sizes(description, name)
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
    for key, want in expected.items():
        if key not in shapes:
            raise ValueError(f"{name} is not a complete saved network: {key} is missing")
        shape, dtype = shapes[key]
        if dtype.kind != "f":
            raise ValueError(f"{name}: {key} should hold decimal numbers, not {dtype}")
        if shape != want:
            raise ValueError(
                f"{name}: {key} has shape {shape}, but a network of "
                f"{input_size}-{hidden}-{output} units needs {want}"
            )
    meta = description.get("meta", {})
    if not isinstance(meta, dict):
        meta = {"notes": meta}
    header = NetworkHeader(
        None, config, meta, input_size, hidden, output,
        {key: (shape, str(dtype)) for key, (shape, dtype) in shapes.items()}, total,
    )
    params = {key: _read_member(archive, members[key]) for key in expected} if weights else {}
    return header, params


def _array_header(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, key: str
) -> tuple[tuple[int, ...], np.dtype[Any]]:
    """The shape and dtype in the ``.npy`` header of one member (a few hundred bytes read)."""
    fmt = np.lib.format
    with archive.open(info) as member:
        version = fmt.read_magic(member)
        if version == (1, 0):
            shape, _, dtype = fmt.read_array_header_1_0(member, max_header_size=MAX_HEADER_BYTES)
        elif version in ((2, 0), (3, 0)):
            shape, _, dtype = fmt.read_array_header_2_0(member, max_header_size=MAX_HEADER_BYTES)
        else:
            raise ValueError(f"{name} is damaged: {key} has an unknown format {version}")
    if dtype.hasobject:
        raise ValueError(f"{name}: {key} holds Python objects")
    return tuple(int(n) for n in shape), dtype


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> np.ndarray:
    with archive.open(info) as member:
        return np.lib.format.read_array(
            member, allow_pickle=False, max_header_size=MAX_HEADER_BYTES
        )


def _build(
    header: NetworkHeader, params: dict[str, np.ndarray], name: str
) -> tuple[TwoLayerNet, TrainConfig, dict[str, Any]]:
    for key, value in params.items():
        if not np.all(np.isfinite(value)):
            raise ValueError(f"{name}: {key} holds nan or infinity")
    net = make_network(header.config, header.input_size, np.random.default_rng(0))
    for key, value in params.items():
        target = net.params[key]
        if target.shape != value.shape:
            raise ValueError(f"{name}: {key} does not fit the network ({value.shape})")
        target[...] = value.astype(np.float64)  # in place: layers may hold references
    return net, header.config, header.meta


def _read_info(raw: np.ndarray, name: str) -> dict[str, Any]:
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
    sizes: list[int] = []
    for key in ("input_size", "hidden_size", "output_size"):
        value = info.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not (
            1 <= value <= MAX_LAYER_SIZE
        ):
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
