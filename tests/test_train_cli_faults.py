"""``tui-nn train`` the hard way (issue 10, point 7, 8): narrow terminals, Ctrl+C once and
twice, a one-image training set, a learning rate far too large, a non-UTF-8 terminal."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console

from tui_nn import train_progress
from tui_nn.cli import main
from tui_nn.engine.saving import load_network
from tui_nn.train_progress import TrainProgress

ROOT = Path(__file__).resolve().parents[1]
TINY = ["train", "--source", "builtin", "--train-size", "200", "--iterations", "20"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TUI_NN_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TUI_NN_SOURCE", raising=False)
    return tmp_path


@pytest.mark.parametrize("width", [80, 60, 40, 20])
def test_progress_is_one_line_that_fits_the_width(width: int) -> None:
    stream = io.StringIO()
    console = Console(file=stream, width=width, force_terminal=True, color_system=None,
                      _environ={})
    with TrainProgress(console, total=10_000, ipe=600) as progress:
        assert progress.live
        for iteration in range(1, 10_001, 97):
            progress.note = "(gradient 12,345/39,760 parameters)" if iteration % 2 else ""
            progress.update(iteration, 2.302585 / iteration, iteration / 2_000)
            assert progress._progress is not None
            progress._progress.refresh()
    text = ANSI.sub("", stream.getvalue())
    assert text.count("\n") <= 1, "a redraw started a new line"
    pieces = [piece for piece in re.split(r"[\r\n]", text) if piece.strip()]
    assert len(pieces) > 50  # it was redrawn, in place
    assert max(len(piece) for piece in pieces) <= width - 3  # room for the echoed "^C"
    assert any("10,000 it" in piece or "it" in piece for piece in pieces)


def sigint_at(monkeypatch: pytest.MonkeyPatch, iteration: int, times: int) -> None:
    real_update = train_progress.TrainProgress.update

    def update(self, it, loss, seconds):
        if it == iteration:
            for _ in range(times):
                signal.raise_signal(signal.SIGINT)  # as Ctrl+C does
        return real_update(self, it, loss, seconds)

    monkeypatch.setattr(train_progress.TrainProgress, "update", update)


def test_a_second_ctrl_c_stops_at_once_reports_and_says_the_save_is_skipped(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sigint_at(monkeypatch, 5, times=2)
    target = home / "never.npz"
    assert main([*TINY, "--hidden", "6", "--save", str(target)]) == 130
    captured = capsys.readouterr()
    assert "stopped at once (second Ctrl+C) after 5 iterations" in captured.out
    assert "of which 0 µs" not in captured.out  # epochs 1 and 2 were measured
    assert "final: train accuracy 0." in captured.out and "(as measured after epoch 2)" in (
        captured.out)
    assert "not saved: stopped at once by a second Ctrl+C" in captured.err
    assert not target.exists() and "Traceback" not in captured.err


def test_one_image_does_not_measure_ten_thousand_images_every_iteration(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui_nn.engine.train import Trainer

    calls: list[int] = []
    real = Trainer.evaluate

    def counted(self):
        calls.append(self.iteration)
        return real(self)

    monkeypatch.setattr(Trainer, "evaluate", counted)
    args = ["train", "--source", "builtin", "--train-size", "1", "--iterations", "2000"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "1 training images / batch 100" in out or "1 training image" in out
    assert "accuracy: measured every 20 epochs" in out
    assert len(calls) <= 101, f"measured {len(calls)} times in 2,000 epochs"
    epoch_lines = [line for line in out.splitlines() if line.startswith("epoch ")]
    assert 90 <= len(epoch_lines) <= 101 and epoch_lines[-1].startswith("epoch 2,000/2,000")


def test_a_learning_rate_far_too_large_is_flagged_and_not_saved(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = home / "chance.npz"
    args = ["train", "--source", "builtin", "--lr", "1e6", "--iterations", "300", "--quiet",
            "--save", str(target)]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert "training went nowhere" in captured.err and "smaller --lr" in captured.err
    assert "not saving" in captured.err and not target.exists()


def run_cli(args: list[str], home: Path, **env: str) -> subprocess.Popen[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONUTF"))}
    environ.update(PYTHONPATH=str(ROOT), TUI_NN_HOME=str(home / "h"), **env)
    return subprocess.Popen(
        [sys.executable, "-m", "tui_nn", *args], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=environ,
    )


def test_ctrl_c_in_a_real_process_stops_reports_and_saves(home: Path) -> None:
    target = home / "partial.npz"
    proc = run_cli(["train", "--source", "builtin", "--train-size", "500", "--batch", "50",
                    "--iterations", "1000000", "--save", str(target)], home)
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 120
        for line in proc.stdout:  # wait for the first measured epoch
            if line.startswith("epoch 1/") or time.monotonic() > deadline:
                break
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert "stopped (Ctrl+C) after" in out and f"saved: {target}" in out
    assert "of which 0 µs" not in out and "Traceback" not in err
    load_network(target)


def test_non_utf8_terminal_gets_plain_ascii(home: Path) -> None:
    proc = run_cli([*TINY, "--hidden", "3"], home, LC_ALL="C", PYTHONUTF8="0",
                   PYTHONIOENCODING="")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    for text in (out, err):
        assert "\\u" not in text and "\\x" not in text
        text.encode("ascii")
    assert "finished after 20 iterations" in out and "measuring accuracy" in out
