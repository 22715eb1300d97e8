"""The training lab's slow work, each on the lab kit's threads, and what comes back from it.

``TrainingWork`` belongs to one ``TrainingLab`` (``lab.jobs``): it starts each
piece of work with ``lab.run_in_thread`` (so the kit checks staleness, limits
BLAS threads, coalesces progress and cancels it all with the lab) and shows
the answer in the lab's views, on the interface thread.  Groups:

- ``train``: ``TrainingSession.run`` (heavy; the title bar says "training 43%");
- ``estimate``: timing one numerical-gradient update;
- ``inspect``: confusion matrix, guesses and weights of the network in use;
- ``files-list``, ``files``: listing, saving and loading networks;
- ``download``: real MNIST, in a daemon thread the app never waits for on quit.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from tui_nn.i18n import _
from tui_nn.training_session import (
    NetworkInUse,
    RunEnded,
    SessionEvent,
    SessionState,
    estimate_update_seconds,
)
from tui_nn.ui.data_store import data_store_of
from tui_nn.ui.error_log import short_reason
from tui_nn.ui.kit.work import WorkContext
from tui_nn.ui.labs.training_controls import form_values
from tui_nn.ui.labs.training_data import DataPanel, DownloadCancelled, DownloadStep
from tui_nn.ui.labs.training_files import (
    FilesView,
    SavedFile,
    describe_meta,
    saved_networks_folder,
    scan_saved_networks,
)
from tui_nn.ui.labs.training_inspect import InspectResult, InspectView, inspect_network
from tui_nn.ui.labs.training_live import state_word
from tui_nn.ui.labs.training_setup import estimate_text

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from tui_nn.engine.nets import TwoLayerNet
    from tui_nn.engine.train import TrainConfig
    from tui_nn.ui.labs.training import TrainingLab

DOWNLOAD_POLL_SECONDS = 0.1


def plain_reason(error: BaseException) -> str:
    """Why something failed, for the learner: the engine's and the data layer's own words."""
    message = (str(error).strip().splitlines() or [""])[0]
    if isinstance(error, (ValueError, OSError)) and message:
        return message
    return short_reason(error)


class TrainingWork:
    """Starts the lab's work and shows its results (see the module doc)."""

    def __init__(self, lab: TrainingLab) -> None:
        self.lab = lab
        self._last_chart = 0.0
        self._inspect_generation = 0  # answers for an older network are dropped
        self.downloading = False
        self.waiting_ahead = 0  # runs of heavy work before the training's turn (a classroom)

    # --- the run -----------------------------------------------------------------------
    def start_run(self) -> None:
        """Run the started session in the ``train`` group (one heavy turn)."""
        lab, session = self.lab, self.lab.session
        interval = lab.tick_seconds

        def work(ctx: WorkContext) -> RunEnded:
            def notify(event: SessionEvent) -> None:
                if not isinstance(event, RunEnded):  # the end comes back as the result
                    ctx.progress(event, session.fraction_done())

            return session.run(notify, lambda: ctx.cancelled, interval=interval, blas_threads=None)

        lab.run_in_thread(
            work,
            group="train",
            heavy=True,  # no label: the lab's busy() says "training 43%" itself
            on_result=self.run_ended,
            on_progress=lambda _: self.follow_run(),
            on_error=self._run_failed,
            on_wait=self._run_waiting,
        )

    def _run_waiting(self, ahead: int) -> None:
        self.waiting_ahead = ahead
        if ahead:
            self.lab.live.set_status(
                _("waiting for a turn: {ahead} ahead of you…").format(ahead=ahead)
            )
        else:
            self.lab.live.set_status(_("preparing the data…"))

    def follow_run(self, force: bool = False) -> None:
        """Show new losses: numbers about 10 times a second, charts twice, if Train is visible."""
        lab = self.lab
        log = lab.session.log
        if log is None:
            return
        live = lab.live
        view = live.sync(log)
        if lab.tabs.active != "tab-train":
            return
        state = lab.session.state
        ended = lab.session.ended
        if state.active:
            live.show_progress(view, state_word(state))
        elif ended is not None and ended.state is not SessionState.FAILED:
            live.show_progress(view, state_word(ended.state))  # the same word as the result
        now = time.monotonic()
        if force or now - self._last_chart >= lab.chart_seconds:
            self._last_chart = now
            live.redraw()

    def run_ended(self, ended: RunEnded) -> None:
        lab = self.lab
        self.waiting_ahead = 0
        lab.controls.freeze(False)
        lab.live.show_end(ended, lab.session.log)
        if ended.finished is not None:
            lab.refresh_views()

    def _run_failed(self, error: BaseException) -> None:
        self.run_ended(RunEnded(SessionState.FAILED, None, plain_reason(error)))

    # --- the numerical estimate ----------------------------------------------------------
    def start_estimate(self) -> None:
        lab = self.lab
        data = lab.training_data()
        if data is None:
            return
        config = lab.current_config()
        lab.setup.show_estimate(_("Timing a numerical gradient…"))

        def shown(seconds: float) -> None:
            text = estimate_text(seconds, config.iterations, armed=lab.armed == config)
            lab.setup.show_estimate(text)

        def failed(error: BaseException) -> None:
            lab.setup.show_estimate(
                estimate_text(None, config.iterations, armed=False, error=plain_reason(error))
            )

        lab.run_in_thread(
            lambda ctx: estimate_update_seconds(config, data),
            group="estimate",
            on_result=shown,
            on_error=failed,
        )

    # --- looking inside -------------------------------------------------------------------
    def inspect_stale(self, text: str) -> None:
        """The network changed (a new run): mark what is shown, drop answers still coming."""
        self._inspect_generation += 1
        self.lab.query_one(InspectView).mark_stale(text)

    def refresh_inspect(self, then_next_mistake: bool = False) -> None:
        """Recompute the Inspect view for the network in use, in a worker."""
        lab = self.lab
        net = lab.session.live_net()
        dataset = lab.dataset
        if net is None or dataset is None:
            if then_next_mistake:
                lab.notify(_("No network yet: train or load one first."))
            return
        self._inspect_generation += 1
        generation, origin = self._inspect_generation, lab.net_origin_text()
        images, labels = dataset.x_test, dataset.t_test

        def shown(result: InspectResult) -> None:
            if generation != self._inspect_generation:
                return  # an older request (e.g. for the network before a new run)
            lab.query_one(InspectView).show_results(result)
            if then_next_mistake:
                lab.show_next_mistake()

        def failed(error: BaseException) -> None:  # e.g. a net of the wrong shape
            lab.notify(
                _("Cannot look inside this network: {reason}").format(reason=plain_reason(error)),
                severity="error",
            )

        lab.run_in_thread(
            lambda ctx: inspect_network(net, images, labels, origin),
            group="inspect",
            on_result=shown,
            on_error=failed,
        )

    # --- files --------------------------------------------------------------------------
    def refresh_files(self) -> None:
        """List the saved networks in a worker (a folder of big files takes a while)."""
        files = self.lab.query_one(FilesView)
        folder = saved_networks_folder()

        def listed(found: list[SavedFile]) -> None:
            files.show_files(found, folder)

        def failed(error: BaseException) -> None:
            if isinstance(error, OSError):
                files.show_unreadable(folder, error)
            else:
                files.say(
                    _("Cannot list the saved networks: {reason}").format(
                        reason=plain_reason(error)
                    ),
                    error=True,
                )

        self.lab.run_in_thread(
            lambda ctx: scan_saved_networks(folder),
            group="files-list",
            on_result=listed,
            on_error=failed,
        )

    def save(self) -> None:
        lab = self.lab
        files = lab.query_one(FilesView)
        if lab.session.active:
            files.say(_("Wait for the run to end (or press x) before saving."), error=True)
            return
        network = lab.session.network
        if network is None:
            files.say(_("There is no network to save yet: train one first (s)."), error=True)
            return
        meta: dict[str, Any] = dict(network.meta)
        if lab.dataset is not None and not network.file_name:
            meta["data"] = str(lab.dataset.label)
        if not network.file_name:
            meta["iterations"] = int(network.iterations)
            if network.train_accuracy is not None and network.test_accuracy is not None:
                meta.update(
                    train_accuracy=float(network.train_accuracy),
                    test_accuracy=float(network.test_accuracy),
                )
        files.say(_("Saving…"))

        def save(ctx: WorkContext) -> Path:
            from tui_nn.engine.saving import save_network

            return save_network(saved_networks_folder(), network.net, network.config, meta)

        def saved(path: Path) -> None:
            files.say(_("Saved to {path}").format(path=path))
            self.refresh_files()

        lab.run_in_thread(
            save,
            group="files",
            on_result=saved,
            on_error=lambda error: files.say(
                _("Could not save: {reason}").format(reason=plain_reason(error)), error=True
            ),
        )

    def load_network_file(self, path: Path) -> None:
        lab = self.lab
        files = lab.query_one(FilesView)
        if lab.session.active:
            files.say(_("Wait for the run to end (or press x) before loading."), error=True)
            return
        files.say(_("Loading {file}…").format(file=path.name))

        def load(ctx: WorkContext) -> tuple[TwoLayerNet, TrainConfig, dict[str, Any]]:
            from tui_nn.engine.saving import load_network

            return load_network(path)

        def loaded(result: tuple[TwoLayerNet, TrainConfig, dict[str, Any]]) -> None:
            net, config, meta = result
            try:
                lab.session.use_network(NetworkInUse(net, config, file_name=path.name, meta=meta))
            except RuntimeError:
                files.say(_("Wait for the run to end (or press x) before loading."), error=True)
                return
            lab.controls.set_values(form_values(config, lab.controls.full_size))
            lab.redraw()
            summary = describe_meta(meta)
            files.say(
                _("Loaded {file}: {activation}, {hidden} hidden units").format(
                    file=path.name, activation=config.activation, hidden=config.hidden_size
                )
                + (f" ({summary})" if summary else "")
                + ". Press 3 to inspect it, 4 to draw."
            )
            lab.refresh_views()

        def failed(error: BaseException) -> None:
            files.say(
                _("Could not load {file}: {reason}").format(
                    file=path.name, reason=plain_reason(error)
                ),
                error=True,
            )

        lab.run_in_thread(load, group="files", on_result=loaded, on_error=failed)

    # --- downloading MNIST ---------------------------------------------------------------
    def download(self) -> None:
        lab = self.lab
        if lab.dataset is not None and lab.dataset.source == "mnist":
            lab.notify(_("Real MNIST is already in use."))
            return
        if self.downloading:
            return
        self.downloading = True
        panel = lab.query_one(DataPanel)
        panel.start_download()

        def failed(error: BaseException) -> None:
            self.downloading = False
            panel.end_download(plain_reason(error))

        def done(finished: bool) -> None:
            self.downloading = False
            if finished:
                panel.end_download(None)
                data_store_of(lab.app).switch("mnist", reread=True)

        lab.run_in_thread(
            download_in_daemon_thread,
            group="download",
            label="downloading MNIST",
            threads=None,
            on_progress=lambda step: panel.download_progress(_as_step(step)),
            on_result=done,
            on_error=failed,
        )


