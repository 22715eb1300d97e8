"""Lesson 8's lab: train a TwoLayerNet on MNIST live, look inside it, draw digits, keep it.

The lab is a model and five views.  The model is a
:class:`~tui_nn.training_session.TrainingSession` (no Textual inside): the
run, its log, pause and stop, the network in use.  The views are one widget
each: ``SetupView`` (training_setup), ``TrainView`` (training_live),
``InspectView`` (training_inspect), ``DrawView`` (training_draw) and
``FilesView`` (training_files), with the data line (training_data) above them.
Views send what the learner did up as messages (training_messages); this
module holds the keys, starts the work on the lab kit's threads
(``run_in_thread``) and shows the answers in the views.  The data comes from
the app's data store, shared with lessons 2 and 7.

Work groups: ``train`` (the run, heavy), ``estimate`` (timing a numerical
gradient), ``inspect``, ``files-list``, ``files`` (save, load) and
``download``: see training_work.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Input, OptionList, Select, TabbedContent, TabPane
from textual.widgets._select import SelectOverlay

from tui_nn.engine.train import TrainConfig, predict_proba
from tui_nn.i18n import N_, _
from tui_nn.training_session import SessionState, TrainingData, TrainingSession
from tui_nn.ui.data_store import data_store_of
from tui_nn.ui.labs.base import JSONValue, Lab, waiting_text
from tui_nn.ui.labs.training_controls import (
    TrainingControls,
    form_values,
    restore_form,
    saved_form,
)
from tui_nn.ui.labs.training_data import DataPanel
from tui_nn.ui.labs.training_draw import DrawView
from tui_nn.ui.labs.training_files import FilesView
from tui_nn.ui.labs.training_inspect import DigitGrid, InspectView
from tui_nn.ui.labs.training_keys import TRAINING_KEYS
from tui_nn.ui.labs.training_live import TrainView
from tui_nn.ui.labs.training_messages import SavedNetworkChosen, SettingEdited
from tui_nn.ui.labs.training_origin import network_origin
from tui_nn.ui.labs.training_setup import SetupView, arithmetic_text
from tui_nn.ui.labs.training_tabs import one_layout_per_switch, still_underline
from tui_nn.ui.labs.training_work import TrainingWork
from tui_nn.ui.messages import DataReady
from tui_nn.ui.widgets.drawing_pad import DrawingPad
from tui_nn.ui.widgets.number_field import NumberField

if TYPE_CHECKING:  # pragma: no cover
    from tui_nn.data.mnist import Dataset

TABS = ("tab-setup", "tab-train", "tab-inspect", "tab-draw", "tab-files")
TAB_TITLES = (N_("1 Setup"), N_("2 Train"), N_("3 Inspect"), N_("4 Draw"), N_("5 Files"))


class TrainingLab(Lab):
    """Train on MNIST (or the built-in digits), live."""

    show_timings: ClassVar[bool] = True  # tests that snapshot the screen turn the clock off
    eval_size: ClassVar[int | None] = None  # None: accuracies on every image, like the book
    tick_seconds: ClassVar[float] = 0.1  # how often the run reports progress
    #: The charts redraw at most this often: painting them (plotext) is most of what a run costs
    #: the interface thread (a classroom has thirty of them); the numbers follow at 10 Hz.
    chart_seconds: ClassVar[float] = 1.0

    BINDINGS: ClassVar[list[BindingType]] = TRAINING_KEYS

    DEFAULT_CSS = """
    TrainingLab { overflow-y: scroll; }  /* the same width in every view: see training_tabs */
    TrainingLab TabbedContent { height: auto; }
    TrainingLab TabPane { height: auto; padding: 0; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.session = TrainingSession()
        self.dataset: Dataset | None = None
        self._form: dict[str, Any] = form_values(TrainConfig.book())
        self.armed: TrainConfig | None = None  # numerical settings whose estimate was shown
        self._next_test_digit = 0
        self._focus_when_shown: NumberField | None = None  # "l": the field, once Setup shows
        self.jobs = TrainingWork(self)  # the lab's threads: the run, estimates, files …

    # --- layout --------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DataPanel(id="data")
        with TabbedContent(id="tabs"):
            with TabPane(_(TAB_TITLES[0]), id="tab-setup"):
                yield SetupView(self._form, id="setup")
            with TabPane(_(TAB_TITLES[1]), id="tab-train"):
                yield TrainView(show_timings=self.show_timings, id="live")
            with TabPane(_(TAB_TITLES[2]), id="tab-inspect"):
                yield InspectView(id="inspect")
            with TabPane(_(TAB_TITLES[3]), id="tab-draw"):
                yield DrawView(id="draw")
            with TabPane(_(TAB_TITLES[4]), id="tab-files"):
                yield FilesView(id="files")

    def on_mount(self) -> None:
        still_underline(self.tabs)  # a view switch: no 0.3 s of animation frames
        one_layout_per_switch(self, self.tabs)  # and one layout per switch, not two
        self.query_one(DrawView).predict = self._predict_image
        self.redraw()
        self.jobs.refresh_files()
        self._load_data()
        self.call_after_refresh(self.focus)  # the lab's keys work at once, no field has them

    def redraw(self) -> None:
        """Show the session's state in every view."""
        self._update_arithmetic()
        self.jobs.follow_run(force=True)

    def refresh_language(self) -> None:
        """F2: the tab titles too, then every widget and view (see ``Lab.refresh_language``)."""
        for tab_id, title in zip(TABS, TAB_TITLES, strict=True):
            self.tabs.get_tab(tab_id).label = _(title)
        super().refresh_language()
        if self.dataset is not None:
            self.query_one(DataPanel).show_dataset(self.dataset)
        if self.session.ended is not None:
            self.live.show_end(self.session.ended, self.session.log)

    @property
    def setup(self) -> SetupView:
        return self.query_one(SetupView)

    @property
    def controls(self) -> TrainingControls:
        return self.query_one(TrainingControls)

    @property
    def live(self) -> TrainView:
        return self.query_one(TrainView)

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one(TabbedContent)

    def current_config(self) -> TrainConfig:
        """The settings in the form, as a TrainConfig."""
        return TrainConfig(**self.controls.values(), eval_size=self.eval_size)

    def training_data(self) -> TrainingData | None:
        data = self.dataset
        if data is None:
            return None
        return TrainingData(data.x_train, data.t_train, data.x_test, data.t_test)

    def arithmetic(self, config: TrainConfig) -> str:
        """The epoch sentence for ``config``, after a short name of the data in use."""
        total = len(self.dataset.t_train) if self.dataset is not None else self.controls.full_size
        images = min(config.train_size or total, total)
        source = self.dataset.source if self.dataset is not None else None
        return arithmetic_text(source, images, config.batch_size, config.iterations)

    def _update_arithmetic(self) -> None:
        config = self.current_config()
        text = self.arithmetic(config)
        self.setup.show_arithmetic(text, config.validate())
        if self.session.state is SessionState.IDLE:
            self.live.set_arithmetic(text)

    # --- settings (between app runs) -------------------------------------------------
    def lab_settings(self) -> dict[str, JSONValue]:
        return saved_form(self.controls.values() if self.is_mounted else self._form)

    def restore_settings(self, data: Mapping[str, object]) -> None:
        self._form = restore_form(self._form, data)
        if self.is_mounted:
            self.controls.set_values(self._form)
            self._update_arithmetic()

    # --- the data --------------------------------------------------------------------
    def _load_data(self) -> None:
        """Ask the app's data store for the data set (it loads once for every lab)."""
        data_store_of(self.app).request(self)

    def on_data_ready(self, message: DataReady) -> None:
        panel = self.query_one(DataPanel)
        if message.dataset is None:
            panel.show_error(_("could not load ({error})").format(error=message.error))
            return
        if message.error and self.dataset is not None:  # a switch failed: the data in use stays
            hint = _(" (d downloads it)") if "not found" in message.error else ""
            panel.show_dataset(
                self.dataset,
                _(" · could not switch: {error}").format(error=message.error) + hint,
            )
            return
        self.dataset = message.dataset
        panel.show_dataset(self.dataset)
        self.controls.set_full_size(len(self.dataset.t_train))
        self._update_arithmetic()

    def action_switch_data(self) -> None:
        """Use the built-in digits instead of real MNIST, or the other way round."""
        if self.dataset is None:
            return
        if self.session.active:
            self.notify(_("Stop the run first (x), then switch the data."))
            return
        target = "builtin" if self.dataset.source == "mnist" else "mnist"
        name = _("the built-in digits") if target == "builtin" else _("real MNIST")
        self.query_one(DataPanel).show_dataset(
            self.dataset, _(" · switching to {name}…").format(name=name)
        )
        data_store_of(self.app).switch(target)

    # --- settings form -------------------------------------------------------------
    @on(SettingEdited)
    def _edited(self, message: SettingEdited) -> None:
        message.stop()
        self._update_arithmetic()
        if message.name == "learning_rate" and self.session.active:
            try:
                change = self.session.change_learning_rate(float(str(message.value)))
            except ValueError as error:
                self.live.say(str(error))
                return
            self.live.say_lr_change(change)
            self.jobs.follow_run(force=True)
        if message.name == "gradient" and message.value == "numerical":
            self.jobs.start_estimate()
        elif message.name == "gradient":
            self.setup.show_estimate("")

    def action_edit_learning_rate(self) -> None:
        """Go to the learning-rate field, its text selected, ready for a new value."""
        field = self.query_one("#field-learning_rate", NumberField)
        if self.tabs.active == "tab-setup":
            self.call_after_refresh(field.focus)
        else:  # the field gets the keys once the Setup view is shown (not the lab, as usual)
            self._focus_when_shown = field
            self.tabs.active = "tab-setup"

    def action_preset(self, name: str) -> None:
        if self.session.active:
            self.notify(_("Settings are locked while training; only the learning rate can change."))
            return
        config = TrainConfig.faster_learner() if name == "faster" else TrainConfig.book()
        self.controls.set_values(form_values(config, self.controls.full_size))
        self._update_arithmetic()
        self.setup.show_estimate("")
        self.notify(
            _("Settings: faster learner (ReLU, He, hidden 100, lr 0.3).")
            if name == "faster"
            else _("Settings: the book's (sigmoid, std 0.01, hidden 50, lr 0.1).")
        )

    # --- a run -------------------------------------------------------------------------
    def action_start(self) -> None:
        if self.session.active:
            self.notify(_("Already training: p pauses, x stops."))
            return
        data = self.training_data()
        if data is None:
            self.notify(_("The data is still loading; try again in a moment."))
            return
        config = self.current_config()
        problems = config.validate()
        if problems:
            self.controls.show_problems(problems)
            self.tabs.active = "tab-setup"
            return
        if config.gradient == "numerical" and self.armed != config:
            self.armed = config
            self.tabs.active = "tab-setup"
            self.jobs.start_estimate()
            return
        self.armed = None
        self.session.start(config, data)
        assert self.session.log is not None
        self.controls.freeze(True)
        self.live.reset(self.session.log)
        self.live.set_arithmetic(self.arithmetic(config))
        self.jobs.inspect_stale(
            _("This is the network from before the new run: press 3 to see the one being trained.")
        )
        self.tabs.active = "tab-train"
        self.jobs.start_run()

    def action_pause(self) -> None:
        if self.session.pause():
            self.live.say(_("Paused: p goes on, x stops."))
        elif self.session.resume():
            self.live.say("")
        else:
            self.notify(_("Nothing to pause: s starts a run."))
            return
        self.jobs.follow_run(force=True)

    def action_stop(self) -> None:
        if not self.session.stop():
            self.notify(_("Nothing to stop."))

    def busy(self) -> str | None:
        """For the title bar: "training 43%" (paused, or waiting for a turn), the download."""
        parts = []
        if self.session.active:
            share = f"{self.session.fraction_done():.0%}"
            if self.jobs.waiting_ahead:
                parts.append(
                    _("training {waiting}").format(waiting=waiting_text(self.jobs.waiting_ahead))
                )
            elif self.session.state is SessionState.PAUSED:
                parts.append(_("training paused at {share}").format(share=share))
            else:
                parts.append(_("training {share}").format(share=share))
        download = super().busy()  # the download is the one labelled run
        if download:
            parts.append(download)
        return ", ".join(parts) or None

    def busy_loss(self) -> str | None:
        """What quitting now loses: "the training in progress (epoch 3 of 17)", the download."""
        parts = []
        if self.session.active:
            epoch, epochs = self.session.epoch_progress()
            parts.append(
                _("the training in progress (epoch {epoch} of {epochs})").format(
                    epoch=f"{epoch:,}", epochs=f"{epochs:,}"
                )
            )
        if self.jobs.downloading:
            parts.append(_("the download of MNIST (it starts again from the beginning next time)"))
        return _(" and ").join(parts) or None

    def stop_work(self) -> None:
        """The app ends (or the lab goes): stop the run and every other work of this lab."""
        self.session.stop()
        super().stop_work()

    # --- looking inside -------------------------------------------------------------
    def net_origin_text(self) -> str:
        """Which network the Inspect and Draw views use, in words."""
        return network_origin(self.session)

    def _predict_image(self, image: np.ndarray) -> np.ndarray | None:
        net = self.session.live_net()
        if net is None:
            return None
        return np.asarray(predict_proba(net, image[np.newaxis])[0])

    def refresh_views(self) -> None:
        self.jobs.refresh_inspect()
        self.query_one(DrawView).update_prediction()

    def action_test_digit(self) -> None:
        if self.dataset is None:
            return
        self.tabs.active = "tab-draw"
        index = self._next_test_digit % len(self.dataset.t_test)
        self._next_test_digit = index + 1
        label = int(self.dataset.t_test[index])
        self.query_one(DrawView).show_image(
            self.dataset.x_test[index],
            _("test image #{index}, labelled {label}").format(index=index, label=label),
        )

    def action_inspect_next(self) -> None:
        if self.tabs.active != "tab-inspect":
            self.tabs.active = "tab-inspect"
            return
        self.query_one(InspectView).switch()
        self.jobs.refresh_inspect()

    def action_next_mistake(self) -> None:
        self.tabs.active = "tab-inspect"
        self.query_one(InspectView).switch("digits")
        if self.query_one(DigitGrid).predictions is None:
            self.jobs.refresh_inspect(then_next_mistake=True)
        else:
            self.show_next_mistake()

    def show_next_mistake(self) -> None:
        if self.query_one(DigitGrid).next_mistake() is None:
            self.notify(_("No mistakes on these test digits."))

    def action_page(self, step: int) -> None:
        self.query_one(DigitGrid).page(step)

    # --- files -------------------------------------------------------------------------
    @on(SavedNetworkChosen)
    def _chosen(self, message: SavedNetworkChosen) -> None:
        message.stop()
        self.jobs.load_network_file(message.path)

    def action_save(self) -> None:
        self.tabs.active = "tab-files"
        self.jobs.save()

    def action_download(self) -> None:
        self.jobs.download()

    def action_load(self) -> None:
        self.tabs.active = "tab-files"
        self.query_one(FilesView).choose()

    # --- views -------------------------------------------------------------------------
    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane.id
        wanted, self._focus_when_shown = self._focus_when_shown, None
        if wanted is not None and pane == "tab-setup":
            self.call_after_refresh(wanted.focus)
        elif pane not in ("tab-draw", "tab-files"):
            self.focus()  # the lab itself: s, p, x … work at once, no field takes the letters
        if pane == "tab-train":  # the view first, then its charts (they take longest)
            self.call_after_refresh(self.jobs.follow_run, True)
        if pane == "tab-inspect":
            self.jobs.refresh_inspect()
        elif pane == "tab-draw":
            self.query_one(DrawView).update_prediction()
            self.query_one(DrawingPad).focus()
        elif pane == "tab-files":
            self.jobs.refresh_files()
            self.query_one("#saved", OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A digit typed while a field (a number or a choice) has the keys is for the field:
        it never switches views there."""
        return not (action == "tab" and field_focused(self.app.focused))

    def action_tab(self, index: int) -> None:
        if self.tabs.active == TABS[index] == "tab-inspect":
            self.jobs.refresh_inspect()  # 3 again: look at the network as it is now
        self.tabs.active = TABS[index]


def field_focused(widget: object) -> bool:
    """True when ``widget`` is a settings field (a NumberField, a Select or its menu)."""
    return isinstance(widget, (Input, Select, SelectOverlay))
