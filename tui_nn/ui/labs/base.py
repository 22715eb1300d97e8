"""The base class of every lab: the interactive right-hand panel of a lesson."""

from __future__ import annotations

from textual.containers import VerticalScroll


class Lab(VerticalScroll):
    """A lesson's lab.

    Subclasses compose their controls, live numbers and charts, declare their
    keys in ``BINDINGS`` (each with a description, so the Footer, the help
    screen and the command palette show it) and compute everything through
    ``tui_nn.engine`` / ``tui_nn.data``.  Long work goes to a
    ``@work(thread=True)`` worker.  ``stop_work()`` is called when the learner
    leaves the lesson; labs with workers cancel them there.
    """

    DEFAULT_CSS = """
    Lab {
        height: 1fr;
        padding: 0 1;
    }
    """

    def stop_work(self) -> None:
        """Cancel this lab's workers (the lesson is being left)."""
        self.workers.cancel_group(self, "default")
