"""Start a classroom server, say where to find it, and leave nothing behind when it stops."""

from __future__ import annotations

import sys

from tui_nn.i18n import _, ngettext
from tui_nn.serve.options import ServeOptions, is_loopback
from tui_nn.serve.server import ClassroomServer
from tui_nn.serve.workspace import Workspace


def _say(line: str) -> None:
    print(line, flush=True)


async def serve(options: ServeOptions) -> int:
    """Serve until Ctrl+C or SIGTERM; 0 then, 1 when the server could not start."""
    workspace = Workspace()
    try:
        _say(workspace.share_data())
        server = ClassroomServer(options, workspace, say=_say)

        def started(port: int) -> None:
            # "Students open: http://…" stays one line: tests/serve/running.py reads the port
            _say(_("tui-nn is being served. Students open: {link}").format(
                link=options.link(port)))
            if is_loopback(options.host):
                _say(_("(Only this machine can reach it: use --host 0.0.0.0 for the class's"
                       " network; a token is then required.)"))
            _say(ngettext(
                "At most {sessions} sessions; {n} training at once. Press Ctrl+C to stop.",
                "At most {sessions} sessions; {n} trainings at once. Press Ctrl+C to stop.",
                options.max_running,
            ).format(sessions=options.max_sessions, n=options.max_running))

        try:
            await server.run(started)
        except OSError as error:
            print(_("tui-nn serve: cannot listen on {host}:{port} ({why})").format(
                host=options.host, port=options.port, why=error.strerror or error),
                file=sys.stderr)
            return 1
        _say(_("Server stopped; every session has ended and its files are removed."))
        return 0
    finally:
        workspace.remove()
