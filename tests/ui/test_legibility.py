"""Every lesson is legible in every terminal (issue 10, items 5 and 8).

One app start per environment walks all lessons at 80x24 and reads what the
compositor would send to the terminal:

- field labels have WCAG contrast (>= 4.5:1) against their background, in
  truecolour and as the 16 standard colours a ``TERM=xterm`` terminal gets;
- under ``NO_COLOR`` / ``TERM=dumb`` no legend names a colour, and ``TERM=dumb``
  gets no colour at all;
- with a non-UTF-8 terminal (or ``TUI_NN_ASCII=1``) every character on screen is ASCII.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable, Iterator

import numpy as np
import pytest
from rich.color import Color, ColorSystem
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME

from tui_nn.catalog import LESSONS
from tui_nn.ui import look
from tui_nn.ui.app import TuiNNApp
from tui_nn.ui.widgets.chart import Chart
from tui_nn.ui.widgets.confusion import confusion_text
from tui_nn.ui.widgets.digits import digit_text
from tui_nn.ui.widgets.number_field import NumberField

pytestmark = pytest.mark.builtin_data

SIZE = (80, 24)
WCAG_AA = 4.5
COLOUR_WORDS = re.compile(r"\((green|orange|red|blue|cyan|yellow)\)|\b(red|blue|green):")


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def resolved(color: Color | None, *, foreground: bool, system: ColorSystem) -> tuple[int, int, int]:
    """The RGB a terminal with rich's default palette shows for ``color`` in ``system``."""
    if color is None or color.is_default:
        default = DEFAULT_TERMINAL_THEME.foreground_color if foreground else (
            DEFAULT_TERMINAL_THEME.background_color
        )
        return (default.red, default.green, default.blue)
    shown = color.downgrade(system) if system != ColorSystem.TRUECOLOR else color
    triplet = shown.get_truecolor(DEFAULT_TERMINAL_THEME, foreground=foreground)
    return (triplet.red, triplet.green, triplet.blue)


def style_contrast(style: Style, system: ColorSystem) -> float:
    fg, bg = style.color, style.bgcolor
    if style.reverse:
        fg, bg = bg, fg
    return contrast(
        resolved(fg, foreground=True, system=system),
        resolved(bg, foreground=False, system=system),
    )


