"""One student's process: ``python -m tui_nn.serve.child`` runs the app as ``tui-nn`` would.

What differs from a terminal's ``tui-nn`` is only the garbage collector, set
for a machine that runs thirty apps at once (``bench/serve_keycost.py``
measured it on lesson 8's view keys):

* the modules are imported first and everything they made is frozen
  (:func:`gc.freeze`): a full collection then no longer walks the ~100,000
  objects of Textual, Rich and NumPy that live as long as the process;
* collections run less often (:data:`THRESHOLDS`): with Python's default
  (700, 10, 10) a view switch of lesson 8 allocates enough for about fifty
  young collections and a full one every three or four keys, 0.1-0.18 s each
  (about a fifth of the key's CPU); with these a full one comes about every
  fifty keys.  The young collections still free short-lived cycles.

Everything else (the environment: home, BLAS threads, no animations …) is
the server's, in :func:`tui_nn.serve.session.session_environment`.
"""

from __future__ import annotations

import gc
import sys

#: gen0 allocations, then gen0 collections per gen1, gen1 per full collection.
THRESHOLDS = (10_000, 20, 10)


def tune_collector() -> None:
    """Import the app's modules, freeze what they made, and space out collections."""
    import tui_nn.ui.app  # noqa: F401 - the long-lived part of the heap, made now

    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


def main() -> int:
    tune_collector()
    from tui_nn.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
