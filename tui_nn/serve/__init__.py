"""``tui-nn serve``: one machine serves the app to a class of browsers (needs textual-serve).

Modules: :mod:`~tui_nn.serve.cli` (the subcommand), :mod:`~tui_nn.serve.options`
(settings, token, link), :mod:`~tui_nn.serve.workspace` (the server's folder:
homes, turn locks, shared data), :mod:`~tui_nn.serve.session` (one student's
process), :mod:`~tui_nn.serve.server` (the web server), :mod:`~tui_nn.serve.runner`.
Only ``cli`` and ``options`` may be imported without textual-serve installed.
"""
