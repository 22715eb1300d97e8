"""The one read-only copy of the digits that a classroom server shares with every session."""

from __future__ import annotations

import stat
from pathlib import Path

import numpy as np
import pytest

from tui_nn.data import mnist, shared_copy


def _arrays(n_train: int = 12, n_test: int = 5) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(0)
    return (
        rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        rng.integers(0, 10, n_train, dtype=np.uint8),
        rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        rng.integers(0, 10, n_test, dtype=np.uint8),
    )


@pytest.fixture(autouse=True)
def _fresh_memo():
    mnist.clear_cache()
    yield
    mnist.clear_cache()


def test_written_once_read_back_memory_mapped_and_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arrays = _arrays()
    shared_copy.write_shared_copy(tmp_path, "mnist", arrays)
    files = sorted(tmp_path.iterdir())
    assert [f.name for f in files] == sorted(f"mnist-{p}.npy" for p in shared_copy.PARTS)
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o444 for f in files)
    monkeypatch.setenv(shared_copy.ENV_SHARED, str(tmp_path))
    read = shared_copy.read_shared_copy("mnist")
    assert read is not None
    for got, want in zip(read, arrays, strict=True):
        assert isinstance(got, np.memmap)  # pages shared between processes, not a copy
        assert not got.flags.writeable
        np.testing.assert_array_equal(got, want)


def test_without_the_variable_nothing_is_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(shared_copy.ENV_SHARED, raising=False)
    assert shared_copy.read_shared_copy("mnist") is None


@pytest.mark.parametrize("damage", ["missing", "wrong dtype", "wrong shape", "garbage"])
def test_a_damaged_copy_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    shared_copy.write_shared_copy(tmp_path, "mnist", _arrays())
    target = tmp_path / "mnist-t_train.npy"
    target.chmod(0o644)
    if damage == "missing":
        target.unlink()
    elif damage == "wrong dtype":
        np.save(target, np.zeros(12, dtype=np.int64))
    elif damage == "wrong shape":
        np.save(target, np.zeros(11, dtype=np.uint8))
    else:
        target.write_bytes(b"not numpy at all")
    monkeypatch.setenv(shared_copy.ENV_SHARED, str(tmp_path))
    assert shared_copy.read_shared_copy("mnist") is None


def test_load_dataset_uses_the_shared_copy_and_shows_no_server_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arrays = _arrays()
    shared_copy.write_shared_copy(tmp_path, "mnist", arrays)
    monkeypatch.setenv(shared_copy.ENV_SHARED, str(tmp_path))
    monkeypatch.delenv("TUI_NN_DATA", raising=False)
    data = mnist.load_dataset("mnist")
    assert data.source == "mnist"
    assert data.label == shared_copy.MNIST_LABEL
    assert str(tmp_path) not in data.label
    assert isinstance(data.x_train, np.memmap)
    np.testing.assert_array_equal(data.t_test, arrays[3])
    (x_train, _), _ = mnist.load_mnist(normalize=True)  # the book's function still works
    assert x_train.shape == (12, 784) and x_train.dtype == np.float32


def test_the_built_in_digits_come_from_the_shared_copy_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arrays = _arrays()
    shared_copy.write_shared_copy(tmp_path, "builtin", arrays)
    monkeypatch.setenv(shared_copy.ENV_SHARED, str(tmp_path))
    data = mnist.load_dataset("builtin")
    assert data.is_builtin
    assert isinstance(data.x_train, np.memmap)
    np.testing.assert_array_equal(data.x_train, arrays[0])
