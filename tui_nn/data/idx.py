"""Read the IDX files MNIST ships in (gzip-compressed or plain), checking them as we go.

An IDX file is a big-endian header followed by raw values:

* two zero bytes, a type byte (0x08 = unsigned byte), a byte with the number of dimensions;
* one big-endian int32 per dimension (the first is the number of items);
* the values, row by row.

Every check says which file is wrong and what was expected versus found.
"""

from __future__ import annotations

import gzip
import math
import struct
import zlib
from pathlib import Path

import numpy as np

from tui_nn.data.errors import IdxFormatError
from tui_nn.i18n import _

#: Magic numbers of the two kinds of MNIST file (type 0x08 = uint8, then the number of dims).
IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801


def read_raw(path: Path) -> bytes:
    """The bytes of ``path``, decompressed when the file is gzip (detected by its first bytes)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IdxFormatError(_("{path}: cannot read the file ({reason})").format(
            path=path, reason=exc.strerror or exc)) from exc
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise IdxFormatError(
                _("{path}: the gzip data is damaged or cut short ({reason})").format(
                    path=path, reason=exc)
            ) from exc
    return data


def parse_idx(data: bytes, name: str, expected_magic: int | None = None) -> np.ndarray:
    """Turn the bytes of an IDX file of uint8 values into an array (``name`` is for messages)."""
    if len(data) < 4:
        raise IdxFormatError(
            _("{name}: the file is only {size} bytes long; an IDX header needs at least 4").format(
                name=name, size=len(data))
        )
    (magic,) = struct.unpack(">i", data[:4])
    if expected_magic is not None and magic != expected_magic:
        raise IdxFormatError(
            _("{name}: wrong magic number: expected 0x{expected:08x}, found 0x{magic:08x}"
              " (is this the right kind of file?)").format(
                name=name, expected=expected_magic, magic=magic)
        )
    if data[0] != 0 or data[1] != 0:
        raise IdxFormatError(
            _("{name}: not an IDX file: the first two bytes should be zero, found "
              "0x{magic:08x}").format(name=name, magic=magic)
        )
    if data[2] != 0x08:
        raise IdxFormatError(
            _("{name}: the values are of type 0x{kind:02x}; only unsigned bytes (0x08) are "
              "read").format(name=name, kind=data[2])
        )
    ndim = data[3]
    if ndim == 0:
        raise IdxFormatError(_("{name}: the header says the data has 0 dimensions").format(
            name=name))
    header_len = 4 + 4 * ndim
    if len(data) < header_len:
        raise IdxFormatError(
            _("{name}: truncated header: {ndim} dimensions need {needed} bytes, the file has "
              "{size}").format(name=name, ndim=ndim, needed=header_len, size=len(data))
        )
    dims = struct.unpack(f">{ndim}i", data[4:header_len])
    if any(d < 0 for d in dims):
        raise IdxFormatError(_("{name}: negative size in the header: {dims}").format(
            name=name, dims=dims))
    expected = header_len + math.prod(dims)
    if len(data) != expected:
        what = _("truncated") if len(data) < expected else _("too long")
        item_size = math.prod(dims[1:])
        found_items = (len(data) - header_len) / item_size if item_size else 0
        raise IdxFormatError(
            _("{name}: {what}: the header says {items} items of shape {shape}, i.e. "
              "{expected} bytes, but the file has {size} bytes (room for {room:g} items)").format(
                name=name, what=what, items=dims[0], shape=tuple(dims[1:]), expected=expected,
                size=len(data), room=found_items)
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header_len).reshape(dims).copy()


def read_images(path: Path) -> np.ndarray:
    """Images from an IDX3 file: uint8 array of shape (N, rows, cols)."""
    path = Path(path)
    images = parse_idx(read_raw(path), str(path), IMAGES_MAGIC)
    if images.ndim != 3:  # pragma: no cover - the magic number already fixes ndim = 3
        raise IdxFormatError(f"{path}: expected 3 dimensions, found {images.ndim}")
    return images


def read_labels(path: Path) -> np.ndarray:
    """Labels from an IDX1 file: uint8 array of shape (N,), each 0..9."""
    path = Path(path)
    labels = parse_idx(read_raw(path), str(path), LABELS_MAGIC)
    if labels.size and int(labels.max()) > 9:
        raise IdxFormatError(
            _("{path}: labels must be digits 0..9, found {found}").format(
                path=path, found=int(labels.max()))
        )
    return labels


def read_pair(images_path: Path, labels_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Images and their labels, checked to have the same count."""
    images = read_images(images_path)
    labels = read_labels(labels_path)
    if len(images) != len(labels):
        raise IdxFormatError(
            _("{images_path} and {labels_path} disagree: {images} images but {labels} "
              "labels").format(images_path=images_path, labels_path=labels_path,
                                images=len(images), labels=len(labels))
        )
    return images, labels


def encode_idx(array: np.ndarray) -> bytes:
    """The IDX bytes of a uint8 array (used by tests and by anyone writing small IDX files)."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim)
    header += struct.pack(f">{array.ndim}i", *array.shape)
    return header + array.tobytes()
