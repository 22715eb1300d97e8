"""The shared NumberField: validates as you type, keeps the last valid value, Enter/Esc leave."""

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from tui_nn.ui.widgets.number_field import NumberField


class FieldApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.accepted: list[float] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="box"):
            yield NumberField(5, label="x", minimum=0, maximum=10, id="x")
            yield NumberField(3, label="n", minimum=1, maximum=9, integer=True, id="n")

    def on_number_field_accepted(self, event: NumberField.Accepted) -> None:
        self.accepted.append(event.number)


async def test_bad_text_is_explained_and_the_last_value_kept() -> None:
    app = FieldApp()
    async with app.run_test(size=(60, 12)) as pilot:
        field = app.query_one("#x", NumberField)
        await pilot.pause()
        app.accepted.clear()  # the starting values announce themselves once on mount
        field.focus()
        # (text, a few words on the border, words of the whole sentence)
        cases = [
            ("abc", "typo?", "abc is not a number"),
            ("", "empty", "empty: type a number"),
            ("1e309", "huge", "1e309 is too big"),
            ("nan", "typo?", "nan is not a number"),
            ("11", "> max", "11 is out of range: 0 to 10."),
            ("-1", "< min", "-1 is out of range: 0 to 10."),
            ("1" * 40, "> max", "1111111111…"),  # a long text is shortened in the sentence
        ]
        for text, short, sentence in cases:
            field.value = text
            await pilot.pause()
            assert field.border_subtitle == short, text
            assert len(short) <= 5  # fits the border of the narrowest field (11 cells)
            assert sentence in field.error and field.error.endswith("Keeping 5."), field.error
            assert "Must be" not in field.error  # Textual's own sentence is replaced
            assert field.number == 5
        assert app.accepted == []
        whole = app.query_one("#n", NumberField)
        whole.value = "2.5"
        await pilot.pause()
        assert whole.border_subtitle == "whole" and whole.number == 3
        assert "2.5 is not a whole number" in whole.error


async def test_valid_text_is_taken_and_enter_leaves_the_field() -> None:
    app = FieldApp()
    async with app.run_test(size=(60, 12)) as pilot:
        field = app.query_one("#x", NumberField)
        field.focus()
        field.value = "abc"
        await pilot.press("enter")
        assert app.focused is field  # a bad value: stay and fix it
        field.value = "7.5"
        await pilot.press("enter")
        assert field.number == 7.5 and field.error == "" and field.border_subtitle == ""
        assert app.accepted[-1] == 7.5
        assert app.focused is app.query_one("#box")


async def test_escape_leaves_and_set_number_is_silent() -> None:
    app = FieldApp()
    async with app.run_test(size=(60, 12)) as pilot:
        field = app.query_one("#x", NumberField)
        await pilot.pause()
        app.accepted.clear()
        field.focus()
        await pilot.press("escape")
        assert app.focused is not field
        field.set_number(2)
        await pilot.pause()
        assert field.value == "2" and field.number == 2.0
        assert app.accepted == []


async def test_typing_past_the_limit_goes_back_to_the_value_before_the_edit() -> None:
    app = FieldApp()
    async with app.run_test(size=(60, 12)) as pilot:
        whole = app.query_one("#n", NumberField)
        whole.focus()
        await pilot.press("end", "backspace", "8")  # 3 -> 8: valid, followed live
        assert whole.number == 8
        await pilot.press("escape")
        whole.focus()
        await pilot.press("end", "backspace", "1", "0")  # "1" then "10" (above 9)
        assert whole.number == 8  # back to the value from before this edit, not 1
        assert whole.border_subtitle == "> max" and "1 to 9" in whole.error
        assert "Keeping 8." in whole.error
        assert app.accepted[-1] == 8
        field = app.query_one("#x", NumberField)
        field.focus()
        await pilot.press("end", "backspace", *"1e309")
        assert field.number == 5 and field.border_subtitle == "huge"