def _as_step(value: object) -> DownloadStep:
    return value if isinstance(value, DownloadStep) else DownloadStep("", 0, None)


def download_in_daemon_thread(ctx: WorkContext) -> bool:
    """Download MNIST; True when done, False when abandoned (the lab was closed or the app quit).

    The download itself runs in a daemon thread: a mirror that never answers
    can hold it for a minute or more, and the app must quit at once, so the
    worker returns as soon as it is cancelled and nobody waits for that thread.
    """
    outcome: dict[str, BaseException | None] = {}
    finished = threading.Event()

    def progress(file_name: str, done: int, total: int | None) -> None:
        if ctx.cancelled:
            raise DownloadCancelled()
        fraction = done / total if total else None
        ctx.progress(DownloadStep(file_name, done, total), fraction)

    def body() -> None:
        try:
            from tui_nn.data.download import download_mnist

            download_mnist(progress=progress)
            outcome["error"] = None
        except BaseException as error:  # handed to the worker, which reports it
            outcome["error"] = error
        finally:
            finished.set()

    threading.Thread(target=body, name="tui-nn MNIST download", daemon=True).start()
    while not finished.wait(DOWNLOAD_POLL_SECONDS):
        if ctx.cancelled:
            return False
    error = outcome.get("error")
    if isinstance(error, DownloadCancelled):
        return False
    if error is not None:
        raise error
    return True
