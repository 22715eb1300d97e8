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

Reading never trusts the file: :func:`read_network_header` reads the zip
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
import math
import os
import re
import secrets
import time
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
TEMP_PREFIX = ".tui-nn-save-"
TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-[0-9a-f]+" + re.escape(TEMP_SUFFIX) + "$")


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


def list_saved_networks(folder: str | Path | None = None) -> list[Path]:
    """The ``.npz`` files in ``folder``, newest first (empty files are left out).

    Cheap: nothing is read but the folder (call :func:`read_network_header`
    on each file, off the interface thread, for what it holds).  Removes the
    temporary files of interrupted saves.  Raises OSError for a folder that
    exists but cannot be read.
    """
    folder = _legacy_folder() if folder is None else Path(folder)
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
    target: str | Path | None,
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
    if target is None:
        target = _legacy_folder()
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


def _legacy_folder() -> Path:
    """TRANSITIONAL (issue 9 point 4): ``None`` as a folder, until the app passes its own.

    The engine should not know tui-nn's folders; delete this (and :func:`nets_dir`)
    once ``tui_nn/ui/labs/training_files.py`` passes ``tui_nn.paths.nets_dir()``.
    """
    from tui_nn.paths import nets_dir as paths_nets_dir

    return paths_nets_dir()


def nets_dir() -> Path:
    """TRANSITIONAL: use ``tui_nn.paths.nets_dir()`` (see :func:`_legacy_folder`)."""
    return _legacy_folder()


# ---------------------------------------------------------------------------
# Reading


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
