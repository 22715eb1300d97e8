"""Where the digits come from: real MNIST (verified, cached) or tui-nn's built-in digits.

No UI imports here: the data layer is plain NumPy (plus requests for downloads).
The loading functions are imported lazily, so ``tui-nn`` can build its command
line (which imports :mod:`tui_nn.data.cli`) without loading NumPy.

    from tui_nn.data import load_dataset, load_mnist
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from tui_nn.data.errors import (
    DataError,
    DataNotFound,
    DownloadCancelled,
    DownloadError,
    IdxFormatError,
)

if TYPE_CHECKING:  # pragma: no cover
    from tui_nn.data.download import download_mnist
    from tui_nn.data.mnist import Dataset, clear_cache, load_dataset, load_mnist

_LAZY = {
    "Dataset": "tui_nn.data.mnist",
    "clear_cache": "tui_nn.data.mnist",
    "load_dataset": "tui_nn.data.mnist",
    "load_mnist": "tui_nn.data.mnist",
    "download_mnist": "tui_nn.data.download",
}

__all__ = [
    "DataError",
    "DataNotFound",
    "Dataset",
    "DownloadCancelled",
    "DownloadError",
    "IdxFormatError",
    "clear_cache",
    "download_mnist",
    "load_dataset",
    "load_mnist",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tui_nn.data' has no attribute {name!r}")
