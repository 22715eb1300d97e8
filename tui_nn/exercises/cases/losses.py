"""The cases of lessons 1 and 2: mean squared error and cross-entropy, single and batch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from tui_nn.engine.losses import cross_entropy_error, mean_squared_error
from tui_nn.exercises.cases.common import (
    T_CLASS_2,
    Y1,
    Y2,
    probabilities,
    seeded,
)
from tui_nn.exercises.spec import (
    Case,
    ChangedRule,
    ExerciseSpec,
    FunctionSpec,
    NonFiniteRule,
    TagRule,
    VariantRule,
)
from tui_nn.i18n import N_

# -- lesson 1 ------------------------------------------------------------------


def _mse_case(name: str, make: Callable[[], tuple[Any, Any]]) -> Case:
    return Case(
        name,
        args=make,
        expected=lambda: mean_squared_error(*make()),
        variants=lambda: {"mse_no_half": 2 * mean_squared_error(*make())},
    )


def _cee_case(
    name: str,
    make: Callable[[], tuple[Any, Any]],
    tags: frozenset[str] = frozenset(),
    rtol: float = 1e-5,
) -> Case:
    def variants() -> dict[str, Any]:
        y, t = make()
        if np.ndim(y) == 2:
            return {"sum_not_mean": cross_entropy_error(y, t) * len(y)}
        return {}

    return Case(
        name,
        args=make,
        expected=lambda: cross_entropy_error(*make()),
        variants=variants,
        tags=tags,
        rtol=rtol,
    )


def _random_one_hot() -> tuple[np.ndarray, np.ndarray]:
    y, _ = probabilities(11, 1)
    return y[0], np.eye(10)[int(np.argmax(y[0]))]


LESSON_1 = ExerciseSpec(
    1,
    (
        FunctionSpec(
            "mean_squared_error",
            (
                _mse_case(N_("y1 (0.6 on the right class 2)"),
                          lambda: (Y1.copy(), T_CLASS_2.copy())),
                _mse_case(N_("y2 (0.6 on the wrong class 7)"),
                          lambda: (Y2.copy(), T_CLASS_2.copy())),
                _mse_case(
                    N_("a random 3x4 y and t"),
                    lambda: (seeded(1).random((3, 4)), seeded(2).random((3, 4))),
                ),
            ),
            (VariantRule("mse_no_half"), ChangedRule("input_modified")),
        ),
        FunctionSpec(
            "cross_entropy_error",
            (
                _cee_case(
                    N_("y1 (with exact zeros), t = class 2"),
                    lambda: (Y1.copy(), T_CLASS_2.copy()),
                    frozenset({"zeros"}),
                ),
                _cee_case(
                    N_("y2 (with exact zeros), t = class 2"),
                    lambda: (Y2.copy(), T_CLASS_2.copy()),
                    frozenset({"zeros"}),
                ),
                _cee_case(N_("a softmax output without zeros"), _random_one_hot),
            ),
            (NonFiniteRule("zeros", "no_delta"), ChangedRule("input_modified")),
        ),
    ),
)

# -- lesson 2 ------------------------------------------------------------------


def _batch(seed: int, rows: int, one_hot: bool) -> Callable[[], tuple[np.ndarray, np.ndarray]]:
    def make() -> tuple[np.ndarray, np.ndarray]:
        y, labels = probabilities(seed, rows)
        return y, (np.eye(10)[labels] if one_hot else labels)

    return make


def _zeros_batch(one_hot: bool) -> tuple[np.ndarray, np.ndarray]:
    y = np.stack([Y1, Y2, Y1])
    labels = np.array([2, 3, 7])  # Y2 gives the right class 3 a probability of exactly 0
    return y, (np.eye(10)[labels] if one_hot else labels)


LESSON_2 = ExerciseSpec(
    2,
    (
        FunctionSpec(
            "cross_entropy_error",
            (
                _cee_case(
                    N_("a batch of 5, one-hot t"), _batch(21, 5, True), frozenset({"onehot"})
                ),
                _cee_case(N_("a batch of 5, labels t"), _batch(21, 5, False), frozenset({"label"})),
                _cee_case(
                    N_("a batch of 3 with exact zeros, one-hot t"),
                    lambda: _zeros_batch(True),
                    frozenset({"onehot", "zeros"}),
                ),
                _cee_case(
                    N_("a batch of 3 with exact zeros, labels t"),
                    lambda: _zeros_batch(False),
                    frozenset({"label", "zeros"}),
                ),
                _cee_case(
                    N_("one example y1 (1-D), one-hot t"),
                    lambda: (Y1.copy(), T_CLASS_2.copy()),
                    frozenset({"onehot", "1d", "zeros"}),
                ),
                _cee_case(
                    N_("one example y1 (1-D), label t = 2"),
                    lambda: (Y1.copy(), np.array(2)),
                    frozenset({"label", "1d"}),
                ),
            ),
            (
                NonFiniteRule("zeros", "no_delta"),
                VariantRule("sum_not_mean"),
                TagRule("label", "one_hot_only"),
                TagRule("onehot", "label_only"),
                TagRule("1d", "not_batch_of_one"),
                ChangedRule("input_modified"),
            ),
        ),
    ),
)
