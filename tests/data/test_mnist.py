"""load_dataset / load_mnist: where the data comes from, conversions, memoising, real files."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import numpy as np
import pytest

from tui_nn.data import (
    DataError,
    DataNotFound,
    IdxFormatError,
    load_dataset,
    load_mnist,
    sources,
)
from tui_nn.data.idx import encode_idx

from .conftest import small_mnist_files, write_files

TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


# --- the real files --------------------------------------------------------------------------


def test_real_files_through_tui_nn_data(real_mnist: Path, monkeypatch) -> None:
    monkeypatch.setenv("TUI_NN_DATA", str(real_mnist))
    ds = load_dataset()
    assert ds.source == "mnist" and str(real_mnist) in ds.label and ds.path == real_mnist
    assert ds.x_train.shape == (60000, 28, 28) and ds.x_test.shape == (10000, 28, 28)
    assert ds.t_train.shape == (60000,) and ds.t_test.shape == (10000,)
    for a in (ds.x_train, ds.t_train, ds.x_test, ds.t_test):
        assert a.dtype == np.uint8
    assert ds.t_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert ds.t_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(ds.t_train, minlength=10).tolist() == TRAIN_COUNTS
    assert np.bincount(ds.t_test, minlength=10).tolist() == TEST_COUNTS
    assert ds.x_train.min() == 0 and ds.x_train.max() == 255


def test_real_load_mnist_like_the_book(real_mnist: Path) -> None:
    (x_train, t_train), (x_test, t_test), source = load_mnist(
        data_dir=real_mnist, return_source=True
    )
    assert source == "mnist"
    assert x_train.shape == (60000, 784) and x_train.dtype == np.float32
    assert x_train.min() >= 0.0 and x_train.max() <= 1.0
    assert t_train.shape == (60000,) and t_train[:5].tolist() == [5, 0, 4, 1, 9]
    (_, t_hot), _ = load_mnist(normalize=False, one_hot_label=True, data_dir=real_mnist)
    assert t_hot.shape == (60000, 10) and t_hot[0].tolist() == [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    assert x_test.shape == (10000, 784) and t_test.shape == (10000,)


def test_real_files_match_the_production_checksums(real_mnist: Path) -> None:
    checks = sources.check_folder(real_mnist)
    assert all(c.verified for c in checks), [c.describe() for c in checks]


# --- where data comes from -------------------------------------------------------------------


@pytest.fixture
def small_dir(tmp_path: Path) -> Path:
    return write_files(tmp_path / "small", small_mnist_files(n_train=30, n_test=10))


def test_explicit_data_dir_comes_first(small_dir: Path, tmp_path: Path, monkeypatch) -> None:
    other = write_files(tmp_path / "other", small_mnist_files(n_train=20, n_test=5, seed=1))
    monkeypatch.setenv("TUI_NN_DATA", str(other))
    assert load_dataset(data_dir=small_dir).x_train.shape == (30, 28, 28)
    assert load_dataset().x_train.shape == (20, 28, 28)  # then TUI_NN_DATA


def test_cache_is_used_only_when_verified(isolated: Path) -> None:
    files = small_mnist_files()
    cache = write_files(sources.cache_mnist_dir(), files)
    assert cache.is_relative_to(isolated)
    # the tiny files do not match the real SHA-256 sums: found but not used
    location, reasons = sources.find_mnist()
    assert location is None
    assert any("wrong checksum" in r and "train-images" in r for r in reasons)
    with pytest.raises(DataNotFound, match="wrong checksum"):
        load_dataset("mnist")
    # with the hashes the files really have, the same cache is accepted
    import hashlib

    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    location, _ = sources.find_mnist(hashes=hashes)
    assert location is not None and location.kind == "cache" and location.verified


def test_mnist_only_says_where_it_looked(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TUI_NN_DATA", str(tmp_path / "nowhere"))
    with pytest.raises(DataNotFound) as err:
        load_dataset("mnist")
    message = str(err.value)
    assert str(tmp_path / "nowhere") in message
    assert str(sources.cache_mnist_dir()) in message
    assert "tui-nn data download" in message


def test_auto_falls_back_to_builtin_and_says_so() -> None:
    ds = load_dataset()  # no TUI_NN_DATA, empty cache, no download
    assert ds.source == "builtin" and ds.is_builtin
    assert ds.label == "built-in digits (MNIST not found)"
    assert ds.x_train.shape == (60000, 28, 28) and ds.x_train.dtype == np.uint8
    assert ds.t_test.shape == (10000,) and ds.t_test.dtype == np.uint8
    (x, _), _, source = load_mnist(return_source=True)
    assert source == "builtin" and x.shape == (60000, 784)


def test_builtin_source_and_env_source(small_dir: Path, monkeypatch) -> None:
    assert load_dataset("builtin", data_dir=small_dir).label == "built-in digits"
    monkeypatch.setenv("TUI_NN_SOURCE", "builtin")
    assert load_dataset(data_dir=small_dir).source == "builtin"
    monkeypatch.setenv("TUI_NN_SOURCE", "mnist")
    assert load_dataset(data_dir=small_dir).source == "mnist"
    monkeypatch.setenv("TUI_NN_SOURCE", "fashion")
    with pytest.raises(DataError, match="TUI_NN_SOURCE='fashion'"):
        load_dataset()
    with pytest.raises(DataError, match="auto, mnist, builtin"):
        load_dataset("real")


def test_damaged_files_in_a_folder(tmp_path: Path) -> None:
    files = small_mnist_files()
    files["t10k-labels-idx1-ubyte.gz"] = gzip.compress(encode_idx(np.zeros(9, np.uint8)))
    folder = write_files(tmp_path / "bad", files)
    with pytest.raises(IdxFormatError, match="10 images but 9 labels"):
        load_dataset("mnist", data_dir=folder)
    ds = load_dataset("auto", data_dir=folder)
    assert ds.source == "builtin" and "damaged" in ds.label
    assert "10 images but 9 labels" in ds.notes[0]


def test_images_must_be_28_by_28(tmp_path: Path) -> None:
    files = small_mnist_files()
    files["train-images-idx3-ubyte.gz"] = gzip.compress(
        encode_idx(np.zeros((30, 32, 32), np.uint8))
    )
    folder = write_files(tmp_path / "big", files)
    with pytest.raises(IdxFormatError, match="expected 28x28 images, found 32x32"):
        load_dataset("mnist", data_dir=folder)


# --- conversions and memoising ---------------------------------------------------------------


def test_book_conversions(small_dir: Path) -> None:
    raw = load_dataset("mnist", data_dir=small_dir)
    (x, t), (xt, tt) = load_mnist(data_dir=small_dir, source="mnist")
    assert x.shape == (30, 784) and x.dtype == np.float32 and xt.shape == (10, 784)
    np.testing.assert_allclose(x, raw.x_train.reshape(30, 784) / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(t, raw.t_train)
    (x, _), _ = load_mnist(normalize=False, flatten=False, data_dir=small_dir, source="mnist")
    assert x.shape == (30, 1, 28, 28) and x.dtype == np.uint8
    np.testing.assert_array_equal(x[:, 0], raw.x_train)
    (_, t), (_, tt) = load_mnist(one_hot_label=True, data_dir=small_dir, source="mnist")
    assert t.shape == (30, 10) and tt.shape == (10, 10)
    np.testing.assert_array_equal(t.argmax(axis=1), raw.t_train)
    np.testing.assert_array_equal(t.sum(axis=1), np.ones(30))


def test_returned_arrays_are_the_callers_own(small_dir: Path) -> None:
    (x, t), _ = load_mnist(normalize=False, data_dir=small_dir, source="mnist")
    x[:] = 0
    t[:] = 0
    raw = load_dataset("mnist", data_dir=small_dir)
    assert raw.x_train.any() and raw.t_train.any()
    with pytest.raises(ValueError):
        raw.x_train[0, 0, 0] = 1  # the shared arrays are read-only


def test_memoised(small_dir: Path) -> None:
    first = load_dataset("mnist", data_dir=small_dir)
    start = time.perf_counter()
    second = load_dataset("mnist", data_dir=small_dir)
    assert second is first and time.perf_counter() - start < 0.05


@pytest.mark.parametrize("style", ["dashed", "dotted"])
def test_unpacked_files_are_read_too(tmp_path: Path, style: str) -> None:
    folder = tmp_path / "unpacked"
    folder.mkdir()
    for name, data in small_mnist_files().items():
        plain = name.removesuffix(".gz")
        if style == "dotted":  # the name stored inside the original .gz files
            plain = plain.replace("-idx", ".idx")
        (folder / plain).write_bytes(gzip.decompress(data))
    ds = load_dataset("mnist", data_dir=folder)
    assert ds.x_train.shape == (30, 28, 28) and ds.t_test.shape == (10,)
    checks = sources.check_folder(folder)
    assert all(c.exists and not c.verified for c in checks)
    assert "unpacked" in checks[0].describe()


def test_tui_nn_data_pointing_at_a_file(tmp_path: Path, monkeypatch) -> None:
    not_a_folder = tmp_path / "mnist.zip"
    not_a_folder.write_bytes(b"zip")
    monkeypatch.setenv("TUI_NN_DATA", str(not_a_folder))
    with pytest.raises(DataNotFound, match="is a file, not a folder"):
        load_dataset("mnist")
