"""Download the four MNIST files, verified by SHA-256, into the cache (with pooch).

Each file is tried on every mirror in order.  pooch streams it to a temporary
file in the destination folder, checks its SHA-256 and only then renames it
into place, so an interrupted or corrupted download never leaves a file that
looks valid.  A file already in the destination is kept only if its checksum
matches; a damaged one is reported (through ``on_message``) and downloaded
again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from tui_nn.data import sources
from tui_nn.data.errors import DownloadError

#: progress(file_name, done_bytes, total_bytes_or_None)
Progress = Callable[[str, int, "int | None"], None]

DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 2


class _ProgressHook:
    """The progress-bar object pooch's HTTPDownloader drives, forwarding to a callback."""

    def __init__(self, name: str, progress: Progress | None) -> None:
        self.name = name
        self.progress = progress
        self.total: int | None = None
        self.done = 0

    def _report(self) -> None:
        if self.progress is not None:
            total = self.total or None
            done = min(self.done, total) if total else self.done
            self.progress(self.name, done, total)

    def update(self, n: int) -> None:
        self.done += n
        self._report()

    def reset(self) -> None:
        self.done = 0

    def close(self) -> None:
        pass


def _url(mirror: str, name: str) -> str:
    return mirror if mirror.endswith(name) else mirror.rstrip("/") + "/" + name


def _describe_failure(exc: BaseException) -> str:
    """A short, learner-readable reason for one failed attempt."""
    import requests

    if isinstance(exc, ValueError) and "hash" in str(exc).lower():
        return "the file's SHA-256 does not match (corrupted or not MNIST); nothing was saved"
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return f"the server answered {exc.response.status_code} {exc.response.reason}"
    if isinstance(exc, requests.Timeout):
        return "no answer before the timeout"
    broken = (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)
    if isinstance(exc, broken):
        return "the connection broke off in the middle of the file; nothing was saved"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect (offline, or the mirror is down)"
    return f"{type(exc).__name__}: {exc}"


def fetch_file(
    name: str,
    sha256: str,
    mirrors: Sequence[str],
    dest: Path,
    *,
    progress: Progress | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    on_message: Callable[[str], None] | None = None,
) -> Path:
    """One file into ``dest``, from the first mirror that gives a verified copy."""
    import pooch
    import requests

    target = dest / name
    if target.is_file():
        found = sources.sha256_of(target)
        if found == sha256:
            if progress is not None:
                size = target.stat().st_size
                progress(name, size, size)
            return target
        if on_message is not None:
            on_message(
                f"{target}: cached file has the wrong SHA-256 (expected {sha256}, found {found});"
                " it is not used and will be replaced by a verified download"
            )
    failures: list[str] = []
    logger = pooch.get_logger()
    old_level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        for mirror in mirrors:
            url = _url(mirror, name)
            downloader = pooch.HTTPDownloader(
                progressbar=_ProgressHook(name, progress), timeout=timeout, chunk_size=65536
            )
            registry = pooch.create(
                path=dest, base_url="", registry={name: f"sha256:{sha256}"},
                urls={name: url}, retry_if_failed=retries,
            )
            try:
                return Path(registry.fetch(name, downloader=downloader))
            except (ValueError, requests.RequestException, OSError) as exc:
                reason = _describe_failure(exc)
                failures.append(f"{url}: {reason}")
                if on_message is not None:
                    on_message(f"{url}: {reason}")
    finally:
        logger.setLevel(old_level)
    tried = "\n".join(f"  - {f}" for f in failures) or "  (no mirrors given)"
    raise DownloadError(f"could not download {name} from any mirror:\n{tried}")


def download_mnist(
    progress: Progress | None = None,
    mirrors: Sequence[str] | None = None,
    dest: Path | str | None = None,
    *,
    hashes: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    on_message: Callable[[str], None] | None = None,
) -> Path:
    """Download the four MNIST files into ``dest`` (default: the cache) and return the folder.

    ``mirrors``: base URLs tried in order (default ``$TUI_NN_MIRRORS`` or
    :data:`~tui_nn.data.sources.DEFAULT_MIRRORS`).  ``hashes``: file name ->
    SHA-256 (default: the real MNIST sums; tests pass their own).  ``retries``:
    extra attempts per mirror (pooch waits 1 s, 2 s, ... between them).
    Raises :class:`~tui_nn.data.errors.DownloadError` with every mirror's reason
    when a file cannot be obtained; the files already verified stay.
    """
    mirrors = tuple(mirrors) if mirrors is not None else sources.mirrors_from_env()
    hashes = sources.SHA256 if hashes is None else hashes
    folder = Path(dest).expanduser() if dest is not None else sources.cache_mnist_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name in sources.FILES.values():
        fetch_file(
            name, hashes[name], mirrors, folder, progress=progress, timeout=timeout,
            retries=retries, on_message=on_message,
        )
    from tui_nn.data.mnist import clear_cache

    clear_cache()  # an "auto" data set remembered as built-in may now be real MNIST
    return folder