def screen_lines(app: TuiNNApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def label_styles(app: TuiNNApp) -> dict[str, Style]:
    """The style of the first character of each visible field label, by field id."""
    compositor = app.screen._compositor
    lines = screen_lines(app)
    found: dict[str, Style] = {}
    for field in app.screen.query(NumberField):
        region = field.region
        label = str(field.border_title or "")
        if not label or not field.display or region.height == 0 or not 0 <= region.y < len(lines):
            continue
        row = lines[region.y]
        at = row.find(label, region.x, region.right)
        if at >= 0:
            found[field.id or label] = compositor.get_style_at(at, region.y)
    return found


async def walk(app: TuiNNApp, visit: Callable[[int], None]) -> None:
    """Open every lesson, bring each field into view in turn, and call ``visit(lesson)``."""
    async with app.run_test(size=SIZE) as pilot:
        for number in range(len(LESSONS)):
            app.goto_lesson(number)
            await pilot.pause()
            await pilot.pause()
            visit(number)
            seen = shown_fields(app)
            for field in list(app.screen.query(NumberField)):
                if field in seen or not field.display:
                    continue
                field.scroll_visible(animate=False, immediate=True)
                await pilot.pause()
                visit(number)
                seen |= shown_fields(app)


def shown_fields(app: TuiNNApp) -> set[NumberField]:
    """The fields whose label row is on screen now."""
    screen = app.screen.region
    return {
        field
        for field in app.screen.query(NumberField)
        if field.region.height and screen.contains(field.region.x, field.region.y)
        and app.screen.get_widget_at(field.region.x + 1, field.region.y)[0] is field
    }


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Set the terminal's environment for the app about to start (and forget the look after)."""
    for name in ("NO_COLOR", "TUI_NN_ASCII", "COLORTERM", "TEXTUAL_COLOR_SYSTEM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")

    def set_env(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        look.reset()

    look.reset()
    yield set_env
    look.reset()


async def test_labels_have_contrast_in_truecolour_and_16_colours(
    environment: Callable[..., None],
) -> None:
    environment(TERM="xterm")
    worst: dict[str, float] = {}
    seen: set[str] = set()

    def visit(number: int) -> None:
        for name, style in label_styles(app).items():
            seen.add(f"{number}:{name}")
            for system in (ColorSystem.TRUECOLOR, ColorSystem.STANDARD, ColorSystem.EIGHT_BIT):
                key = f"{system.name} lesson {number} {name}"
                worst[key] = min(worst.get(key, 99.0), style_contrast(style, system))

    app = TuiNNApp(lesson=0)
    await walk(app, visit)
    assert len(seen) >= 10, seen  # the labs' fields were found on screen
    for system in ("TRUECOLOR", "STANDARD", "EIGHT_BIT"):  # the figures, shown with -s
        lowest = min(value for key, value in worst.items() if key.startswith(system))
        print(f"lowest label contrast in {system}: {lowest:.2f}:1")
    poor = {key: round(value, 2) for key, value in worst.items() if value < WCAG_AA}
    assert not poor, poor


async def test_no_color_labels_and_legends(environment: Callable[..., None]) -> None:
    environment(NO_COLOR="1")
    problems: list[str] = []

    def visit(number: int) -> None:
        for name, style in label_styles(app).items():
            if (ratio := style_contrast(style, ColorSystem.TRUECOLOR)) < WCAG_AA:
                problems.append(f"lesson {number} {name}: {ratio:.2f}")
        for line in screen_lines(app):
            if COLOUR_WORDS.search(line):
                problems.append(f"lesson {number}: {line.strip()}")

    app = TuiNNApp(lesson=0)
    await walk(app, visit)
    assert not problems, problems


async def test_dumb_terminal_draws_without_colour(environment: Callable[..., None]) -> None:
    environment(TERM="dumb")
    coloured: list[str] = []

    def visit(number: int) -> None:
        for y, strip in enumerate(app.screen._compositor.render_strips()):
            for segment in strip:
                style = segment.style
                if style is None:
                    continue
                for color in (style.color, style.bgcolor):
                    if color is not None and not color.is_default:
                        coloured.append(f"lesson {number} row {y}: {segment.text!r} {color}")
        for line in screen_lines(app):
            if COLOUR_WORDS.search(line):
                coloured.append(f"lesson {number}: {line.strip()}")

    app = TuiNNApp(lesson=0)
    await walk(app, visit)
    assert not coloured, coloured[:5]


async def test_non_utf8_terminal_shows_only_ascii(
    environment: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "__stdout__", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    environment(LC_ALL="C")
    assert look.current().ascii
    foreign: list[str] = []
    borders: set[str] = set()

    def visit(number: int) -> None:
        borders.update(str(field.styles.border_top[0]) for field in app.screen.query(NumberField))
        for y, line in enumerate(screen_lines(app)):
            if not line.isascii():
                foreign.append(f"lesson {number} row {y}: {line!r}")
        assert len(screen_lines(app)) == SIZE[1]

    app = TuiNNApp(lesson=0)
    await walk(app, visit)
    assert "-ascii" in app.classes
    assert not foreign, foreign[:5]
    assert borders == {"ascii"}  # the fields' frames are ASCII by CSS, not by the filter


def test_ascii_requested_by_environment(environment: Callable[..., None]) -> None:
    environment(TUI_NN_ASCII="1")
    now = look.current()
    assert now.ascii
    assert now.menu.isascii() and now.previous.isascii() and now.next.isascii()
    assert digit_text(np.eye(28)).plain.isascii()
    environment(TUI_NN_ASCII="0")
    assert not look.current().ascii


def test_ascii_text_keeps_every_cell() -> None:
    sample = "┌─┐│ ▀▄█░ ⣀⠉ ● · → ² 한"
    shown = look.ascii_text(sample)
    assert shown.isascii()
    assert len(shown) == len(sample) + 1  # the wide Hangul syllable keeps its two cells


def test_legends_name_markers_without_colour() -> None:
    coloured = look.Look(ascii=False, colour=True)
    plain = look.Look(ascii=False, colour=False)
    ascii_only = look.Look(ascii=True, colour=False)
    assert coloured.legend(("train", "test"), ("green", "orange")) == "train (green), test (orange)"
    assert plain.legend(("train", "test"), ("green", "orange")) == "train •, test +"
    assert ascii_only.legend(("train", "test"), ("green", "orange")) == "train o, test +"
    # The two braille lines get those same two markers; a lab's own marker stays.
    assert [plain.marker("braille", i) for i in range(2)] == ["•", "+"]
    assert plain.marker("S", 0) == "S"
    assert ascii_only.marker("●", 0) == "*"
    assert coloured.marker("braille", 0) == "braille"


def test_images_without_colour_use_shades(environment: Callable[..., None]) -> None:
    environment(NO_COLOR="1")
    image = np.zeros((28, 28))
    image[10:18, 10:18] = 1.0
    text = digit_text(image)
    assert "█" in text.plain and " " in text.plain  # the shape is in the characters
    matrix = np.array([[5, 1], [0, 3]])
    shown = confusion_text(matrix)
    assert "underlined" in shown.plain
    assert not any(span.style and "rgb" in str(span.style) for span in shown.spans)


async def test_chart_in_ascii_mode_draws_ascii(environment: Callable[..., None]) -> None:
    from textual.app import App, ComposeResult

    environment(TUI_NN_ASCII="1")

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield Chart(id="c")

    app = One()
    async with app.run_test(size=(40, 12)) as pilot:
        chart = app.query_one(Chart)
        chart.plt.plot([0, 1, 2], [0, 1, 4], marker="braille", label="f")
        chart.plt.plot([0, 1, 2], [4, 1, 0], marker="braille", label="g")
        chart.refresh()
        await pilot.pause()
        shown = chart.render()
        plain = getattr(shown, "plain", "")
        assert plain.isascii() and "o" in plain and "+" in plain


async def test_error_under_a_field_has_contrast(environment: Callable[..., None]) -> None:
    from textual.app import App, ComposeResult

    environment(TERM="xterm")

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield NumberField(1.0, label="lr", minimum=0, maximum=10, id="f")

    app = One()
    async with app.run_test(size=(40, 6)) as pilot:
        field = app.query_one(NumberField)
        field.focus()
        field.value = "abc"
        await pilot.pause()
        assert field.error
        region = field.region
        compositor = app.screen._compositor
        row = compositor.render_strips()[region.bottom - 1].text
        at = row.find("typo?", region.x)  # the short reason on the border
        assert at >= 0, row
        style = compositor.get_style_at(at, region.bottom - 1)
        label_at = compositor.render_strips()[region.y].text.find("lr", region.x)
        label = compositor.get_style_at(label_at, region.y)
        for system in (ColorSystem.TRUECOLOR, ColorSystem.STANDARD):
            assert style_contrast(style, system) >= WCAG_AA
            assert style_contrast(label, system) >= WCAG_AA  # focused and invalid


async def test_the_first_screen_is_ascii_too(
    environment: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first run opens the lesson list, before any lesson: the look applies there as well."""
    monkeypatch.setattr(sys, "__stdout__", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    environment(LC_ALL="C")
    app = TuiNNApp()  # no settings yet: the lesson list comes first
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.__class__.__name__ == "LessonListScreen"
        assert "-ascii" in app.classes
        assert any(isinstance(f, look.AsciiFilter) for f in app._filters)
