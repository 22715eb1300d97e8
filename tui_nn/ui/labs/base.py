"""The lab kit: the base class every lab (the right-hand panel of a lesson) is built on.

A lab, in short::

    class MyLab(Lab):
        def compose(self) -> ComposeResult: ...      # controls, numbers, charts
        def redraw(self) -> None: ...                # THE one "redraw from state"

        def action_go(self) -> None:                 # something slow
            self.run_in_thread(
                lambda ctx: slow(self.settings, cancelled=lambda: ctx.cancelled),
                group="go", label="going", on_result=self._went,
            )

        def _went(self, result: Result) -> None:     # interface thread, never stale
            self.result = result
            self.redraw()

The contract:

- ``redraw()`` redraws every widget from the lab's state (no arguments, fast).
- ``run_in_thread(work, group=…, on_result=…)`` runs ``work(ctx)`` on a thread.
  One run per group: a newer run cancels the older, and whatever an older or
  cancelled run delivers late is dropped (the kit keeps the run ids, not the
  lab).  ``on_result`` / ``on_progress`` / ``on_error`` are always called on the
  interface thread; progress is coalesced to about 10 deliveries a second; an
  error goes to ``on_error`` (default: a short notice and ``error.log``, never
  a traceback).  ``threads`` limits BLAS threads for the work (None: no
  limit); ``heavy=True`` waits for a turn of heavy work first
  (``tui_nn.work_slots``; a served classroom limits how many run at once).
- ``stop_work()`` cancels every group of the lab (the app calls it on quit,
  and when the lab is removed).  Leaving a lesson does *not* stop its work:
  the lab stays alive with its state until the app ends.
- ``busy()`` is a short phrase for the title bar while work runs ("training
  43%"), ``busy_loss()`` what quitting now would lose (the quit dialog says it).
  The title bar is not polled while the app is idle: the kit posts
  ``Lab.BusyChanged`` when a run starts, progresses, waits or ends, and the
  app also looks after every key or click (and then every 0.25 s while
  anything is busy).  A lab whose ``busy()`` changes without a key and
  outside ``run_in_thread`` calls ``busy_changed()``.
  Mark the ``label`` given to ``run_in_thread`` with ``N_("training")``: the
  kit shows it through ``_()``, so the title bar and the quit box follow F2.
  The defaults use the ``label`` given to ``run_in_thread`` and the
  ``fraction`` reported with ``ctx.progress``.
- Words: every word a lab shows goes through ``_()`` when it is drawn (``redraw``)
  or is a ``Words(N_(...))`` / a ``NumberField(label=N_(...))``; binding
  descriptions and tooltips are marked ``N_(...)`` (the screens translate them
  when shown).  F2 calls ``refresh_language()``, which re-labels and redraws.
  Chart titles and legends go in a :class:`~tui_nn.ui.widgets.chart.ChartBox`,
  never in plotext (it miscounts Korean's two-cell characters).
- ``lab_settings()`` / ``restore_settings(data)``: what to remember between app
  runs (JSON-able values); ``restore_settings`` must ignore bad values (use
  :mod:`tui_nn.ui.kit.values`).
- Data (MNIST or the built-in digits): ``data_store_of(self.app).request(self)``
  and handle ``DataReady`` (see :mod:`tui_nn.ui.data_store`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from typing import TypeVar, cast

from textual import on
from textual._context import NoActiveAppError
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker

from tui_nn import work_slots
from tui_nn.i18n import _
from tui_nn.ui.error_log import log_error, short_reason
from tui_nn.ui.kit.blas import limited_blas
from tui_nn.ui.kit.work import WorkBook, WorkContext, WorkRun
from tui_nn.ui.messages import WorkDone, WorkFailed, WorkProgressDue, WorkWaiting

__all__ = ["JSONValue", "Lab", "WorkContext"]

R = TypeVar("R")

#: What ``lab_settings`` may hold: JSON values.
JSONValue = str | int | float | bool | None | list["JSONValue"] | dict[str, "JSONValue"]


def waiting_text(ahead: int) -> str:
    """The phrase shown while heavy work waits for its turn."""
    return _("waiting: {ahead} ahead of you").format(ahead=ahead)


class Lab(VerticalScroll):
    """A lesson's lab: controls, live numbers and charts, and its slow work (see module doc)."""

    DEFAULT_CSS = """
    Lab {
        height: 1fr;
        padding: 0 1;
    }
    """

    class BusyChanged(Message):
        """The lab's work started, moved on, waits or ended: ``busy()`` may say something new."""

    def busy_changed(self) -> None:
        """Tell the app that ``busy()`` may have changed (the title bar shows it)."""
        self.post_message(self.BusyChanged())

    def __init__(
        self,
        *children: Widget,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(*children, name=name, id=id, classes=classes)
        self._work_book = WorkBook()

    def watch_has_focus(self, _has_focus: bool) -> None:
        """The lab gains or loses the keys: restyle the lab alone.

        Textual's default restyles every widget inside too (a view switch of
        lesson 8 then cost ~0.1 s of CPU per focus change); no rule of a widget
        inside depends on the lab's own focus.
        """
        with suppress(NoActiveAppError):  # no app (being removed): nothing to restyle
            self.app.stylesheet.update_nodes([self], animate=True)

    # ------------------------------------------------------------------ state

    def redraw(self) -> None:
        """Redraw every widget of the lab from its state (the one name for it)."""

    def refresh_language(self) -> None:
        """Show the lab in the language just chosen (F2), keeping its state and running work.

        Calls ``refresh_language()`` on every widget inside that has one
        (:class:`~tui_nn.ui.widgets.number_field.NumberField` labels,
        :class:`~tui_nn.ui.widgets.words.Words`), then ``redraw()``, which puts
        every word it draws through ``_()``.  Override only to add to this.
        """
        for widget in self.query("*"):
            refresh = getattr(widget, "refresh_language", None)
            if callable(refresh):
                refresh()
        self.redraw()

    def lab_settings(self) -> dict[str, JSONValue]:
        """Settings to remember between app runs (JSON-able); none by default."""
        return {}

    def restore_settings(self, data: Mapping[str, object]) -> None:
        """Apply settings saved by ``lab_settings``; bad or unknown values are ignored.

        Called before the lab is mounted (fields then start with these values).
        """

    # ------------------------------------------------------------------- work

    def run_in_thread(
        self,
        work: Callable[[WorkContext], R],
        *,
        group: str,
        on_result: Callable[[R], None],
        on_progress: Callable[[object], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_wait: Callable[[int], None] | None = None,
        threads: int | None = 1,
        heavy: bool = False,
        label: str | None = None,
    ) -> Worker[None]:
        """Run ``work(ctx)`` on a worker thread; its result goes to ``on_result``.

        ``group``: one run at a time per group; starting a run cancels the
        group's older run, whose late result, progress and error are dropped.
        ``on_progress(value)`` gets the latest ``ctx.progress(value)`` at most
        about 10 times a second.  ``on_error(error)`` gets an exception the work
        raised (default: a short notice, the traceback to ``error.log``).
        ``threads``: BLAS threads for the work (None: leave the process's
        setting).  ``heavy``: wait for a turn of heavy work first; while it
        waits, ``on_wait(ahead)`` is called (and ``busy()`` says "waiting: N
        ahead of you"), then ``on_wait(0)`` when the turn comes.  ``label``:
        what ``busy()`` calls this work ("training"); without one the run does
        not show in the title bar.  All callbacks run on the interface thread,
        and only for the group's current, uncancelled run.
        """
        run = WorkRun(
            group=group,
            label=label,
            on_result=cast(Callable[[object], None], on_result),
            on_progress=on_progress,
            on_error=on_error,
            on_wait=on_wait,
        )
        self._work_book.start(run)
        context = WorkContext(run, self._progress_due)
        self.busy_changed()

        def body() -> None:
            try:
                with limited_blas(threads):
                    if heavy:
                        with work_slots.heavy_work_turn(  # looked up now: a server may swap it
                            cancelled=lambda: run.cancelled,
                            on_wait=lambda ahead: self._waiting(run, ahead),
                        ) as turn:
                            if not turn:
                                return
                            if run.waiting:
                                self._waiting(run, 0)
                            result: object = work(context)
                    else:
                        result = work(context)
            except Exception as error:
                self.post_message(WorkFailed(run, error))
                return
            self.post_message(WorkDone(run, result))

        return self.run_worker(
            body,
            name=f"{group}#{run.id}",
            group=f"lab:{group}",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def stop_work(self) -> None:
        """Cancel every run of this lab (every group); late deliveries are dropped."""
        for group in self._work_book.cancel_all():
            self.workers.cancel_group(self, f"lab:{group}")
        if self.is_attached:
            self.busy_changed()

    def work_running(self, group: str | None = None) -> bool:
        """True while a run (of ``group``, or of any group) is going."""
        return any(group is None or r.group == group for r in self._work_book.running())

    def busy(self) -> str | None:
        """A short phrase of the work running for the title bar; None when idle.

        The default names each labelled run, with its percentage when its
        progress gave a ``fraction`` ("training 43%"), or "waiting: N ahead of
        you" while it waits for a turn.
        """
        parts = []
        for run in self._work_book.running():
            if run.label is None:
                continue
            label = _(run.label)  # a lab's label is marked N_("training"): shown translated
            if run.waiting:
                parts.append(f"{label} {waiting_text(run.waiting)}")
            elif run.fraction is not None:
                parts.append(f"{label} {run.fraction:.0%}")
            else:
                parts.append(label)
        return ", ".join(parts) or None

    def busy_loss(self) -> str | None:
        """What quitting now would lose (None: nothing); the quit dialog shows it."""
        busy = self.busy()
        return (
            None
            if busy is None
            else _("the {work} (it stops, and its results are lost)").format(work=busy)
        )

    def on_unmount(self) -> None:
        self.stop_work()

    # ------------------------------------------- the kit's own message handling

    def _progress_due(self, run: WorkRun) -> None:
        self.post_message(WorkProgressDue(run))

    def _waiting(self, run: WorkRun, ahead: int) -> None:
        run.waiting = ahead
        self.post_message(WorkWaiting(run, ahead))

    @on(WorkProgressDue)
    def _kit_progress_due(self, message: WorkProgressDue) -> None:
        message.stop()
        wait = message.run.wait_before_delivery()
        if wait > 0:
            self.set_timer(wait, lambda: self._deliver_progress(message.run))
        else:
            self._deliver_progress(message.run)

    def _deliver_progress(self, run: WorkRun) -> None:
        has_value, value = run.take_progress()
        if has_value and run.on_progress is not None and self._work_book.is_current(run):
            self._call_safely(run.on_progress, value)
        if self._work_book.is_current(run):
            self.busy_changed()

    @on(WorkWaiting)
    def _kit_waiting(self, message: WorkWaiting) -> None:
        message.stop()
        run = message.run
        if run.on_wait is not None and self._work_book.is_current(run):
            self._call_safely(run.on_wait, message.ahead)
        self.busy_changed()

    @on(WorkDone)
    @on(WorkFailed)
    def _kit_ended(self, message: WorkDone | WorkFailed) -> None:
        message.stop()
        run = message.run
        if not self._work_book.is_current(run):
            return  # stale or cancelled: dropped
        self._work_book.finish(run)
        self.busy_changed()
        if isinstance(message, WorkDone):
            self._call_safely(run.on_result, message.result)
        elif run.on_error is not None:
            self._call_safely(run.on_error, message.error)
        else:
            self.work_failed(message.error)

    def _call_safely(self, callback: Callable[[R], None], value: R) -> None:
        try:
            callback(value)
        except Exception as error:  # a lab's own handler failed: say so, keep going
            self.work_failed(error)

    def work_failed(self, error: BaseException) -> None:
        """The default ``on_error``: one short notice; the traceback goes to ``error.log``."""
        log_error(error)
        self.notify(
            _("That did not work: {reason}").format(reason=short_reason(error)),
            title=_("tui-nn kept going"),
            severity="error",
            timeout=8,
        )
