"""The cases every exercise is checked against, built from the engine.

The expected answers are the engine's (``tui_nn.engine``): the lessons'
reference numbers, arrays of random shapes from seeded generators, and edge
cases (exact zeros in a prediction, huge scores, integer arrays, a single
example). The variants are what the classic mistakes give, from the engine's
deliberately wrong versions (``tui_nn.engine.pitfalls``) or computed here.

Case names are shown to the learner; they say what was called, in words.
"""

from __future__ import annotations

from tui_nn.exercises.cases.common import LAB_FUNCTIONS
from tui_nn.exercises.cases.losses import LESSON_1, LESSON_2
from tui_nn.exercises.cases.networks import LESSON_6, LESSON_7, LESSON_8
from tui_nn.exercises.cases.slopes import LESSON_3, LESSON_4, LESSON_5
from tui_nn.exercises.spec import ExerciseSpec

EXERCISES: dict[int, ExerciseSpec] = {
    spec.lesson: spec for spec in (LESSON_1, LESSON_2, LESSON_3, LESSON_4, LESSON_5, LESSON_6,
                                   LESSON_7, LESSON_8)
}

__all__ = ["EXERCISES", "LAB_FUNCTIONS"]
