"""Settings are written off the interface thread, newest first, and nothing is lost at the end."""

from __future__ import annotations

import threading
from pathlib import Path

from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.settings import load_settings, settings_path
from tui_nn.ui.settings_writer import SettingsWriter


def test_the_newest_save_wins_and_flush_waits_for_it(tmp_path: Path) -> None:
    started, release = threading.Event(), threading.Event()
    written: list[bytes] = []

    def slow_write(path: Path, data: bytes) -> bool:
        started.set()
        assert release.wait(10)
        path.write_bytes(data)
        written.append(data)
        return True

    writer = SettingsWriter(slow_write)
    target = tmp_path / "settings.json"
    writer.submit(target, b"1")
    assert started.wait(10)  # the first save is being written (slowly)
    writer.submit(target, b"2")
    writer.submit(target, b"3")  # replaces 2, which never started
    assert not writer.flush(timeout=0.05)  # still writing
    release.set()
    assert writer.flush(timeout=10)
    assert written == [b"1", b"3"] and target.read_bytes() == b"3"
    assert writer.close(timeout=10)
    assert writer._thread is not None and not writer._thread.is_alive()
    writer.submit(target, b"4")  # a save after the end: written at once, not lost
    assert target.read_bytes() == b"4" and written[-1] == b"4"


def test_a_failed_or_broken_write_keeps_the_writer_going(tmp_path: Path) -> None:
    calls: list[bytes] = []

    def flaky(path: Path, data: bytes) -> bool:
        calls.append(data)
        if data == b"boom":
            raise ValueError("a bug in a save")
        return data != b"full"

    writer = SettingsWriter(flaky)
    for data in (b"full", b"boom", b"fine"):
        writer.submit(tmp_path / "s.json", data)
        assert writer.flush(timeout=10)
        assert writer.last_ok == (data == b"fine")
    assert calls == [b"full", b"boom", b"fine"]
    writer.close()


async def test_lesson_switches_save_on_the_writer_s_thread_and_the_end_flushes(
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from tui_nn import paths

    threads: list[str] = []
    real = paths.atomic_write_bytes

    def recording(path: Path, data: bytes) -> None:
        threads.append(threading.current_thread().name)
        real(path, data)

    monkeypatch.setattr(paths, "atomic_write_bytes", recording)
    app = TuiNNApp(lesson=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
    # run_test ended the app without q: its unmount flushed the last save and ended the thread
    writer = app.settings_writer
    assert writer._closed and writer._thread is not None and not writer._thread.is_alive()
    assert load_settings().last_lesson == 3
    assert threads and set(threads) == {"tui-nn settings writer"}
    assert threading.main_thread().name not in threads
    assert not list(settings_path().parent.glob(".*tmp"))
