"""The errors the data layer raises: each one carries a message fit to show a learner."""

from __future__ import annotations


class DataError(Exception):
    """Something is wrong with the data: the message says what, and where."""


class IdxFormatError(DataError):
    """An IDX file is not what it should be (wrong magic number, truncated, wrong count...)."""


class DataNotFound(DataError):
    """The real MNIST files are not in any of the places tui-nn looks."""


class DownloadError(DataError):
    """A download failed on every mirror (offline, file missing, or checksum mismatch)."""
