"""The errors the data layer raises: each one carries a message fit to show a learner."""

from __future__ import annotations


class DataError(Exception):
    """Something is wrong with the data: the message says what, and where."""


class IdxFormatError(DataError):
    """An IDX file is not what it should be (wrong magic number, truncated, wrong count...)."""


class DataNotFound(DataError):
    """The real MNIST files are not in any of the places tui-nn looks."""


class DownloadError(DataError):
    """A download failed on every mirror (offline, file missing, or checksum mismatch).

    ``kinds`` says what went wrong on each mirror, in order: ``refused`` (could
    not connect), ``timeout`` (did not answer in time), ``http``, ``broken``,
    ``hash``, ``garbage`` or ``other``.
    """

    def __init__(self, message: str, *, kinds: list[str] | tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.kinds = tuple(kinds)

    @property
    def offline(self) -> bool:
        """True when no mirror could even be reached (the machine is probably offline)."""
        return bool(self.kinds) and all(kind == "refused" for kind in self.kinds)


class DownloadCancelled(DownloadError):
    """The download was stopped on request (``cancelled()`` or Ctrl+C); nothing half was kept."""
