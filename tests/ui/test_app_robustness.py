"""The shell with awkward labs: number fields with focus, missing labs or texts, labs that fail."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import ClassVar

import pytest
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Markdown, Static

from tui_nn.catalog import LESSONS, Lesson
from tui_nn.ui import lesson_text
from tui_nn.ui.app import TuiNNApp, error_log_path
from tui_nn.ui.commands import LabCommands, LessonCommands, lab_commands, lesson_commands
from tui_nn.ui.labs.base import Lab
from tui_nn.ui.screens import lesson as lesson_screen_module
from tui_nn.ui.screens.lab_loader import LabNote, LabResult, build_lab
from tui_nn.ui.screens.lesson import LessonScreen
from tui_nn.ui.widgets.number_field import NumberField

SIZE = (100, 32)


class FieldLab(Lab):
    """A lab with a number field, a single-letter key, and a record of stop_work calls."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("b", "bump", "Bump")]
    stopped: ClassVar[list[int]] = []

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number
        self.bumps = 0

    def compose(self) -> ComposeResult:
        yield NumberField(1.0, label="x", id="x-field")

    def action_bump(self) -> None:
        self.bumps += 1

    def stop_work(self) -> None:
        super().stop_work()
        FieldLab.stopped.append(self.number)


class BrokenActionLab(Lab):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "explode", "Explode")]

    def action_explode(self) -> None:
        raise ZeroDivisionError("a lab bug")


class BrokenMountLab(Lab):
    def on_mount(self) -> None:
        raise KeyError("missing piece")


class BrokenInitLab(Lab):
    def __init__(self) -> None:
        raise RuntimeError("cannot build")


async def run_command(command: Callable[[], object]) -> None:
    """Run a palette hit's callback the way the palette does (it may be a coroutine)."""
    result = command()
    if inspect.isawaitable(result):
        await result


def use_labs(monkeypatch: pytest.MonkeyPatch, make: dict[int, type[Lab] | object]) -> None:
    """Lessons in ``make`` get that lab; every other lesson a FieldLab."""

    def build(lesson: Lesson) -> LabResult:
        maker = make.get(lesson.number)
        if maker is None:
            return LabResult(FieldLab(lesson.number), True)
        if isinstance(maker, type):
            try:
                return LabResult(maker(), True)
            except Exception:
                pass
        return build_lab(dataclasses.replace(lesson, lab=str(maker)))

    monkeypatch.setattr(lesson_screen_module, "build_lab", build)


@pytest.fixture(autouse=True)
def field_labs(monkeypatch: pytest.MonkeyPatch) -> None:
    FieldLab.stopped.clear()
    use_labs(monkeypatch, {})


