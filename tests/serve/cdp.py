"""A tiny DevTools-protocol client for the system's headless Chromium (aiohttp websockets).

Enough for the browser test: open a page, record every request it makes, read
the page's text, press keys, take a screenshot.  No browser is downloaded:
``chromium`` from the distribution's packages, or the test is skipped.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

#: Run in the page before its own scripts: keeps a reference to the xterm.js Terminal
#: (textual.js does not expose it), taken from the first addon it loads.
_FIND_TERMINAL = """
(() => {
  const push = Array.prototype.push;
  Array.prototype.push = function (...items) {
    for (const item of items) {
      if (item && typeof item === "object" && "instance" in item && "isDisposed" in item) {
        setTimeout(() => {
          const t = item.instance && item.instance._terminal;
          if (t && !window.__tuiNNTerminal) { window.__tuiNNTerminal = t; }
        }, 0);
      }
    }
    return push.apply(this, items);
  };
})();
"""


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """One headless Chromium and its first page, driven over CDP."""

    def __init__(self, executable: str) -> None:
        self.executable = executable
        self.requests: list[str] = []
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._profile = tempfile.mkdtemp(prefix="tui-nn-cdp-")
        self._proc: subprocess.Popen[bytes] | None = None
        self._session: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse[bool] | None = None
        self._reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Browser:
        self._proc = subprocess.Popen(
            [self.executable, "--headless", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--metrics-recording-only", "--window-size=1200,800",
             f"--user-data-dir={self._profile}", "--remote-debugging-address=127.0.0.1",
             "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        port = await asyncio.wait_for(asyncio.to_thread(self._devtools_port), 30)
        self._session = aiohttp.ClientSession()
        async with self._session.get(f"http://127.0.0.1:{port}/json/list") as response:
            targets = await response.json(content_type=None)
        page = next(t for t in targets if t.get("type") == "page")
        self._ws = await self._session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        await self.send("Network.enable")
        await self.send("Page.enable")
        await self.send("Runtime.enable")
        await self.send("Page.addScriptToEvaluateOnNewDocument", source=_FIND_TERMINAL)
        return self

    def _devtools_port(self) -> int:
        assert self._proc is not None and self._proc.stderr is not None
        for raw in self._proc.stderr:
            match = re.search(rb"DevTools listening on ws://127\.0\.0\.1:(\d+)/", raw)
            if match:
                return int(match.group(1))
        raise RuntimeError("chromium ended before it opened its DevTools port")

    async def __aexit__(self, *exc: object) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self._ws is not None:
            await self._ws.close()
        if self._session is not None:
            await self._session.close()
        if self._proc is not None:
            self._proc.terminate()
            try:
                await asyncio.to_thread(self._proc.wait, 10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                await asyncio.to_thread(self._proc.wait, 10)
        shutil.rmtree(self._profile, ignore_errors=True)

    async def _read(self) -> None:
        assert self._ws is not None
        async for message in self._ws:
            data = json.loads(message.data)
            if "id" in data:
                future = self._pending.pop(data["id"], None)
                if future is not None and not future.done():
                    future.set_result(data)
            elif data.get("method") == "Network.requestWillBeSent":
                self.requests.append(data["params"]["request"]["url"])
            elif data.get("method") == "Network.webSocketCreated":
                self.requests.append(data["params"]["url"])

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        assert self._ws is not None
        number = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[number] = future
        await self._ws.send_str(json.dumps({"id": number, "method": method, "params": params}))
        reply = await asyncio.wait_for(future, 30)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def goto(self, url: str) -> None:
        await self.send("Page.navigate", url=url)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def screen_text(self) -> str:
        """The rows xterm.js shows in the page, read from its screen buffer (one line a row)."""
        text = await self.evaluate(
            "(() => { const t = window.__tuiNNTerminal; if (!t) return '';"
            " const b = t.buffer.active, rows = [];"
            " for (let y = 0; y < t.rows; y++) {"
            "  const line = b.getLine(b.viewportY + y);"
            "  rows.push(line ? line.translateToString(true) : ''); }"
            " return rows.join('\\n'); })()"
        )
        return text or ""

    async def wait_for_text(self, needle: str, timeout: float = 60) -> str:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        text = ""
        while loop.time() < deadline:
            text = await self.screen_text()
            if needle in text:
                return text
            await asyncio.sleep(0.5)
        raise AssertionError(f"{needle!r} never appeared; the screen was:\n{text}")

    async def press(self, key: str, code: str, key_code: int, text: str = "") -> None:
        for kind in ("keyDown", "keyUp"):
            params: dict[str, Any] = {"type": kind, "key": key, "code": code,
                                      "windowsVirtualKeyCode": key_code}
            if kind == "keyDown" and text:
                params["text"] = text
            await self.send("Input.dispatchKeyEvent", **params)

    async def screenshot(self, path: Path) -> None:
        result = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(result["data"]))

    async def focus_terminal(self) -> None:
        with contextlib.suppress(RuntimeError):
            await self.evaluate(
                "(document.querySelector('.xterm-helper-textarea') || document.body).focus()"
            )
