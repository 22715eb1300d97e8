"""Damaged data and homes that cannot be used (issue 10, point 9 and the faults list).

- ``data status`` does not call a damaged TUI_NN_DATA folder "used": it says damaged, and that
  the built-in digits will be used (as loading then does);
- a home (TUI_NN_HOME) that cannot be written or read: the CLI and the data layer say so and
  exit cleanly, never with a traceback.  CI runs as root, where chmod does not stop anything,
  so the unusable home is a regular file where the folder should be (writes and reads under
  it fail for root too); chmod-000 homes are added when not root.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui_nn.data import load_dataset, sources

from .conftest import small_mnist_files, write_files

ROOT = Path(__file__).resolve().parents[2]


def test_status_calls_a_damaged_folder_damaged_and_names_the_built_in_digits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui_nn.data import cli

    files = small_mnist_files()
    name = sources.FILES["test_images"]
    files[name] = files[name][: len(files[name]) // 2]  # truncated
    folder = write_files(tmp_path / "mnist", files)
    monkeypatch.setenv(sources.ENV_DATA, str(folder))
    assert cli.cmd_status() == 1
    out = capsys.readouterr().out
    assert "-> used" not in out
    assert "-> damaged, not used:" in out and "is damaged" in out
    assert "The lessons use the built-in digits" in out
    assert load_dataset().source == "builtin"  # what status said is what happens


def run_cli(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in (sources.ENV_DATA, sources.ENV_MIRRORS, sources.ENV_SOURCE)}
    env.update(PYTHONPATH=str(ROOT), TUI_NN_HOME=str(home), TUI_NN_MIRRORS="http://127.0.0.1:9/")
    return subprocess.run([sys.executable, "-m", "tui_nn", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def unusable_homes(tmp_path: Path) -> list[Path]:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    homes = [blocker / "home"]  # every folder under it fails, for root too
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o000)
        homes.append(locked / "home")
    return homes


COMMANDS = [
    (["data", "status"], {1}, "Real MNIST: not found"),
    (["data", "path"], {1}, "not found"),
    (["data", "download"], {1}, "cannot write to"),
    (["train", "--source", "builtin", "--iterations", "3", "--hidden", "3", "--save"], {1},
     "could not save the network"),
    (["train", "--source", "auto", "--iterations", "3", "--hidden", "3", "--quiet"], {0},
     "final: train accuracy"),
]


@pytest.mark.parametrize(("args", "codes", "says"), COMMANDS, ids=[" ".join(c[0][:2])
                                                                    for c in COMMANDS])
def test_an_unusable_home_is_reported_without_a_traceback(
    tmp_path: Path, args: list[str], codes: set[int], says: str
) -> None:
    try:
        for home in unusable_homes(tmp_path):
            result = run_cli(args, home)
            text = result.stdout + result.stderr
            assert result.returncode in codes, text
            assert says in text and "Traceback" not in text
    finally:
        for path in tmp_path.iterdir():
            path.chmod(0o700)
