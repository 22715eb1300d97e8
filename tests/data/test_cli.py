"""``tui-nn data status|download|path``, in-process and as a real subprocess."""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui_nn.data import cli, sources

from .conftest import small_mnist_files, write_files


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tui-nn data")
    cli.add_arguments(parser)
    return parser.parse_args(list(argv))


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.run(_parse(*argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def small_hashes(monkeypatch) -> dict[str, bytes]:
    """Tiny files, and the production checksum table swapped for theirs during the test."""
    files = small_mnist_files()
    monkeypatch.setattr(
        sources, "SHA256", {n: hashlib.sha256(d).hexdigest() for n, d in files.items()}
    )
    return files


def test_no_action_means_status(capsys) -> None:
    code, out, _ = _run(capsys)
    assert code == 1
    assert "Where tui-nn looks" in out and "built-in digits" in out


def test_status_nothing_found(capsys, isolated: Path) -> None:
    code, out, _ = _run(capsys, "status")
    assert code == 1
    assert str(sources.cache_mnist_dir()) in out and "(no such folder)" in out
    assert "not found" in out and "tui-nn data download" in out
    assert sources.DEFAULT_MIRRORS[0] in out


def test_status_verified_folder(capsys, tmp_path: Path, small_hashes, monkeypatch) -> None:
    folder = write_files(tmp_path / "mnist", small_hashes)
    monkeypatch.setenv("TUI_NN_DATA", str(folder))
    code, out, _ = _run(capsys, "status")
    assert code == 0
    assert f"TUI_NN_DATA: {folder}" in out
    assert out.count("ok (SHA-256 verified)") == 4 and "-> used (verified)" in out


def test_status_real_files(capsys, real_mnist: Path) -> None:
    code, out, _ = _run(capsys, "status", "--data-dir", str(real_mnist))
    assert code == 0 and f"--data-dir: {real_mnist}" in out
    assert out.count("ok (SHA-256 verified)") == 4


def test_status_damaged_cache(capsys, small_hashes) -> None:
    files = dict(small_hashes)
    files["train-labels-idx1-ubyte.gz"] = b"\x1f\x8b truncated"
    write_files(sources.cache_mnist_dir(), files)
    code, out, _ = _run(capsys, "status")
    assert code == 1
    assert "train-labels-idx1-ubyte.gz: CHECKSUM MISMATCH" in out
    assert "not used: a file is damaged" in out


def test_status_unverified_folder(capsys, tmp_path: Path, monkeypatch) -> None:
    folder = write_files(tmp_path / "lookalike", small_mnist_files())
    monkeypatch.setenv("TUI_NN_DATA", str(folder))
    code, out, _ = _run(capsys, "status")
    assert code == 1  # used (the format is fine) but not the verified MNIST
    assert "NOT verified" in out


def test_path(capsys, tmp_path: Path) -> None:
    code, out, err = _run(capsys, "path")
    assert code == 1 and out.strip() == str(sources.cache_mnist_dir())
    assert "not found" in err
    folder = write_files(tmp_path / "mnist", small_mnist_files())
    code, out, _ = _run(capsys, "path", "--data-dir", str(folder))
    assert code == 0 and out.strip() == str(folder)


def test_download_fills_the_cache_with_a_progress_bar(capsys, mirror, payload, monkeypatch):
    monkeypatch.setattr(sources, "SHA256", payload.hashes)
    monkeypatch.setenv("TUI_NN_MIRRORS", mirror.url("good"))
    code, out, err = _run(capsys, "download", "--retries", "0")
    assert code == 0, err
    cache = sources.cache_mnist_dir()
    assert f"downloaded and verified (SHA-256): {cache}" in out
    assert err.count("100%") == 4 and "[" + "#" * 30 + "]" in err
    assert sorted(p.name for p in cache.iterdir()) == sorted(sources.FILES.values())
    code, out, _ = _run(capsys, "status")
    assert code == 0 and "cache" in out and "-> used (verified)" in out


def test_download_rejects_a_corrupted_mirror(capsys, mirror, payload, monkeypatch) -> None:
    monkeypatch.setattr(sources, "SHA256", payload.hashes)
    code, _, err = _run(capsys, "download", "--mirror", mirror.url("corrupt"), "--retries", "0")
    assert code == 1
    assert "SHA-256 does not match" in err and "nothing was saved" in err
    cache = sources.cache_mnist_dir()
    assert not cache.exists() or list(cache.iterdir()) == []


def test_download_offline(capsys, tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/"
    dest = tmp_path / "dest"
    code, _, err = _run(capsys, "download", "--mirror", url, "--dest", str(dest), "--retries", "0")
    assert code == 1 and "offline" in err and "Traceback" not in err
    assert list(dest.iterdir()) == []


def test_progress_bar_without_a_size() -> None:
    stream = io.StringIO()
    bar = cli.ProgressBar(stream)
    bar("a.gz", 1_500_000, None)
    bar("a.gz", 5, 10)
    bar("a.gz", 5, 10)  # same percentage: not redrawn
    bar("b.gz", 10, 10)
    bar.finish()
    text = stream.getvalue()
    assert "1.5 MB" in text and text.count(" 50%") == 1 and "100%" in text
    assert text.endswith("\n") and text.count("\n") == 2


def test_subprocess_download(tmp_path: Path, mirror, payload) -> None:
    """The real command, in its own process, against the loopback mirror."""
    if not payload.real:
        pytest.skip("needs the real MNIST files (TUI_NN_DATA) to serve: the command checks"
                    " the real SHA-256 sums")
    # `python -m tui_nn data` needs the whole CLI (tui_nn.train_cli too); fall back to
    # the data CLI's own entry point while that is not there.
    if importlib.util.find_spec("tui_nn.train_cli") is not None:
        command = [sys.executable, "-m", "tui_nn", "data"]
    else:
        command = [sys.executable, "-m", "tui_nn.data.cli"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_NN_")}
    env.update(
        TUI_NN_HOME=str(tmp_path / "home"),
        TUI_NN_MIRRORS=f"{mirror.url('missing')},{mirror.url('good')}",
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    result = subprocess.run(
        [*command, "download", "--retries", "0"], env=env, capture_output=True, text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "404" in result.stderr and "100%" in result.stderr
    result = subprocess.run(
        [*command, "status"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "-> used (verified)" in result.stdout


def test_importing_the_cli_is_light() -> None:
    """The parser is built on every `tui-nn` start: no NumPy, pooch or requests for that."""
    code = (
        "import sys, argparse, tui_nn.data.cli as c\n"
        "c.add_arguments(argparse.ArgumentParser())\n"
        "print(sorted(m for m in ('numpy', 'pooch', 'requests') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.strip() == "[]"
