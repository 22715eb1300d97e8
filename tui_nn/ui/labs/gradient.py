"""Lesson 4 lab: the gradient, its field of downhill arrows, and flat spots that are not minima."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from tui_nn.engine import explore
from tui_nn.engine.gradient import numerical_gradient
from tui_nn.engine.pitfalls import book_numerical_gradient
from tui_nn.exercises.lab import LabFunction
from tui_nn.i18n import N_, _
from tui_nn.ui.exercise_link import OwnFunction, as_vector
from tui_nn.ui.kit.values import bool_setting, choice_setting, numbers_setting
from tui_nn.ui.labs.base import JSONValue, Lab
from tui_nn.ui.labs.gradient_field import GRID, FieldPicture, field_legend, field_picture
from tui_nn.ui.widgets.number_field import NumberField, point_fields
from tui_nn.ui.widgets.updates import show
from tui_nn.ui.widgets.words import Words

POINT_START = (3.0, 4.0)
FUNCTIONS = {
    "bowl": (explore.function_2, N_("f(x0, x1) = x0² + x1²  (a bowl)")),
    "saddle": (explore.saddle, N_("f(x0, x1) = x0² − x1²  (a saddle)")),
    "plateau": (explore.plateau, N_("f(x0, x1) = 1 − exp(−(x0² + x1²)/2)  (a plateau)")),
}
#: Below this length a gradient counts as zero (flat ground).
FLAT = 1e-6
#: Below this length (but not zero) the ground is nearly flat: a plateau.
TINY = 1e-3

#: What pressing s does next, said on each surface (the words match the key).
NEXT_SURFACE_HINT = {
    "bowl": N_("Press s for the saddle: flat at (0, 0), yet not a minimum."),
    "saddle": N_("Press s for the plateau: nearly flat far out, though not a minimum."),
    "plateau": N_("Press s to go back to the bowl."),
}


def fmt_vector(values: np.ndarray | list[float], digits: int = 6) -> str:
    """``[6, 8]``: each entry rounded to a few significant digits, for reading."""
    return "[" + ", ".join(f"{float(v) + 0.0:.{digits}g}" for v in values) + "]"


class GradientLab(Lab):
    """The gradient of x0² + x1² at any point, the downhill field, a saddle and a plateau."""

    DEFAULT_CSS = """
    GradientLab .controls { height: auto; }
    GradientLab .controls NumberField { width: 16; }
    GradientLab #grad-field { height: auto; }
    GradientLab #grad-legend { height: auto; color: $text-muted; margin: 0 0 1 0; }
    GradientLab #grad-numbers, GradientLab #grad-pitfall, GradientLab #grad-flat {
        height: auto; margin: 0 0 1 0;
    }
    GradientLab .heading { text-style: bold; }
    """

    BINDINGS = [  # noqa: RUF012 - Textual reads this class attribute
        Binding(
            "s",
            "next_surface",
            N_("Surface"),
            tooltip=N_("Next surface: bowl x0²+x1², saddle x0²−x1², plateau, bowl again"),
        ),
        Binding(
            "o",
            "origin",
            N_("To (0,0)"),
            tooltip=N_("Move the point to (0, 0), where the gradient is zero"),
        ),
        Binding(
            "i",
            "toggle_integer",
            N_("Int pitfall"),
            tooltip=N_("Run the book's numerical gradient on an integer array"),
        ),
        Binding("r", "reset", N_("Reset"), tooltip=N_("Back to the bowl at (3, 4)")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.point = POINT_START
        self.function = "bowl"
        self.show_integer = False
        self.gradient = np.zeros(2)
        self.book_int = np.zeros(2)
        self.own: OwnFunction | None = None  # the learner's numerical_gradient (Exercise, F6)
        self.field: explore.ArrowField | None = None
        self.picture: FieldPicture | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="grad-function", classes="heading", markup=False)
        with Horizontal(classes="controls"):
            yield from point_fields(self.point, id_prefix="grad")
        yield Static(id="grad-numbers")
        yield Words(N_("−gradient arrows point downhill"), classes="heading")
        yield Static(id="grad-field")
        yield Static(id="grad-legend", markup=False)
        yield Static(id="grad-flat")
        yield Static(id="grad-pitfall")

    def on_mount(self) -> None:
        self.redraw()

    def use_own_function(self, own: OwnFunction | None) -> None:
        """Draw gradient and arrows with the learner's ``numerical_gradient`` (None: the engine)."""
        self.own = own
        self.redraw()

    def _own_gradients(self, ticks: np.ndarray) -> list[np.ndarray] | None:
        """The learner's gradient at the point, then at each grid point (None: not known)."""
        if self.own is None:
            return None
        grid = [(float(a), float(b)) for b in ticks for a in ticks]  # meshgrid's order
        points = [tuple(float(p) for p in self.point), *grid]
        calls = [(LabFunction(self.function), list(p)) for p in points]
        return self.own.values((self.function, tuple(points)), calls, as_vector)

    # --- state that lasts ----------------------------------------------------

    def lab_settings(self) -> dict[str, JSONValue]:
        return {
            "point": [float(v) for v in self.point],
            "function": self.function,
            "integer": self.show_integer,
        }

    def restore_settings(self, data: Mapping[str, object]) -> None:
        point = numbers_setting(data, "point", 2, -100, 100)
        if point is not None:
            self.point = (point[0], point[1])
        function = choice_setting(data, "function", list(FUNCTIONS))
        if function is not None:
            self.function = function
        integer = bool_setting(data, "integer")
        if integer is not None:
            self.show_integer = integer

    # --- input -----------------------------------------------------------------

    @on(NumberField.Accepted, "#grad-x0, #grad-x1")
    def _point_typed(self, event: NumberField.Accepted) -> None:
        x0 = self.query_one("#grad-x0", NumberField).number
        x1 = self.query_one("#grad-x1", NumberField).number
        self.point = (float(x0), float(x1))
        self.redraw()

    def _move_to(self, point: tuple[float, float]) -> None:
        self.point = point
        self.query_one("#grad-x0", NumberField).set_number(point[0])
        self.query_one("#grad-x1", NumberField).set_number(point[1])
        self.redraw()

    def action_next_surface(self) -> None:
        names = list(FUNCTIONS)
        self.function = names[(names.index(self.function) + 1) % len(names)]
        self.redraw()

    def action_origin(self) -> None:
        self._move_to((0.0, 0.0))
        self.query_one("#grad-flat").scroll_visible()

    def action_toggle_integer(self) -> None:
        self.show_integer = not self.show_integer
        self.redraw()
        if self.show_integer:
            self.query_one("#grad-pitfall").scroll_visible()

    def action_reset(self) -> None:
        self.function, self.show_integer = "bowl", False
        self._move_to(POINT_START)

    # --- drawing ---------------------------------------------------------------

    def redraw(self) -> None:
        f, title = FUNCTIONS[self.function]
        show(self.query_one("#grad-function", Static), _(title))
        x = np.array(self.point, dtype=float)
        self.gradient = numerical_gradient(f, x)
        own = self._own_gradients(self._ticks())
        if own is not None:
            self.gradient = own[0]
        downhill = -self.gradient
        where = f"({self.point[0]:g}, {self.point[1]:g})"
        arrow = explore.arrow_char(downhill[0], downhill[1])
        lines = [
            _("gradient at {where} = {gradient}").format(
                where=where, gradient=fmt_vector(self.gradient)
            ),
            _("  full digits: {digits}").format(digits=repr([float(g) for g in self.gradient])),
            _("−gradient (downhill) = {downhill}  {arrow}").format(
                downhill=fmt_vector(downhill), arrow=arrow
            ),
        ]
        if self.own:
            lines.append(self.own.note("gradient and arrows"))
        show(self.query_one("#grad-numbers", Static), "\n".join(lines))
        self._update_flat(f, x)
        self._update_pitfall()
        self._draw_field(f)

    def _update_flat(self, f: explore.FunctionND, x: np.ndarray) -> None:
        flat = self.query_one("#grad-flat", Static)
        length = float(np.hypot(*self.gradient))
        lower = explore.lower_neighbour(f, x, radius=0.5)
        here = float(f(x))
        next_hint = _(NEXT_SURFACE_HINT[self.function])
        if TINY > length > FLAT and lower is not None:
            show(flat,
                _(
                    "[b]Almost flat:[/b] the gradient is only {length} long here, so steps "
                    "that follow it barely move: learning crawls across a plateau, although "
                    "f is lower toward (0, 0)."
                ).format(length=f"{length:.2g}")
            )
            return
        if length > FLAT:
            hint = {
                "bowl": _("Press o to go to (0, 0), the bottom of the bowl."),
                "saddle": _("Press o to go to (0, 0), where the ground is flat."),
                "plateau": _("Type a far point, such as 3 and 4: the ground there is flat."),
            }[self.function]
            show(flat,
                _("The gradient is not zero here: a step downhill lowers f.")
                + f" {hint} {next_hint}"
            )
            return
        if lower is None:
            _probes, around = explore.neighbour_values(f, x, radius=0.5)
            if np.all(around == here):
                show(flat,
                    _(
                        "The gradient is zero and every nearby point is just as high (f = {f}):"
                        " a flat plain. Nothing here says which way is down."
                    ).format(f=f"{here:g}")
                    + f" {next_hint}"
                )
                return
            show(flat,
                _("The gradient is zero and every nearby point is higher: f = {f} is a minimum.")
                .format(f=f"{here:g}")
                + f" {next_hint}"
            )
            return
        probe, value = lower
        near = np.round(probe, 6) + 0.0
        show(flat,
            _(
                "[b]Zero gradient, no minimum:[/b] f({x0}, {x1}) = {f}, "
                "but nearby f({n0}, {n1}) = {value} is lower. "
                "A saddle: gradient descent stalls here although downhill exists."
            ).format(
                x0=f"{x[0]:g}", x1=f"{x[1]:g}", f=f"{here:g}",
                n0=f"{near[0]:g}", n1=f"{near[1]:g}", value=f"{value:.3g}",
            )
            + f" {next_hint}"
        )

    def _update_pitfall(self) -> None:
        box = self.query_one("#grad-pitfall", Static)
        if not self.show_integer:
            show(box, _("Press i for the integer-array pitfall."))
            return
        f = FUNCTIONS[self.function][0]
        whole = [round(p) for p in self.point]
        self.book_int = book_numerical_gradient(f, np.array(whole))
        book_float = book_numerical_gradient(f, np.array(whole, dtype=float))
        show(box,
            _(
                "[b]Pitfall: integers.[/b] The book's numerical_gradient on "
                "np.array({whole}) gives {on_int}, "
                "on np.array({floats}) gives {on_float}: "
                "in an integer array x + 1e-4 is cut back to a whole number."
            ).format(
                whole=whole,
                on_int=fmt_vector(self.book_int),
                floats=[float(w) for w in whole],
                on_float=fmt_vector(book_float),
            )
        )

    def _ticks(self) -> np.ndarray:
        reach = max(4.0, math.ceil(max(abs(p) for p in self.point)))
        return np.linspace(-reach, reach, GRID)

    def on_resize(self) -> None:
        self._draw_field(FUNCTIONS[self.function][0])

    def _draw_field(self, f: explore.FunctionND) -> None:
        ticks = self._ticks()
        own = self._own_gradients(ticks)
        if own is None:
            field = explore.downhill_field(f, ticks, ticks)
        else:
            grid_x, grid_y = np.meshgrid(ticks, ticks)
            down = -np.array(own[1:]).reshape(*grid_x.shape, 2)
            field = explore.ArrowField(grid_x, grid_y, down[..., 0], down[..., 1])
        self.field = field
        levels = explore.height_levels(f, ticks, ticks)
        box = self.query_one("#grad-field", Static)
        width = box.size.width or self.size.width or 48
        point = (float(self.point[0]), float(self.point[1]))
        self.picture = field_picture(field, levels, ticks, point, width)
        show(box, self.picture.text)
        show(self.query_one("#grad-legend", Static), field_legend())
