"""Verified downloads against a real HTTP server on 127.0.0.1 (no internet needed).

The server serves the real MNIST files when TUI_NN_DATA points at them, and
tiny synthetic IDX files otherwise; either way the test passes the expected
SHA-256 sums in, and checks that nothing unverified ever lands in the folder.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tui_nn.data import DownloadError, sources
from tui_nn.data.download import download_mnist


def _download(dest: Path, mirrors: list[str], payload, **kw):
    progress: list[tuple[str, int, int | None]] = []
    messages: list[str] = []
    folder = download_mnist(
        progress=lambda name, done, total: progress.append((name, done, total)),
        mirrors=mirrors, dest=dest, hashes=payload.hashes, retries=0, timeout=5,
        on_message=messages.append, **kw,
    )
    return folder, progress, messages


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def test_good_mirror(tmp_path: Path, mirror, payload) -> None:
    dest = tmp_path / "cache"
    folder, progress, messages = _download(dest, [mirror.url("good")], payload)
    assert folder == dest and messages == []
    assert sorted(p.name for p in dest.iterdir()) == sorted(sources.FILES.values())
    for name, data in payload.files.items():
        assert (dest / name).read_bytes() == data
    # progress reached the full size of every file, with the size known
    for name, data in payload.files.items():
        final = [p for p in progress if p[0] == name][-1]
        assert final == (name, len(data), len(data))
    # a second run finds the verified files and downloads nothing
    hits = len(mirror.hits)
    _download(dest, [mirror.url("good")], payload)
    assert len(mirror.hits) == hits


def test_corrupted_file_is_rejected_and_nothing_is_saved(tmp_path: Path, mirror, payload) -> None:
    dest = tmp_path / "cache"
    with pytest.raises(DownloadError) as err:
        _download(dest, [mirror.url("corrupt")], payload)
    message = str(err.value)
    assert "train-images-idx3-ubyte.gz" in message and "SHA-256 does not match" in message
    assert list(dest.iterdir()) == []  # no file, no temporary file


def test_connection_dropped_mid_file(tmp_path: Path, mirror, payload) -> None:
    dest = tmp_path / "cache"
    with pytest.raises(DownloadError) as err:
        _download(dest, [mirror.url("drop")], payload)
    assert "broke off in the middle" in str(err.value)
    assert list(dest.iterdir()) == []


def test_404_then_good_mirror(tmp_path: Path, mirror, payload) -> None:
    dest = tmp_path / "cache"
    _, _, messages = _download(dest, [mirror.url("missing"), mirror.url("good")], payload)
    assert len(messages) == 4 and all("404" in m for m in messages)
    assert all((dest / name).read_bytes() == data for name, data in payload.files.items())
    assert any(h.startswith("/missing/") for h in mirror.hits)


def test_bad_mirror_then_good_mirror(tmp_path: Path, mirror, payload) -> None:
    dest = tmp_path / "cache"
    _, _, messages = _download(dest, [mirror.url("corrupt"), mirror.url("good")], payload)
    assert all("SHA-256" in m for m in messages) and len(messages) == 4
    assert all((dest / name).read_bytes() == data for name, data in payload.files.items())


def test_offline(tmp_path: Path, payload) -> None:
    dest = tmp_path / "cache"
    with pytest.raises(DownloadError, match="could not connect"):
        _download(dest, [_closed_port_url()], payload)
    assert list(dest.iterdir()) == []


def test_damaged_cached_file_is_reported_and_replaced(tmp_path: Path, mirror, payload) -> None:
    dest = tmp_path / "cache"
    dest.mkdir()
    name = "t10k-labels-idx1-ubyte.gz"
    (dest / name).write_bytes(b"\x1f\x8b damaged")
    _, _, messages = _download(dest, [mirror.url("good")], payload)
    assert len(messages) == 1 and name in messages[0] and "wrong SHA-256" in messages[0]
    assert (dest / name).read_bytes() == payload.files[name]


def test_damaged_cached_file_stays_unused_when_the_download_fails(
    tmp_path: Path, mirror, payload
) -> None:
    dest = tmp_path / "cache"
    dest.mkdir()
    name = "train-images-idx3-ubyte.gz"
    (dest / name).write_bytes(b"not the real file")
    with pytest.raises(DownloadError):
        _download(dest, [mirror.url("corrupt")], payload)
    assert [p.name for p in dest.iterdir()] == [name]  # nothing new, and no temporary file
    checks = sources.check_folder(dest, hashes=payload.hashes)
    assert not any(c.verified for c in checks)


def test_default_destination_is_the_cache_and_env_mirrors(
    isolated: Path, mirror, payload, monkeypatch
) -> None:
    monkeypatch.setenv("TUI_NN_MIRRORS", f"{mirror.url('missing')}, {mirror.url('good')}")
    assert sources.mirrors_from_env() == (mirror.url("missing"), mirror.url("good"))
    folder = download_mnist(hashes=payload.hashes, retries=0, timeout=5)
    assert folder == sources.cache_mnist_dir() and folder.is_relative_to(isolated)
    location, _ = sources.find_mnist(hashes=payload.hashes)
    assert location is not None and location.kind == "cache"


def test_default_mirrors() -> None:
    assert sources.mirrors_from_env() == sources.DEFAULT_MIRRORS
    assert sources.DEFAULT_MIRRORS[0] == "https://ossci-datasets.s3.amazonaws.com/mnist/"
    assert sources.DEFAULT_MIRRORS[1] == "https://storage.googleapis.com/cvdf-datasets/mnist/"
