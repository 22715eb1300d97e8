"""The IDX reader: good files (gzip or plain) and every kind of bad file, with clear messages."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from tui_nn.data.errors import IdxFormatError
from tui_nn.data.idx import encode_idx, read_images, read_labels, read_pair


def _images(n: int = 5) -> np.ndarray:
    return np.arange(n * 28 * 28, dtype=np.int64).reshape(n, 28, 28).astype(np.uint8)


@pytest.mark.parametrize("compress", [True, False], ids=["gzip", "plain"])
def test_round_trip_gzip_and_plain(tmp_path: Path, compress: bool) -> None:
    images = _images()
    labels = np.array([5, 0, 4, 1, 9], dtype=np.uint8)
    raw_i, raw_l = encode_idx(images), encode_idx(labels)
    pi, pl = tmp_path / "img", tmp_path / "lab"
    pi.write_bytes(gzip.compress(raw_i) if compress else raw_i)
    pl.write_bytes(gzip.compress(raw_l) if compress else raw_l)
    got_i, got_l = read_pair(pi, pl)
    assert got_i.dtype == np.uint8 and got_i.shape == (5, 28, 28)
    np.testing.assert_array_equal(got_i, images)
    np.testing.assert_array_equal(got_l, labels)
    assert got_i.flags.writeable  # a private copy, not a view of the file's bytes


def test_wrong_magic_names_file_and_both_numbers(tmp_path: Path) -> None:
    path = tmp_path / "labels-as-images.gz"
    path.write_bytes(gzip.compress(encode_idx(np.zeros(3, np.uint8))))
    with pytest.raises(IdxFormatError) as err:
        read_images(path)
    message = str(err.value)
    assert str(path) in message
    assert "0x00000803" in message and "0x00000801" in message


def test_not_idx_at_all(tmp_path: Path) -> None:
    path = tmp_path / "hello.txt"
    path.write_bytes(b"hello world, not an idx file")
    with pytest.raises(IdxFormatError, match="magic number"):
        read_labels(path)


def test_truncated_pixels(tmp_path: Path) -> None:
    data = encode_idx(_images(4))
    path = tmp_path / "cut.idx"
    path.write_bytes(data[:-100])
    with pytest.raises(IdxFormatError) as err:
        read_images(path)
    message = str(err.value)
    assert "truncated" in message and str(path) in message
    assert str(len(data)) in message and str(len(data) - 100) in message


def test_truncated_header(tmp_path: Path) -> None:
    path = tmp_path / "header.idx"
    path.write_bytes(encode_idx(_images(2))[:9])
    with pytest.raises(IdxFormatError, match="truncated header"):
        read_images(path)


def test_count_in_header_larger_than_data(tmp_path: Path) -> None:
    data = bytearray(encode_idx(np.array([1, 2, 3], np.uint8)))
    data[4:8] = struct.pack(">i", 7)  # header claims 7 labels, file has 3
    path = tmp_path / "count.idx"
    path.write_bytes(bytes(data))
    with pytest.raises(IdxFormatError) as err:
        read_labels(path)
    assert "7 items" in str(err.value) and "room for 3" in str(err.value)


def test_trailing_garbage_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "long.idx"
    path.write_bytes(encode_idx(np.array([1, 2], np.uint8)) + b"\x00\x00")
    with pytest.raises(IdxFormatError, match="too long"):
        read_labels(path)


def test_damaged_gzip(tmp_path: Path) -> None:
    packed = gzip.compress(encode_idx(_images(3)))
    path = tmp_path / "damaged.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(IdxFormatError, match="gzip") as err:
        read_images(path)
    assert str(path) in str(err.value)


def test_images_and_labels_disagree(tmp_path: Path) -> None:
    pi, pl = tmp_path / "i.idx", tmp_path / "l.idx"
    pi.write_bytes(encode_idx(_images(5)))
    pl.write_bytes(encode_idx(np.zeros(4, np.uint8)))
    with pytest.raises(IdxFormatError) as err:
        read_pair(pi, pl)
    message = str(err.value)
    assert "5 images" in message and "4 labels" in message
    assert str(pi) in message and str(pl) in message


def test_label_out_of_range(tmp_path: Path) -> None:
    path = tmp_path / "l.idx"
    path.write_bytes(encode_idx(np.array([1, 12], np.uint8)))
    with pytest.raises(IdxFormatError, match=r"0\.\.9, found 12"):
        read_labels(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IdxFormatError, match="cannot read"):
        read_labels(tmp_path / "nope.gz")


def test_absurd_header_sizes_do_not_overflow(tmp_path: Path) -> None:
    # 3 dims of 2**31-1: the product overflows int64; the message must still be right
    header = struct.pack(">BBBB", 0, 0, 0x08, 3) + struct.pack(">3i", *(2**31 - 1,) * 3)
    path = tmp_path / "huge.idx"
    path.write_bytes(header + b"\x00" * 10)
    with pytest.raises(IdxFormatError, match="truncated"):
        read_images(path)
