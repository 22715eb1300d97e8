"""The lab kit's language protocol: F2 re-labels fields and Words live, keeping state."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets._footer import FooterKey

from tui_nn.i18n import N_, _, catalogue, set_language
from tui_nn.ui.labs.base import Lab
from tui_nn.ui.widgets.footer import WordsFooter
from tui_nn.ui.widgets.number_field import NumberField
from tui_nn.ui.widgets.words import Words

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"X-Language-Name: Test\\n"

msgid "rate"
msgstr "RATE"

msgid "how fast"
msgstr "HOW FAST"

msgid "plain words"
msgstr "PLAIN WORDS"

msgid "drawn {n}"
msgstr "DRAWN {n}"
"""


class TinyLab(Lab):
    def __init__(self) -> None:
        super().__init__()
        self.drawn = ""
        self.value = 0.5

    def compose(self) -> ComposeResult:
        yield NumberField(self.value, label=N_("rate"), tooltip=N_("how fast"), id="rate")
        yield Words(N_("plain words"), id="words")

    def redraw(self) -> None:
        self.drawn = _("drawn {n}").format(n=self.value)


class TinyApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TinyLab()


@pytest.fixture
def test_language(tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "locale" / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "tui_nn.po").write_text(PO, encoding="utf-8")
    catalogue.use_locale_dir(tmp_path / "locale")
    yield
    set_language("en")
    catalogue.use_locale_dir(None)


async def test_refresh_language_relabels_and_redraws(test_language) -> None:  # type: ignore[no-untyped-def]
    app = TinyApp()
    async with app.run_test() as pilot:
        lab = app.query_one(TinyLab)
        field = app.query_one("#rate", NumberField)
        assert field.border_title == "rate"
        set_language("xx")
        lab.refresh_language()
        await pilot.pause()
        assert field.border_title == "RATE"
        assert str(field.tooltip) == "HOW FAST"
        assert str(app.query_one("#words", Words).render()) == "PLAIN WORDS"
        assert lab.drawn == "DRAWN 0.5"
        assert field.number == 0.5  # state kept


class KeyLab(TinyLab):
    BINDINGS = [Binding("z", "noop", N_("rate"), tooltip=N_("how fast"))]  # noqa: RUF012

    def action_noop(self) -> None:
        """Nothing."""


class KeyApp(App[None]):
    def compose(self) -> ComposeResult:
        yield KeyLab()
        yield WordsFooter()

    def on_mount(self) -> None:
        self.query_one(KeyLab).focus()


def footer_words(app: App[None]) -> list[str]:
    return [key.description for key in app.query(FooterKey)]


async def test_footer_shows_binding_words_in_the_language(test_language) -> None:  # type: ignore[no-untyped-def]
    app = KeyApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "rate" in footer_words(app)
        set_language("xx")
        app.query_one(WordsFooter).relabel()
        await pilot.pause()
        await pilot.pause()
        assert "RATE" in footer_words(app) and "rate" not in footer_words(app)
