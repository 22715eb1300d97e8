"""Where the digits come from: real MNIST (verified, cached) or tui-nn's built-in digits.

No UI imports here: the data layer is plain NumPy (plus pooch for downloads,
imported only when a download starts).
"""

from tui_nn.data.errors import DataError, DataNotFound, DownloadError, IdxFormatError
from tui_nn.data.mnist import Dataset, clear_cache, load_dataset, load_mnist

__all__ = [
    "DataError",
    "DataNotFound",
    "Dataset",
    "DownloadError",
    "IdxFormatError",
    "clear_cache",
    "load_dataset",
    "load_mnist",
]
