"""Load a data set of digits: the real MNIST files when they are there, else the built-in digits.

``load_dataset`` gives the uint8 arrays and says where they came from;
``load_mnist`` gives them the way the book's ``load_mnist`` does (floats in
[0, 1], flattened, optionally one-hot).  Both are memoised: the second call in
a process is instant.  Neither ever downloads (``tui-nn data download`` does).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tui_nn.data import shared_copy, sources
from tui_nn.data.errors import DataError, DataNotFound, IdxFormatError
from tui_nn.data.idx import read_pair
from tui_nn.data.synthetic import builtin_digits
from tui_nn.i18n import N_, _

#: Seed of the built-in digits every lesson uses (so everyone sees the same digits).
BUILTIN_SEED = 0


@dataclass(frozen=True, eq=False)
class Dataset:
    """Training and test digits: images uint8 (N, 28, 28), labels uint8 (N,), read-only."""

    source: str  # "mnist" or "builtin"
    label: str  # what to show on screen, e.g. "real MNIST (/path)"
    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray
    path: Path | None = None  # the folder the MNIST files were read from
    notes: tuple[str, ...] = field(default_factory=tuple)  # why MNIST was not used, if so

    @property
    def is_builtin(self) -> bool:
        return self.source == "builtin"


_lock = threading.Lock()
_mnist_memo: dict[Path, tuple[np.ndarray, ...]] = {}
_builtin_memo: dict[int, tuple[np.ndarray, ...]] = {}
_dataset_memo: dict[tuple, Dataset] = {}


def clear_cache() -> None:
    """Forget which data sets were found and the MNIST files read (after a download, in tests).

    The built-in digits stay remembered: they depend only on their seed.
    """
    with _lock:
        _mnist_memo.clear()
        _dataset_memo.clear()


def _readonly(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    for a in arrays:
        a.setflags(write=False)
    return arrays


def _read_folder(location: sources.Location) -> tuple[np.ndarray, ...]:
    key = location.path.resolve()
    if key not in _mnist_memo:
        file = location.file
        x_train, t_train = read_pair(file("train_images"), file("train_labels"))
        x_test, t_test = read_pair(file("test_images"), file("test_labels"))
        for role, images in (("train_images", x_train), ("test_images", x_test)):
            if images.shape[1:] != (28, 28):
                raise IdxFormatError(
                    _("{path}: expected 28x28 images, found {rows}x{cols}").format(
                        path=file(role), rows=images.shape[1], cols=images.shape[2])
                )
        _mnist_memo[key] = _readonly(x_train, t_train, x_test, t_test)
    return _mnist_memo[key]


def _builtin(seed: int) -> tuple[np.ndarray, ...]:
    shared = shared_copy.read_shared_copy("builtin") if seed == BUILTIN_SEED else None
    if shared is not None:  # made once by a classroom server
        return shared
    if seed not in _builtin_memo:
        (x_train, t_train), (x_test, t_test) = builtin_digits(seed=seed)
        _builtin_memo[seed] = _readonly(x_train, t_train, x_test, t_test)
    return _builtin_memo[seed]


def resolve_source(source: str | None) -> str:
    """``source`` itself, or ``$TUI_NN_SOURCE``, or "auto"; checked against the known names."""
    if source is None:
        source = os.environ.get(sources.ENV_SOURCE, "").strip().lower() or "auto"
        where = f"{sources.ENV_SOURCE}={source!r}"
    else:
        where = f"source={source!r}"
    if source not in sources.SOURCES:
        raise DataError(_("unknown data source {where}: use one of {choices}").format(
            where=where, choices=", ".join(sources.SOURCES)))
    return source


def _not_found_message(reasons: list[str]) -> str:
    looked = "\n".join(f"  - {r}" for r in reasons)
    return _(
        "the real MNIST files were not found. Looked in:\n"
        "{looked}\n"
        "Run `tui-nn data download` to fetch them, point TUI_NN_DATA at a folder that has"
        " the four .gz files, or use the built-in digits (source 'builtin')."
    ).format(looked=looked)


def _load_real(data_dir: Path | str | None) -> Dataset:
    shared = None if data_dir is not None else shared_copy.read_shared_copy("mnist")
    if shared is not None:  # a classroom server's one copy for every session
        x_train, t_train, x_test, t_test = shared
        return Dataset("mnist", shared_copy.MNIST_LABEL, x_train, t_train, x_test, t_test)
    location, reasons = sources.find_mnist(data_dir)
    if location is None:
        raise DataNotFound(_not_found_message(reasons))
    x_train, t_train, x_test, t_test = _read_folder(location)
    return Dataset(
        "mnist", f"real MNIST ({location.path})", x_train, t_train, x_test, t_test,
        path=location.path, notes=tuple(reasons),
    )


def _load_builtin(label: str, notes: tuple[str, ...] = ()) -> Dataset:
    x_train, t_train, x_test, t_test = _builtin(BUILTIN_SEED)
    return Dataset("builtin", label, x_train, t_train, x_test, t_test, notes=notes)


def load_dataset(source: str | None = None, data_dir: Path | str | None = None) -> Dataset:
    """The digits to learn from.

    ``source``: None means ``$TUI_NN_SOURCE`` or "auto"; "auto" gives real MNIST
    when it is found (``data_dir``, ``$TUI_NN_DATA``, the cache) and the
    built-in digits otherwise (the label says so); "mnist" gives real MNIST or
    raises :class:`DataNotFound` / :class:`~tui_nn.data.errors.IdxFormatError`
    with a message that says what to do; "builtin" gives the built-in digits.
    """
    source = resolve_source(source)
    key = (
        source,
        None if data_dir is None else str(data_dir),
        os.environ.get(sources.ENV_DATA),
        str(sources.cache_mnist_dir()),
    )
    with _lock:
        if key in _dataset_memo:
            return _dataset_memo[key]
        if source == "builtin":
            dataset = _load_builtin(N_("built-in digits"))
        elif source == "mnist":
            dataset = _load_real(data_dir)
        else:
            try:
                dataset = _load_real(data_dir)
            except DataNotFound:
                dataset = _load_builtin(N_("built-in digits (MNIST not found)"))
            except IdxFormatError as exc:
                dataset = _load_builtin(
                    N_("built-in digits (the MNIST files are damaged)"), notes=(str(exc),)
                )
        _dataset_memo[key] = dataset
        return dataset


def _one_hot(labels: np.ndarray) -> np.ndarray:
    out = np.zeros((labels.size, 10), dtype=np.float32)
    out[np.arange(labels.size), labels] = 1.0
    return out


def _convert(
    images: np.ndarray, labels: np.ndarray, normalize: bool, flatten: bool, one_hot: bool
) -> tuple[np.ndarray, np.ndarray]:
    if normalize:
        x = images.astype(np.float32)
        x /= 255.0
    else:
        x = images.copy()
    x = x.reshape(len(x), 784) if flatten else x.reshape(len(x), 1, 28, 28)
    t = _one_hot(labels) if one_hot else labels.copy()
    return x, t


def load_mnist(
    normalize: bool = True,
    flatten: bool = True,
    one_hot_label: bool = False,
    *,
    data_dir: Path | str | None = None,
    source: str | None = "auto",
    return_source: bool = False,
):
    """The book's ``load_mnist``: ``((x_train, t_train), (x_test, t_test))``.

    * ``normalize``: images as float32 in [0, 1] (else uint8 0..255);
    * ``flatten``: images as (N, 784) (else (N, 1, 28, 28));
    * ``one_hot_label``: labels as float32 (N, 10) one-hot rows (else uint8 (N,)).

    ``source`` is as for :func:`load_dataset` ("auto" by default: real MNIST if
    found, else the built-in digits).  To learn which one you got, pass
    ``return_source=True``: the result is then
    ``((x_train, t_train), (x_test, t_test), source)`` with ``source`` "mnist" or
    "builtin"; ``load_dataset(source, data_dir).label`` gives the text for a
    screen (it is memoised, so calling both costs nothing).  The arrays are
    fresh copies: change them freely.
    """
    dataset = load_dataset(source, data_dir)
    train = _convert(dataset.x_train, dataset.t_train, normalize, flatten, one_hot_label)
    test = _convert(dataset.x_test, dataset.t_test, normalize, flatten, one_hot_label)
    if return_source:
        return train, test, dataset.source
    return train, test
