"""What the cases share: the functions they differentiate, the lessons' data, seeded generators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from tui_nn.engine import explore
from tui_nn.engine.functions import softmax

H = 1e-4

# -- functions the cases differentiate (and the labs may name) ---------------------


def slope_function(x: Any) -> Any:
    """Lesson 3's f(x) = 0.01x² + 0.1x."""
    return 0.01 * x**2 + 0.1 * x


def cubic(x: Any) -> Any:
    """f(x) = x³: its second derivative is large enough to show a forward difference."""
    return x**3


def bowl(x: np.ndarray) -> Any:
    """Lesson 4's f(x0, x1) = x0² + x1² (the sum of squares, for any shape)."""
    return np.sum(x**2)


def tilted_bowl(x: np.ndarray) -> Any:
    """A bowl whose entries interact, for arrays of any shape."""
    flat = x.reshape(-1)
    return np.sum(np.arange(1, flat.size + 1) * flat**2) + flat[0] * flat[-1]


#: Functions a lab may ask the learner's code to differentiate, by name.
LAB_FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "slope": slope_function,
    "cubic": cubic,
    "bowl": bowl,
    "tilted_bowl": tilted_bowl,
    "saddle": explore.saddle,  # lesson 4's lab surfaces, for the learner's numerical_gradient
    "plateau": explore.plateau,
}

# -- reference data ------------------------------------------------------------

T_CLASS_2 = np.eye(10)[2]
Y1 = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
Y2 = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
BOOK_W = np.array([[-0.98857721, -1.19498403, 1.7798275], [1.92945432, 2.08198445, 0.48024869]])
BOOK_X = np.array([0.6, 0.9])
BOOK_T = np.array([0.0, 0.0, 1.0])


def seeded(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def probabilities(seed: int, rows: int, classes: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """A batch of softmax outputs (no exact zeros) and class labels for it."""
    rng = seeded(seed)
    y = softmax(rng.normal(size=(rows, classes)))
    labels = rng.integers(0, classes, size=rows)
    return y, labels

