"""``tui-nn serve`` for real: a server on a free loopback port, spoken to over HTTP and websockets.

Who gets in (the token on the page and the websocket, the session limit), what
a session's process gets (its own home, one BLAS thread, TUI_NN_SERVED), and
that every process and file is gone when a session or the server ends.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("textual_serve", reason="the serve extra (textual-serve) is not installed")
import aiohttp

from tests.serve.running import RunningServer, alive, environ_of

TOKEN = "test-token-1234"


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    with RunningServer("--token", TOKEN, "--max-sessions", "1", "--max-running", "1") as running:
        yield running


async def _first_output(ws: aiohttp.ClientWebSocketResponse[bool], timeout: float = 60) -> bytes:
    async def read() -> bytes:
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY and len(message.data) > 10:
                return bytes(message.data)
        raise AssertionError("the websocket closed before the app wrote anything")

    return await asyncio.wait_for(read(), timeout)


async def _wait_gone(pid: int, timeout: float = 20) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while alive(pid):
        assert loop.time() < end, f"process {pid} is still there"
        await asyncio.sleep(0.1)


async def _until_closed(ws: aiohttp.ClientWebSocketResponse[bool], timeout: float = 20) -> None:
    async def drain() -> None:
        while not ws.closed:
            await ws.receive()

    await asyncio.wait_for(drain(), timeout)


async def test_without_the_right_token_a_plain_refusal_and_no_process(
    server: RunningServer,
) -> None:
    async with aiohttp.ClientSession() as http:
        for query in ("", "?token=", "?token=test-token-1235", "?token=TEST-TOKEN-1234"):
            async with http.get(server.url(query)) as response:
                text = await response.text()
                assert response.status == 403
                assert "does not open the class" in text
                assert "<script" not in text
        for token in (None, "", "wrong-token-00"):
            url = server.ws_url(token) if token != "" else server.ws_url() + "&token="
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(url)
            assert refused.value.status in (403, 404)
    await asyncio.sleep(0.5)
    assert server.sessions() == []


async def test_the_page_loads_nothing_from_outside_and_names_no_server_file(
    server: RunningServer,
) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(server.url(f"?token={TOKEN}")) as response:
            assert response.status == 200
            html = await response.text()
            assert "tui_nn_student" in response.headers.get("Set-Cookie", "")
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        urls = re.findall(r"""(?:src|href)\s*=\s*"([^"]*)"|url\("([^"]*)"\)""", html)
        urls = [a or b for a, b in urls]
        assert any(u.endswith("js/textual.js") for u in urls)
        for url in urls:
            assert url.startswith(("/static/", "data:")) or url == "", url
        assert "googleapis" not in html and "https://" not in html
        assert f"ws://127.0.0.1:{server.port}/ws/{TOKEN}" in html
        for secret in ("python", "/tmp", "/usr", "-m tui_nn", os.getcwd()):
            assert secret not in html
        # textual.js would fetch any ?ping= URL: such a link is cleaned first
        async with http.get(server.url(f"?token={TOKEN}&ping=http://example.org/"),
                            allow_redirects=False) as response:
            assert response.status == 302
            assert "ping" not in response.headers["Location"]
        async with http.get(server.url("static/")) as response:
            assert response.status in (403, 404)  # no directory listing
        async with http.get(server.url("static/js/textual.js")) as response:
            assert response.status == 200


async def test_a_session_gets_its_own_home_one_blas_thread_and_ends_with_its_websocket(
    server: RunningServer,
) -> None:
    await asyncio.to_thread(server.wait_idle)  # the last test's session is gone
    async with aiohttp.ClientSession() as http:
        ws = await http.ws_connect(server.ws_url(TOKEN))
        assert await _first_output(ws)
        (pid,) = server.wait_sessions(1)
        env = environ_of(pid)
        home = Path(os.readlink(f"/proc/{pid}/cwd"))
        assert env["TUI_NN_HOME"] == "."  # paths the app shows are relative to its home
        assert home == Path(env["TUI_NN_SESSION_HOME"])
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        assert stat.S_IMODE(home.parents[1].stat().st_mode) == 0o700  # the server's folder
        assert env["TUI_NN_SERVED"] == "1"
        assert env["OPENBLAS_NUM_THREADS"] == env["OMP_NUM_THREADS"] == "1"
        assert env["TUI_NN_WORK_SLOTS"].startswith(str(home.parents[1]))
        assert env["TUI_NN_MAX_RUNNING"] == "1"
        assert Path(env["TUI_NN_SHARED_DATA"], "builtin-x_train.npy").is_file()
        assert TOKEN not in "".join(env.values())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        # started directly, no shell in between; the app with the collector tuned for serving
        assert cmdline[1:3] == [b"-m", b"tui_nn.serve.child"]
        assert env["TEXTUAL_ANIMATIONS"] == "none"  # no sliding underline: fewer frames

        # the class is full: a second student is told so, and no process starts
        async with http.get(server.url(f"?token={TOKEN}")) as response:
            assert response.status == 503
            assert "The class is full" in await response.text()
        second = await http.ws_connect(server.ws_url(TOKEN))
        message = await second.receive(timeout=20)
        assert b"The class is full" in message.data
        assert (await second.receive(timeout=20)).type in (
            aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING)
        assert server.sessions() == [pid]

        await ws.close()
        await _wait_gone(pid)
    assert any(re.search(r"session \d+ closed", line) for line in server.lines)


async def test_a_session_that_dies_frees_its_place(server: RunningServer) -> None:
    await asyncio.to_thread(server.wait_idle)  # the last test's session is gone
    async with aiohttp.ClientSession() as http:
        ws = await http.ws_connect(server.ws_url(TOKEN))
        assert await _first_output(ws)
        (pid,) = server.wait_sessions(1)
        os.kill(pid, signal.SIGKILL)
        await _until_closed(ws)  # the server closes the student's websocket
        await _wait_gone(pid)
        await asyncio.to_thread(server.wait_idle)
        again = await http.ws_connect(server.ws_url(TOKEN))  # the place is free again
        assert b"The class is full" not in await _first_output(again)
        (new_pid,) = server.wait_sessions(1)
        assert new_pid != pid
        await again.close()
        await _wait_gone(new_pid)


async def test_stopping_the_server_ends_every_session_and_removes_every_home() -> None:
    with RunningServer("--max-sessions", "3") as running:
        async with aiohttp.ClientSession() as http:
            sockets = [await http.ws_connect(running.ws_url()) for _ in range(2)]
            for ws in sockets:
                assert await _first_output(ws)
            pids = running.wait_sessions(2)
            root = Path(environ_of(pids[0])["TUI_NN_SESSION_HOME"]).parents[1]
            assert len(list((root / "homes").iterdir())) == 2
            assert running.stop(signal.SIGTERM) == 0
        for pid in pids:
            assert not alive(pid)
        assert not root.exists()
    assert any("Server stopped" in line for line in running.lines)


async def test_ctrl_c_stops_the_server_cleanly_too() -> None:
    with RunningServer() as running:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(running.ws_url())
            assert await _first_output(ws)
            (pid,) = running.wait_sessions(1)
            root = Path(environ_of(pid)["TUI_NN_SESSION_HOME"]).parents[1]
            assert running.stop(signal.SIGINT) == 0
        assert not alive(pid)
        assert not root.exists()


async def test_a_student_finds_their_home_again_after_a_refresh(server: RunningServer) -> None:
    await asyncio.to_thread(server.wait_idle)  # the last test's session is gone
    jar = aiohttp.CookieJar(unsafe=True)  # keeps the page's cookie for 127.0.0.1, as a browser
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(server.url(f"?token={TOKEN}")) as response:
            assert response.status == 200
        homes = []
        for _ in range(2):  # open, close, open again: a refresh
            closed = server.closed_count()
            ws = await http.ws_connect(server.ws_url(TOKEN))
            assert await _first_output(ws)
            (pid,) = server.wait_sessions(1)
            homes.append(environ_of(pid)["TUI_NN_SESSION_HOME"])
            await ws.close()
            await _wait_gone(pid)
            await asyncio.to_thread(server.wait_closed, closed + 1)  # its place is free again
        assert homes[0] == homes[1]
        assert Path(homes[0]).name.startswith("s-")
    async with aiohttp.ClientSession() as other:  # another browser: another home
        ws = await other.ws_connect(server.ws_url(TOKEN))
        assert await _first_output(ws)
        (pid,) = server.wait_sessions(1)
        assert environ_of(pid)["TUI_NN_SESSION_HOME"] != homes[0]
        closed = server.closed_count()
        await ws.close()
        await _wait_gone(pid)
        await asyncio.to_thread(server.wait_closed, closed + 1)
