"""What each lab of lessons 0-6 looks like on its own (no lesson text, no app chrome).

Each lab is mounted alone in a small test App (``LabApp``: the lab and a Footer)
at the size of the lab panel in a 100x32 terminal, so editing a lesson's prose
never re-baselines these.  The whole screen is checked once per layout
breakpoint in ``test_app.py`` (80x24 and 100x32).
"""

from __future__ import annotations

from tests.ui.harness import LabApp
from tests.ui.test_lab_minibatch import loaded
from tui_nn.ui.labs.derivatives import DerivativesLab
from tui_nn.ui.labs.descent import DescentLab
from tui_nn.ui.labs.gradient import GradientLab
from tui_nn.ui.labs.loss import LossLab
from tui_nn.ui.labs.minibatch import MinibatchLab
from tui_nn.ui.labs.simplenet import SimpleNetLab
from tui_nn.ui.labs.workflow import WorkflowLab

LAB_PANEL = (62, 31)  # the lab panel's size in a 100x32 terminal


def test_workflow_lab(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(LabApp(WorkflowLab), terminal_size=LAB_PANEL, press=["right", "right"])


def test_loss_lab(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(LabApp(LossLab), terminal_size=LAB_PANEL)


def test_minibatch_lab(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot.app, pilot)

    assert snap_compare(LabApp(MinibatchLab), terminal_size=LAB_PANEL, run_before=run_before)


def test_derivatives_lab_with_the_bug_shown(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(LabApp(DerivativesLab), terminal_size=LAB_PANEL, press=["b"])


def test_gradient_lab(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(LabApp(GradientLab), terminal_size=LAB_PANEL)


def test_descent_lab_after_five_steps(snap_compare) -> None:  # type: ignore[no-untyped-def]
    keys = ["right_square_bracket", "s", "s", "s", "s", "s"]
    assert snap_compare(LabApp(DescentLab), terminal_size=LAB_PANEL, press=keys)


def test_simplenet_lab(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(LabApp(SimpleNetLab), terminal_size=LAB_PANEL)