async def test_leaving_a_bad_edit_shows_the_kept_value_again() -> None:
    app = FieldApp()
    async with app.run_test(size=(60, 12)) as pilot:
        field = app.query_one("#x", NumberField)
        field.focus()
        await pilot.press("end", *"0.5x")
        assert field.error and field.number == 5
        await pilot.press("escape")
        assert field.value == "5" and field.error == "" and field.border_subtitle == ""
        field.focus()
        await pilot.press("end", "backspace", "-", "0")
        assert field.number == 0.0 and "-" not in f"{field.number:g}"


async def test_a_number_a_float_cannot_hold_is_refused() -> None:
    """'1e-400' would become 0 (and 1e-320 keep only a few digits): refused, 5 kept."""
    app = FieldApp()
    async with app.run_test(size=(60, 12)) as pilot:
        field = app.query_one("#x", NumberField)
        await pilot.pause()
        app.accepted.clear()
        field.focus()
        for text in ["1e-400", "-1e-400", "1e-320", "0.000" + "0" * 400 + "1"]:
            field.value = text
            await pilot.pause()
            assert field.number == 5, text
            assert field.border_subtitle == "tiny", text
            assert "Keeping 5." in field.error and "too small" in field.error
        assert app.accepted == []
        for text, number in [("0", 0.0), ("0.1", 0.1), ("1e-300", 1e-300), ("2.5e-3", 0.0025)]:
            field.value = text
            await pilot.pause()
            assert field.number == number and not field.error, text


class CommitApp(FieldApp):
    def __init__(self) -> None:
        super().__init__()
        self.committed: list[float] = []

    def on_number_field_committed(self, event: NumberField.Committed) -> None:
        self.committed.append(event.number)


async def test_committed_comes_on_enter_or_leaving_never_while_typing() -> None:
    app = CommitApp()
    async with app.run_test(size=(60, 12)) as pilot:
        field = app.query_one("#x", NumberField)
        await pilot.pause()
        app.committed.clear()
        field.focus()
        await pilot.press("end", "ctrl+u", "7")
        await pilot.pause()
        assert app.accepted[-1] == 7 and app.committed == []  # typing: Accepted only
        await pilot.press("enter")
        await pilot.pause()
        assert app.committed == [7]
        field.focus()
        await pilot.press("end", "ctrl+u", "9")
        await pilot.press("tab")  # leaving with a new number commits it
        await pilot.pause()
        assert app.committed == [7, 9]
        field.focus()
        await pilot.press("end", "ctrl+u", "4", "4")  # 4 then 44: refused
        await pilot.press("tab")  # leaving a refused edit: back to 9, nothing new
        await pilot.pause()
        assert app.committed == [7, 9] and field.number == 9


async def test_the_border_words_fit_the_narrowest_field_in_every_language() -> None:
    """An 11-cell field has room for 5 cells on its border: "0 to 2.14748…" was cut (issue 12)."""
    from rich.cells import cell_len

    from tui_nn.i18n import available_languages, set_language

    app = FieldApp()
    try:
        async with app.run_test(size=(60, 12)) as pilot:
            field = app.query_one("#x", NumberField)
            whole = app.query_one("#n", NumberField)
            field.styles.width = whole.styles.width = 11
            for language in available_languages():
                set_language(language)
                for target, text in [
                    (field, t) for t in ("", "abc", "1e309", "11", "-1", "1e-400")
                ] + [(whole, "2.5")]:
                    target.focus()
                    target.value = text
                    await pilot.pause()
                    word = str(target.border_subtitle)
                    assert 0 < cell_len(word) <= 5, (language, text, word)
                    bottom = target.region.bottom - 1
                    row = "".join(
                        segment.text for segment in app.screen._compositor.render_strips()[bottom]
                    )
                    assert word in row and "…" not in row, (language, text, row)
    finally:
        set_language("en")
