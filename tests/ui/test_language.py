"""The language of the app: --lang, the locale, the live switch (F2), jamo keys, Korean widths."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input, Markdown, OptionList, Static

from tui_nn import cli
from tui_nn.catalog import LESSONS, book_reference
from tui_nn.i18n import current_language, set_language, translate
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.hangul_keys import is_text_field
from tui_nn.ui.lesson_text import load_lesson_text
from tui_nn.ui.screens.help import HelpScreen
from tui_nn.ui.screens.lesson import LessonScreen
from tui_nn.ui.screens.lesson_list import LessonListScreen
from tui_nn.ui.settings import Settings, load_settings, save_settings, settings_path
from tui_nn.ui.widgets.number_field import NumberField

SIZE = (100, 32)


@pytest.fixture(autouse=True)
def english_again(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts in English with no locale, and leaves English behind."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    set_language("en")
    yield
    set_language("en")


def started_language(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> str:
    """The language ``tui-nn ARGV`` would start the app in (the app itself is not run)."""
    import tui_nn.ui.app as app_module

    seen: list[str] = []

    def fake_run_app(lesson: int | None = None) -> int:
        seen.append(current_language())
        return 0

    monkeypatch.setattr(app_module, "run_app", fake_run_app)
    assert cli.main(argv) == 0
    return seen[0]


def title_of(app: App[Any]) -> str:
    return str(app.screen.query_one("#lesson-title", Static).render())


def markdown_of(app: App[Any]) -> str:
    return app.screen.query_one("#lesson-markdown", Markdown).source


def screen_lines(app: App[Any]) -> list[str]:
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


@pytest.mark.parametrize(
    ("argv", "env"),
    [(["--lang", "ko"], {}), ([], {"LANG": "ko_KR.UTF-8"}), ([], {"LC_ALL": "ko_KR.UTF-8"})],
)
async def test_lang_ko_or_a_korean_locale_shows_korean_text_and_titles(
    argv: list[str], env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert started_language(monkeypatch, argv) == "ko"
    app = TuiNNApp(lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert title_of(app) == "tui-nn · 1 손실 함수"
        assert markdown_of(app) == load_lesson_text(LESSONS[1], "ko")
        assert "도움말" in str(app.screen.query_one("#lesson-position", Static).render())
        book = str(app.screen.query_one("#lesson-book", Static).render())
        assert book == book_reference(LESSONS[1]) and "평균 제곱 오차" in book
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LessonListScreen)
        shown = "\n".join(screen_lines(app))
        assert "tui-nn · 강의 목록" in shown and "미니배치" in shown


async def test_lang_en_beats_a_korean_locale_and_the_list_follows(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert started_language(monkeypatch, ["--lang", "en"]) == "en"
    assert cli.main(["--lang", "ko", "--list"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("1  손실 함수 - ")
    with pytest.raises(SystemExit):
        cli.main(["--lang", "ko", "--lesson", "12"])
    assert "12강은 없습니다" in capsys.readouterr().err


async def test_the_live_switch_changes_the_text_is_saved_and_survives_a_restart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = TuiNNApp(lesson=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert title_of(app) == "tui-nn · 2 Minibatches"
        assert app.settings_writer.flush()  # saves are written on the writer's thread
        assert "language" not in json.loads(settings_path().read_text())  # never switched
        await pilot.press("f2")
        await pilot.pause()
        assert current_language() == "ko"
        assert title_of(app) == "tui-nn · 2 미니배치"
        assert markdown_of(app) == load_lesson_text(LESSONS[2], "ko")
        assert "미니배치 학습" in str(app.screen.query_one("#lesson-book", Static).render())
        assert app.settings_writer.flush()
        assert load_settings().language == "ko"
        # Another lesson kept from before the switch is Korean too when shown again.
        await pilot.press("pageup")
        await pilot.pause()
        assert title_of(app) == "tui-nn · 1 손실 함수"
    set_language("en")  # a new run: the saved choice decides
    assert started_language(monkeypatch, []) == "ko"
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # ... even over the locale
    assert started_language(monkeypatch, []) == "ko"
    again = TuiNNApp()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.lesson == 1 and title_of(again) == "tui-nn · 1 손실 함수"
        await pilot.press("f2")  # and back to English, saved as well
        await pilot.pause()
        assert title_of(again) == "tui-nn · 1 Loss functions"
    assert load_settings().language == "en"


async def test_the_palette_switches_the_language_and_the_list_and_help_follow() -> None:
    app = TuiNNApp(lesson=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Language: 한국어" in commands
        await pilot.press("ctrl+l")
        await pilot.pause()
        app.action_switch_language()  # what the palette's command runs
        await pilot.pause()
        listing = app.screen
        assert isinstance(listing, LessonListScreen)
        assert listing.query_one(OptionList).highlighted == 0
        shown = "\n".join(screen_lines(app))
        assert "모델은 어떻게 학습하는가" in shown and "강의를 엽니다" in shown
        assert "언어: English" in [c.title for c in app.get_system_commands(app.screen)]
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.lab_title == "이 실습: 0 모델은 어떻게 학습하는가"
        switch = translate("Switch the language (English, 한국어); it is remembered", "ko")
        assert ("F2", switch) in app.screen.app_rows
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.lab_title == "This lab: 0 How a model learns"
        assert ("F2", "Switch the language (English, 한국어); it is remembered") in (
            app.screen.app_rows
        )


async def test_a_typed_field_value_and_the_lab_survive_the_switch() -> None:
    app = TuiNNApp(lesson=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        lab = screen.lab
        field = screen.query_one("#deriv-x", NumberField)
        field.focus()
        await pilot.press("end", "ctrl+u", "7", ".", "5")  # typed, not yet committed
        await pilot.pause()
        await pilot.press("f2")  # a priority key: works inside the field
        await pilot.pause()
        assert current_language() == "ko" and title_of(app) == "tui-nn · 3 미분"
        assert screen.lab is lab
        assert screen.query_one("#deriv-x", NumberField) is field
        assert app.screen is screen
        assert field.value == "7.5" and app.focused is field


@pytest.mark.builtin_data
async def test_a_jamo_does_what_its_letter_does_outside_a_field_only() -> None:
    set_language("ko")
    app = TuiNNApp(lesson=2)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        lab = screen.lab
        for _ in range(200):
            await pilot.pause(0.05)
            if all(getattr(lab, name, None) is not None for name in ("loaded", "indices")):
                break
        assert lab is not None and lab.loaded is not None  # type: ignore[attr-defined]
        if isinstance(app.focused, Input):
            await pilot.press("escape")
        assert not is_text_field(app.focused)
        before = list(lab.indices)  # type: ignore[attr-defined]
        await pilot.press("ㅇ")  # d: draw a new batch
        await pilot.pause()
        drawn = list(lab.indices)  # type: ignore[attr-defined]
        assert drawn != before
        field = screen.query_one(NumberField)
        field.focus()
        await pilot.press("end", "ㅇ", "한")
        await pilot.pause()
        assert field.value.endswith("ㅇ한")  # typed as Hangul
        assert list(lab.indices) == drawn  # type: ignore[attr-defined]


# The Korean 80x24 walk of the list and every lesson (test_korean_fits_80x24_in_the_list_and_
# every_lesson) is part of tests/ui/test_korean_walk.py's walk now (one app session, not two).


def test_the_settings_language_is_validated_and_written_only_when_chosen() -> None:
    assert save_settings(Settings(last_lesson=1))
    assert "language" not in json.loads(settings_path().read_text())
    assert save_settings(Settings(last_lesson=1, language="ko"))
    assert json.loads(settings_path().read_text())["language"] == "ko"
    assert load_settings().language == "ko"
    from tui_nn.ui.settings import read_settings

    for bad in (3, "", "../../etc", ["ko"], "korean language"):
        settings_path().write_text(json.dumps({"version": 1, "last_lesson": 2, "language": bad}))
        loaded = read_settings()
        assert loaded.settings.language is None and loaded.settings.last_lesson == 2
        assert loaded.problem is not None and "language" in loaded.problem
    settings_path().write_text(json.dumps({"version": 1, "language": "fr"}))
    assert read_settings().settings.language == "fr" and read_settings().problem is None
