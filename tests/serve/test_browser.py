"""A real headless Chromium opens the served app: the lesson list, keys, and no outside request."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("textual_serve", reason="the serve extra (textual-serve) is not installed")

from tests.serve.cdp import Browser, find_chromium
from tests.serve.running import RunningServer

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium installed (Debian: apt-get install chromium); the browser test needs it",
)
TOKEN = "browser-token-42"


async def test_the_lesson_list_in_a_browser_keys_open_a_lesson_and_nothing_from_outside(
    tmp_path: Path,
) -> None:
    assert CHROMIUM is not None
    with RunningServer("--token", TOKEN) as server:
        async with Browser(CHROMIUM) as browser:
            await browser.goto(server.url(f"?token={TOKEN}"))
            screen = await browser.wait_for_text("tui-nn · lessons")
            assert "Training on MNIST" in screen and "Derivatives" in screen
            shot = tmp_path / "lessons.png"
            await browser.screenshot(shot)
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000

            await browser.focus_terminal()
            await browser.press("3", "Digit3", 51, text="3")  # a digit opens that lesson
            screen = await browser.wait_for_text("central")
            assert "tui-nn · lessons" not in screen
            assert "Derivatives" in screen
            await browser.press("PageDown", "PageDown", 34)  # the next lesson
            screen = await browser.wait_for_text("4/8")
            assert "gradient" in screen.lower()

            outside = [
                url for url in browser.requests
                if not url.startswith("data:")
                and urlsplit(url).netloc != f"127.0.0.1:{server.port}"
            ]
            assert browser.requests, "no request was recorded"
            assert outside == []
            assert any(url.startswith(f"ws://127.0.0.1:{server.port}/ws/") for url in
                       browser.requests)
        assert server.wait_sessions(0) == []  # the browser closed: its session ended
