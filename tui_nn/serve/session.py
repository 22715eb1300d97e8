"""One student's app: a tui-nn process of its own, started without a shell.

textual-serve's :class:`~textual_serve.app_service.AppService` relays the
process to the browser; this subclass gives each process its own environment
(home, one BLAS thread, the shared data, the turn locks, ``TUI_NN_SERVED``,
no animations), runs :mod:`tui_nn.serve.child` (the app, its collector tuned),
starts it with ``exec`` rather than through ``sh -c``, and makes sure that
stopping a session ends its process, even one that ignores the request to quit.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from pathlib import Path

from textual_serve.app_service import AppService

from tui_nn import work_slots
from tui_nn.data import shared_copy

#: Thread pools of the numerical libraries: one thread each per session.
BLAS_VARIABLES = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)
#: Textual settings of every served app, unless the server's own environment sets them:
#: no animations (a tab's underline slid over 0.3 s is some twenty frames of the screen
#: for the relay and the browser; without it a view key of lesson 8 costs its session
#: about 0.05 s less CPU and sends half the messages, ``bench/serve_keycost.py``).
SERVED_TEXTUAL = {"TEXTUAL_ANIMATIONS": "none"}
#: The module each session runs (the app, with the collector set for serving).
CHILD_MODULE = "tui_nn.serve.child"
#: Seconds a session gets to quit by itself before it is terminated, then killed.
QUIT_GRACE = 3.0
KILL_GRACE = 2.0


def session_environment(
    base: dict[str, str], *, home: Path, slots: Path, data: Path, max_running: int
) -> dict[str, str]:
    """The environment of one session's process (which starts in ``home``).

    ``TUI_NN_HOME`` is ".": the process runs in its home, so the paths the app
    shows a student ("Saved to data/networks/…") name no folder of the server.
    """
    env = dict(base)
    env["TUI_NN_HOME"] = "."
    env["TUI_NN_SESSION_HOME"] = str(home)
    env["TUI_NN_SERVED"] = "1"
    env[work_slots.ENV_SLOTS] = str(slots)
    env[work_slots.ENV_MAX_RUNNING] = str(max_running)
    env[shared_copy.ENV_SHARED] = str(data)
    for name in BLAS_VARIABLES:
        env[name] = "1"
    for name, value in SERVED_TEXTUAL.items():
        env.setdefault(name, value)
    return env


class Session(AppService):
    """A textual-serve app service for one student."""

    def __init__(self, argv: tuple[str, ...], environment: dict[str, str], **kwargs) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv
        self.environment = environment

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        """Ours, plus what textual-serve adds to the server's (driver, colours, size)."""
        served = super()._build_environment(width=width, height=height)
        env = dict(self.environment)
        env.update({k: v for k, v in served.items() if os.environ.get(k) != v})
        return env

    async def _open_app_process(self, width: int = 80, height: int = 24):
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            cwd=environment["TUI_NN_SESSION_HOME"],
            start_new_session=True,  # Ctrl+C on the server's terminal goes to the server only
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def wait_closed(self) -> None:
        """Return when the app's process has ended (by itself, crashed or killed)."""
        if self._process is not None:
            await self._process.wait()

    async def stop(self) -> None:
        """Ask the app to quit; terminate, then kill it if it does not; reap the process."""
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.send_meta({"type": "quit"}), QUIT_GRACE)
            for sig, grace in ((None, QUIT_GRACE), (signal.SIGTERM, KILL_GRACE),
                               (signal.SIGKILL, KILL_GRACE)):
                if sig is not None:
                    with contextlib.suppress(ProcessLookupError):
                        process.send_signal(sig)
                try:
                    await asyncio.wait_for(process.wait(), grace)
                    break
                except asyncio.TimeoutError:
                    continue
        if self._task is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._task, KILL_GRACE)
            self._task = None
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