async def test_navigation_keys_work_while_a_number_field_has_focus() -> None:
    app = TuiNNApp(lesson=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.screen.query_one(NumberField)
        await pilot.click(field)
        assert app.focused is field
        await pilot.press("b")  # typed into the field, not the lab's key
        assert "b" in field.value
        assert app.screen.query_one(FieldLab).bumps == 0
        assert "Keeping 1" in str(field.error)
        await pilot.press("pagedown")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.number == 3
        assert FieldLab.stopped == []  # the lab left behind keeps its state and its work
        field = app.screen.query_one(NumberField)
        field.focus()
        await pilot.press("ctrl+l")  # the lesson list too
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        assert app.screen.number == 5
        app.screen.query_one(NumberField).focus()
        await pilot.press("f1")  # "?" would be typed into the field; F1 is help everywhere
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_escape_leaves_the_field_so_lab_keys_work_again() -> None:
    app = TuiNNApp(lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lab = app.screen.query_one(FieldLab)
        assert app.focused is lab
        await pilot.press("b")
        assert lab.bumps == 1
        await pilot.press("tab")
        assert isinstance(app.focused, Input)
        assert app.screen.check_action("leave_field", ()) is True  # "Esc" is in the Footer
        await pilot.press("escape")
        assert app.focused is lab
        assert app.screen.check_action("leave_field", ()) is False
        await pilot.press("b")
        assert lab.bumps == 2


async def test_missing_lab_module_shows_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    use_labs(monkeypatch, {3: "tui_nn.ui.labs.no_such_lab:NoLab"})
    app = TuiNNApp(lesson=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        note = app.screen.query_one(LabNote)
        assert "not available in this build" in str(note.render())
        assert app.screen.lab is None
        await pilot.press("pagedown")  # and the app goes on
        await pilot.pause()
        assert app.screen.number == 4


def test_build_lab_reports_import_and_construction_errors() -> None:
    lesson = LESSONS[1]
    missing_dep = dataclasses.replace(lesson, lab="tui_nn.ui.labs.no_such_module.inner:X")
    result = build_lab(missing_dep)
    assert not result.ok and "not available" in str(result.widget.render())
    bad_class = dataclasses.replace(lesson, lab="tui_nn.ui.labs.workflow:NoSuchClass")
    result = build_lab(bad_class)
    assert not result.ok and "could not start" in str(result.widget.render())
    not_widget = dataclasses.replace(lesson, lab="tui_nn.ui.labs.workflow:Stage")
    result = build_lab(not_widget)
    assert not result.ok and "could not start" in str(result.widget.render())
    assert build_lab(LESSONS[0]).ok


async def test_lab_failing_in_its_constructor_shows_the_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_labs(monkeypatch, {4: f"{__name__}:BrokenInitLab"})
    app = TuiNNApp(lesson=4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        note = str(app.screen.query_one(LabNote).render())
        assert "could not start" in note and "cannot build" in note


async def test_an_action_that_raises_becomes_a_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    use_labs(monkeypatch, {2: BrokenActionLab})
    app = TuiNNApp(lesson=2)
    app.reraise_in_tests = False
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert [type(e) for e in app.caught_errors] == [ZeroDivisionError]
        assert any("a lab bug" in n.message for n in app._notifications)
        assert error_log_path().is_file()
        await pilot.press("pagedown")  # still alive
        await pilot.pause()
        assert app.screen.number == 3
    assert app.return_code != 1


async def test_a_lab_failing_in_a_handler_is_replaced_by_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_labs(monkeypatch, {5: BrokenMountLab})
    app = TuiNNApp(lesson=5)
    app.reraise_in_tests = False
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.number == 5
        assert app.screen.lab_is_broken
        note = str(app.screen.query_one(LabNote).render())
        assert "missing piece" in note
        await pilot.press("pageup")
        await pilot.pause()
        assert app.screen.number == 4
    assert [type(e) for e in app.caught_errors] == [KeyError]
    assert app.return_code != 1


async def test_safety_net_still_fails_tests_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    use_labs(monkeypatch, {2: BrokenActionLab})
    app = TuiNNApp(lesson=2)
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, LessonScreen)  # the app kept going meanwhile


async def test_missing_lesson_text_shows_a_note(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(lesson_text, "lesson_dirs", lambda: [tmp_path])
    app = TuiNNApp(lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        source = app.screen.query_one(Markdown).source
        assert "is not in this build" in source
        assert LESSONS[1].title in source
        assert app.screen.query_one(FieldLab)  # the lab is still there


def test_every_lesson_text_is_found_in_the_source_tree() -> None:
    for lesson in LESSONS:
        path = lesson_text.lesson_text_path(lesson)
        if lesson.number == 0:
            assert path is not None and path.name == lesson.text_file
            assert lesson_text.load_lesson_text(lesson).startswith("# How a model learns")


async def test_palette_providers_list_lessons_and_lab_actions() -> None:
    texts = [text for text, _help, _number in lesson_commands()]
    assert texts[4] == f"Go to lesson 4: {LESSONS[4].title}"
    assert len(texts) == len(LESSONS)
    app = TuiNNApp(lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        provider = LessonCommands(app.screen)
        hits = [hit async for hit in provider.search("lesson 7")]
        assert hits and "7" in str(hits[0].text)
        lab = app.screen.query_one(FieldLab)
        assert [text for text, _h, _cb in lab_commands(lab)] == ["Lab: Bump"]
        lab_hits = [hit async for hit in LabCommands(app.screen).search("bump")]
        assert len(lab_hits) == 1
        await run_command(lab_hits[0].command)
        await pilot.pause()
        assert lab.bumps == 1
        await run_command(hits[0].command)
        await pilot.pause()
        assert app.screen.number == 7


async def test_static_header_names_the_lesson() -> None:
    app = TuiNNApp(lesson=6)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        title = str(app.screen.query_one("#lesson-title", Static).render())
        assert title == f"tui-nn · 6 {LESSONS[6].title}"


class BrokenWorkerLab(Lab):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "start", "Start work"),
        Binding("b", "bump", "Bump"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.bumps = 0

    def action_start(self) -> None:
        self.run_worker(self._work, thread=True)

    def _work(self) -> None:
        raise ValueError("worker bug")

    def action_bump(self) -> None:
        self.bumps += 1


async def test_a_failing_worker_becomes_a_notice_and_the_lab_keeps_going(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_labs(monkeypatch, {3: BrokenWorkerLab})
    app = TuiNNApp(lesson=3)
    app.reraise_in_tests = False
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.caught_errors) == 1
        assert any("worker bug" in n.message for n in app._notifications)
        await pilot.press("b")
        assert app.screen.query_one(BrokenWorkerLab).bumps == 1
        assert not app.screen.lab_is_broken


async def test_an_error_in_the_app_itself_ends_it_with_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app = TuiNNApp(lesson=1)
    app.reraise_in_tests = False

    def broken(*_args: object) -> None:
        raise RuntimeError("shell bug")

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(TuiNNApp, "on_resize", broken)
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
    assert app.return_code == 1
    assert app.fatal_message.startswith("tui-nn stopped because of an unexpected error")
    assert "shell bug" in app.fatal_message
    printed = capsys.readouterr()
    assert "Traceback" not in printed.out + printed.err
    assert "shell bug" in error_log_path().read_text()


class BadStatic(Static):
    broken = False

    def render(self) -> str:
        if self.broken:
            raise ValueError("render bug")
        return "fine"


class BrokenRenderLab(Lab):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "break_it", "Break")]

    def compose(self) -> ComposeResult:
        yield BadStatic()

    def action_break_it(self) -> None:
        widget = self.query_one(BadStatic)
        widget.broken = True
        widget.refresh()


async def test_a_widget_that_cannot_draw_is_replaced_by_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_labs(monkeypatch, {2: BrokenRenderLab})
    app = TuiNNApp(lesson=2)
    app.reraise_in_tests = False
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lab_is_broken
        assert "render bug" in str(app.screen.query_one(LabNote).render())
        await pilot.press("pagedown")
        await pilot.pause()
        assert app.screen.number == 3
    assert [str(e) for e in app.caught_errors] == ["render bug"]
    assert app.return_code != 1
