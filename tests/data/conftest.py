"""Shared fixtures for the data tests: an isolated home, the real files, a loopback mirror."""

from __future__ import annotations

import gzip
import hashlib
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from tui_nn.data import clear_cache, sources
from tui_nn.data.idx import encode_idx

# Read once, before any test clears it: where the real MNIST files are (if anywhere).
_REAL_ENV = os.environ.get(sources.ENV_DATA)
REAL_DIR = Path(_REAL_ENV) if _REAL_ENV else None
SKIP_REAL = (
    "real MNIST files not available: set TUI_NN_DATA to a folder with the four .gz files"
    " (e.g. TUI_NN_DATA=/work/shared/data/mnist, as .ci/run does)"
)


def real_dir_or_none() -> Path | None:
    if REAL_DIR is None:
        return None
    if all((REAL_DIR / name).is_file() for name in sources.FILES.values()):
        return REAL_DIR
    return None


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every data test gets its own TUI_NN_HOME and no data/source/mirror variables."""
    home = tmp_path / "home"
    monkeypatch.setenv("TUI_NN_HOME", str(home))
    for name in (sources.ENV_DATA, sources.ENV_SOURCE, sources.ENV_MIRRORS):
        monkeypatch.delenv(name, raising=False)
    clear_cache()
    yield home
    clear_cache()


@pytest.fixture
def real_mnist() -> Path:
    folder = real_dir_or_none()
    if folder is None:
        pytest.skip(SKIP_REAL)
    return folder


def small_mnist_files(n_train: int = 30, n_test: int = 10, seed: int = 0) -> dict[str, bytes]:
    """Tiny but well-formed gzip IDX files under the real MNIST names."""
    rng = np.random.default_rng(seed)
    arrays = {
        "train_images": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "train_labels": rng.integers(0, 10, n_train, dtype=np.uint8),
        "test_images": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "test_labels": rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    return {
        sources.FILES[role]: gzip.compress(encode_idx(a), mtime=0) for role, a in arrays.items()
    }


def write_files(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


@dataclass
class Payload:
    """What the loopback mirror serves: file bytes and their SHA-256."""

    files: dict[str, bytes]
    hashes: dict[str, str]
    real: bool


@pytest.fixture(scope="session")
def payload() -> Payload:
    """The real files when they are available, otherwise tiny synthetic ones."""
    folder = real_dir_or_none()
    if folder is not None:
        files = {name: (folder / name).read_bytes() for name in sources.FILES.values()}
    else:
        files = small_mnist_files()
    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    return Payload(files, hashes, folder is not None)


class _Handler(BaseHTTPRequestHandler):
    """Routes: /good/<f> serves the file; /corrupt/<f> flips a byte; /drop/<f> hangs up
    half-way; /flaky/<f> hangs up half-way the first time, then serves it; /garbage/<f>
    sends random bytes of the right length; /error/<f> answers 503; anything else is a 404."""

    files: ClassVar[dict[str, bytes]] = {}
    hits: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:
        self.hits.append(self.path)
        parts = self.path.strip("/").split("/")
        if len(parts) != 2 or parts[1] not in self.files or parts[0] not in (
            "good", "corrupt", "drop", "flaky", "garbage", "error"
        ):
            self.send_error(404, "Not Found")
            return
        mode, name = parts
        data = self.files[name]
        if mode == "error":
            self.send_error(503, "Service Unavailable")
            return
        if mode == "flaky":
            mode = "drop" if self.hits.count(self.path) == 1 else "good"
        if mode == "garbage":
            data = np.random.default_rng(len(data)).bytes(len(data))
        if mode == "corrupt":
            middle = len(data) // 2
            data = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if mode == "drop":
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(data)


@dataclass
class Mirror:
    base: str
    hits: list[str]

    def url(self, mode: str) -> str:
        return f"{self.base}/{mode}/"


@pytest.fixture
def mirror(payload: Payload) -> Iterator[Mirror]:
    """A real HTTP server on 127.0.0.1 serving the payload in a background thread."""
    hits: list[str] = []
    handler = type("Handler", (_Handler,), {"files": payload.files, "hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield Mirror(f"http://127.0.0.1:{server.server_address[1]}", hits)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Silent:
    """A server on 127.0.0.1 that accepts connections and never answers."""

    url: str
    accepted: list[socket.socket]


@pytest.fixture
def silent_mirror() -> Iterator[Silent]:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    accepted: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            accepted.append(conn)  # held open, never read, never answered

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield Silent(f"http://127.0.0.1:{listener.getsockname()[1]}/", accepted)
    finally:
        done.set()
        thread.join(timeout=5)
        for conn in accepted:
            conn.close()
        listener.close()
