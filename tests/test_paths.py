"""tui_nn.paths: one override folder for everything, and atomic writes."""

from pathlib import Path

import pytest

from tui_nn import paths


def test_home_override_puts_everything_under_one_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUI_NN_HOME", str(tmp_path))
    assert paths.config_dir() == tmp_path / "config"
    assert paths.cache_dir() == tmp_path / "cache"
    assert paths.user_data_dir() == tmp_path / "data"


def test_without_override_uses_user_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TUI_NN_HOME", raising=False)
    folders = {paths.config_dir(), paths.cache_dir(), paths.user_data_dir()}
    assert all("tui-nn" in str(folder) for folder in folders)


def test_atomic_write_replaces_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "file.bin"
    paths.atomic_write_bytes(target, b"old")
    paths.atomic_write_bytes(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.bin"]


def test_atomic_write_failure_keeps_old_file(tmp_path: Path) -> None:
    target = tmp_path / "file.bin"
    paths.atomic_write_bytes(target, b"old")
    with pytest.raises(TypeError):
        paths.atomic_write_bytes(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.bin"]


def test_atomic_writes_from_many_threads_never_mix(tmp_path: Path) -> None:
    import threading

    target = tmp_path / "shared.bin"
    payloads = [bytes([k]) * 200_000 for k in range(8)]
    errors: list[BaseException] = []

    def write(data: bytes) -> None:
        try:
            for _ in range(5):
                paths.atomic_write_bytes(target, data)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert target.read_bytes() in payloads  # one whole payload, never a mix
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.bin"]
