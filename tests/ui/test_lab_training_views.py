"""The training lab after the reviewer's notes: it says which network the Inspect view shows,
shows the learning rate and its changes, has its keys at once, fits 80x24, and starts from
every training image."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, TabbedContent

from tests.ui.test_lab_training import (
    LONG,
    SHORT,
    LabApp,
    SmallLab,
    ended,
    iteration,
    ready,
    run_to_end,
    send_keys,
    small_dataset,
    small_loader,
    text_of,
    wait_for,
)
from tui_nn.training_session import SessionState
from tui_nn.ui.data_store import DataStore, install_data_store
from tui_nn.ui.labs.training_controls import LAYOUT
from tui_nn.ui.widgets.number_field import NumberField


def screen_lines(app: App) -> list[str]:
    """The characters on the screen, row by row."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


async def test_inspect_view_says_which_network_it_shows() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot, SHORT)
        await run_to_end(pilot, lab)
        await send_keys(pilot, "3")
        origin = lab.query_one("#inspect-origin")
        await wait_for(
            pilot, lambda: "run finished at iteration 30" in text_of(lab, "#inspect-origin")
        )
        per_epoch = 200 // 20
        assert f"(epoch {30 / per_epoch:.1f})" in text_of(lab, "#inspect-origin")
        assert not origin.has_class("stale")
        lab.controls.set_values(LONG)
        await send_keys(pilot, "s")
        await wait_for(pilot, lambda: lab.session.active)
        assert origin.has_class("stale")  # the old matrix is labelled as the old network
        assert "from before the new run" in text_of(lab, "#inspect-origin")
        await wait_for(pilot, lambda: iteration(lab) > 5)
        await send_keys(pilot, "3")
        await wait_for(pilot, lambda: "as it was at" in text_of(lab, "#inspect-origin"))
        assert not origin.has_class("stale")
        await send_keys(pilot, "x")
        await wait_for(pilot, lambda: ended(lab))


class BareApp(App[None]):
    """The lab with nothing that hands it the focus (the shared harness does): it takes it."""

    def on_load(self) -> None:
        install_data_store(self, DataStore(self, small_loader))  # type: ignore[arg-type]

    def compose(self) -> ComposeResult:
        yield Input(id="elsewhere")  # would get the focus first if the lab did not take it
        yield SmallLab()


async def test_the_lab_takes_the_keys_when_it_opens() -> None:
    async with BareApp().run_test(size=(100, 32)) as pilot:
        lab = pilot.app.query_one(SmallLab)
        await wait_for(pilot, lambda: pilot.app.focused is lab)
        await wait_for(pilot, lambda: lab.dataset is not None)
        await pilot.press("f")  # a letter reaches the lab, not a field
        assert lab.current_config().activation == "relu"


async def test_the_lab_has_its_keys_on_open_and_after_switching_views() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot, LONG)  # ready() waits for the lab itself to have the focus
        for key, tab in (("4", "tab-draw"), ("2", "tab-train"), ("5", "tab-files"),
                         ("3", "tab-inspect"), ("1", "tab-setup")):
            await pilot.press(key)
            assert lab.query_one(TabbedContent).active == tab
            if tab not in ("tab-draw", "tab-files"):  # those give the pad / the list the keys
                assert pilot.app.focused is lab, (key, pilot.app.focused)
        # l goes to the learning rate (also during a run); Enter gives the keys back
        await send_keys(pilot, "s")
        await wait_for(pilot, lambda: lab.session.state is SessionState.RUNNING)
        await send_keys(pilot, "l")
        field = lab.query_one("#field-learning_rate", NumberField)
        await wait_for(pilot, lambda: pilot.app.focused is field)
        await send_keys(pilot, "0", ".", "2", "enter")
        await wait_for(pilot, lambda: lab.session.learning_rate == 0.2)
        await wait_for(pilot, lambda: pilot.app.focused is lab)
        assert "lr 0.1 → 0.2 at iteration" in text_of(lab, "#note")
        await send_keys(pilot, "x")  # a letter again reaches the lab, not the field
        await wait_for(pilot, lambda: ended(lab))


async def test_train_images_start_at_the_whole_training_set() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        total = len(small_dataset().t_train)
        field = lab.query_one("#field-train_size", NumberField)
        assert field.number == total and field.border_title == "train imgs"
        assert lab.current_config().train_size is None  # all of them
        field.focus()
        field.value = ""
        await pilot.press(*str(total + 1))
        assert lab.current_config().train_size is None and field.error  # more than there are
        field.value = ""
        await pilot.press(*"300", "enter")
        assert lab.current_config().train_size == 300
        assert "1 epoch = 300 images ÷ 100 per batch" in text_of(lab, "#setup-arithmetic")


async def test_every_field_title_is_whole_at_80_columns() -> None:
    # at 80x24 the app gives the lab about 50 columns (the lesson text takes the rest)
    async with LabApp().run_test(size=(50, 24)) as pilot:
        lab = await ready(pilot)
        lines = "\n".join(screen_lines(pilot.app))
        for name in LAYOUT:
            title = str(lab.query_one(f"#field-{name}").border_title)
            assert f" {title} " in lines, (title, lines)


async def test_footer_shows_the_essential_keys_at_100_columns() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: "s Start" in screen_lines(pilot.app)[-1])
        footer = screen_lines(pilot.app)[-1]
        for words in ("s Start", "p Pause", "x Stop", "l lr"):
            assert words in footer, footer
        # the other keys are in the help and the palette, not in the Footer (it keeps room)
        for words in ("f Faster", "n Next mistake", "b Book", "w Save"):
            assert words not in footer, footer


async def test_the_settings_are_remembered_for_the_next_app_run() -> None:
    async with LabApp().run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        await pilot.press("f")  # the faster learner: ReLU, He, hidden 100, lr 0.3
        lab.query_one("#field-iterations", NumberField).set_number(1234)
        saved = lab.lab_settings()
    assert saved["activation"] == "relu" and saved["iterations"] == 1234
    fresh = SmallLab()
    fresh.restore_settings({**saved, "hidden_size": "lots"})  # a bad value is ignored
    async with LabApp(fresh).run_test(size=(100, 32)) as pilot:
        lab = await ready(pilot)
        config = lab.current_config()
        assert (config.activation, config.weight_init, config.iterations) == ("relu", "he", 1234)
        assert config.hidden_size == 50 and config.learning_rate == 0.3  # "lots": the default
