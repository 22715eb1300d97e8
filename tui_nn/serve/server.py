"""The classroom server: textual-serve's Server, with a token, a limit and a home per student.

textual-serve starts one app process per websocket and relays it to xterm.js
in the page.  This subclass adds what a class needs: the token on the page and
the websocket (a wrong one gets a plain refusal and no process), a limit on
sessions, a page of our own that loads nothing from outside, no directory
listing, a home per student, and a clean stop that ends every process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import web
from textual_serve.server import Server

from tui_nn.i18n import _
from tui_nn.serve import pages
from tui_nn.serve.options import ServeOptions
from tui_nn.serve.session import CHILD_MODULE, Session, session_environment
from tui_nn.serve.workspace import Workspace

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(textual_serve.__file__).parent / "static"
COOKIE = "tui_nn_student"
#: The terminal sizes a browser may ask for (a silly size must not cost the server memory).
MAX_COLUMNS, MAX_ROWS = 400, 150
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
    " img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:;"
    " worker-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def _clamp(text: str | None, default: int, high: int) -> int:
    try:
        value = int(text) if text is not None else default
    except ValueError:
        value = default
    return min(max(value, 10), high)


class ClassroomServer(Server):
    """Serves ``options.command`` (tui-nn by default) to every student's browser."""

    def __init__(
        self,
        options: ServeOptions,
        workspace: Workspace,
        say: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(
            command="tui-nn",
            host=options.host,
            port=options.port,
            title="tui-nn",
            statics_path=STATIC,
            templates_path=TEMPLATES,
        )
        self.options = options
        self.workspace = workspace
        self.argv = options.command or (sys.executable, "-m", CHILD_MODULE)
        self.say = say or (lambda line: print(line, flush=True))
        self.sessions: dict[int, Session] = {}
        self._count = 0
        self.port_bound: int | None = None

    # --- the web application ------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(
            app, loader=jinja2.FileSystemLoader(str(self.templates_path)), autoescape=True
        )
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/ws/{token}", self.handle_websocket),
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ])
        app.on_response_prepare.append(self._headers)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @staticmethod
    async def _headers(request: web.Request, response: web.StreamResponse) -> None:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Server"] = "tui-nn"
        if not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"

    @property
    def full(self) -> bool:
        return len(self.sessions) >= self.options.max_sessions

    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        token = request.query.get("token")
        if not self.options.token_ok(token):
            return web.Response(text=pages.refused(), status=403, content_type="text/html")
        if set(request.query) - {"token", "fontsize"}:  # e.g. textual.js's ?ping=<any URL>
            clean = {k: v for k, v in request.query.items() if k in ("token", "fontsize")}
            raise web.HTTPFound(request.rel_url.with_query(clean))
        if self.full:
            text = pages.full(self.options.max_sessions)
            return web.Response(text=text, status=503, content_type="text/html")
        student = request.cookies.get(COOKIE) or ""
        if not self.workspace.knows(student):
            student = self.workspace.new_student()
        scheme = "wss" if request.secure else "ws"
        websocket_url = f"{scheme}://{request.host}/ws"
        if self.options.token:
            websocket_url += "/" + quote(self.options.token, safe="")
        context: dict[str, Any] = {
            "font_size": _clamp(request.query.get("fontsize"), 16, 40),
            "websocket_url": websocket_url,
            "static_url": "/static/",
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.set_cookie(COOKIE, student, httponly=True, samesite="Strict", path="/")
        return response

    # --- one websocket, one student, one process -----------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:  # type: ignore[override]
        if not self.options.token_ok(request.match_info.get("token")):
            raise web.HTTPForbidden(text="wrong or missing token")
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if self.full:
            await websocket.send_bytes(pages.full_terminal(self.options.max_sessions))
            await websocket.close()
            return websocket
        self._count += 1
        number = self._count
        home = self.workspace.home_for(request.cookies.get(COOKIE))
        env = session_environment(
            dict(os.environ), home=home, slots=self.workspace.slots,
            data=self.workspace.data, max_running=self.options.max_running,
        )
        session = Session(
            self.argv, env, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
            close=websocket.close, download_manager=self.download_manager,
        )
        self.sessions[number] = session  # counted before the first await: the limit holds
        started = time.monotonic()
        watcher: asyncio.Task[None] | None = None
        try:
            width = _clamp(request.query.get("width"), 80, MAX_COLUMNS)
            height = _clamp(request.query.get("height"), 24, MAX_ROWS)
            await session.start(width, height)
            self.say(_("[{time}] session {number} opened ({count} of {limit})").format(
                time=time.strftime("%H:%M:%S"), number=number, count=len(self.sessions),
                limit=self.options.max_sessions))
            watcher = asyncio.create_task(self._close_when_ended(session, websocket))
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            pass
        except Exception as error:  # a bad message from a browser: that session ends
            logging.getLogger("tui-nn.serve").warning("session %d: %r", number, error)
        finally:
            if watcher is not None:
                watcher.cancel()
            await asyncio.shield(self._end(number, session, websocket, started))
        return websocket

    async def _close_when_ended(self, session: Session, websocket: web.WebSocketResponse) -> None:
        """A session whose app died or quit: close the student's websocket (frees the place)."""
        await session.wait_closed()
        await websocket.close()

    async def _end(
        self, number: int, session: Session, websocket: web.WebSocketResponse, started: float
    ) -> None:
        await session.stop()
        with contextlib.suppress(Exception):
            await websocket.close()
        if self.sessions.pop(number, None) is not None:
            minutes = (time.monotonic() - started) / 60
            self.say(_("[{time}] session {number} closed after {minutes:.1f} min"
                       " ({count} of {limit})").format(
                time=time.strftime("%H:%M:%S"), number=number, minutes=minutes,
                count=len(self.sessions), limit=self.options.max_sessions))

    async def on_shutdown(self, app: web.Application) -> None:
        await asyncio.gather(
            *(session.stop() for session in list(self.sessions.values())),
            return_exceptions=True,
        )

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its logo and command here; tui-nn prints its own lines."""

    # --- running --------------------------------------------------------------

    async def run(self, started: Callable[[int], None] | None = None) -> None:
        """Serve until SIGINT or SIGTERM; then end every session."""
        app = await self._make_app()
        runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await runner.setup()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        try:
            site = web.TCPSite(runner, self.options.host, self.options.port)
            await site.start()
            self.port_bound = int(runner.addresses[0][1])
            if started is not None:
                started(self.port_bound)
            await stop.wait()
        finally:
            await runner.cleanup()
