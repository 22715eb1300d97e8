"""Loss functions: how wrong is a prediction?

``y`` is what the network predicts (for cross-entropy: probabilities, such as
the output of softmax) and ``t`` is the right answer.  A smaller loss means a
better prediction.  Both functions follow the book's definitions.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tui_nn.engine._checks import as_float_array, as_number, as_numeric_array
from tui_nn.engine.labels import class_labels


def mean_squared_error(y: Any, t: Any) -> float:
    """Half the sum of squared differences: E = 0.5 * sum((y - t)**2).

    This is the book's definition: a sum (not a mean) over every entry, so for
    a batch it adds up all the examples.  ``y`` and ``t`` must have the same
    shape.

    NaN anywhere gives nan; an infinite entry (or a difference too large to
    square) gives inf.
    """
    y = as_float_array(y, "y")
    t = as_float_array(t, "t")
    if y.shape != t.shape:
        raise ValueError(
            f"y and t must have the same shape, but y has shape {y.shape} and t has {t.shape}"
        )
    with np.errstate(over="ignore", invalid="ignore"):  # huge values give inf, not a warning
        return float(0.5 * np.sum((y - t) ** 2))


def cross_entropy_error(y: Any, t: Any, delta: float = 1e-7) -> float:
    """Cross-entropy: E = -sum(t * log(y + delta)), averaged over the batch.

    ``y`` is one prediction (1-D, one probability per class) or a batch (2-D,
    one row per example).  ``t`` is the right answer, in either form:

    - one-hot, the same shape as ``y`` (1 on the right class, 0 elsewhere);
      any probabilities in ``t`` work with this formula;
    - class labels: one whole number per example (a single number for a 1-D ``y``).

    Both forms give the same value.  A single example counts as a batch of one;
    for a batch the result is the mean over the examples.  With labels only
    the right class counts: E = -sum(log(y[i, t[i]] + delta)) / N.

    ``delta`` (1e-7) keeps log(0) from happening: without it a prediction of
    exactly 0 gives log(0) = -inf.  The price is tiny: a perfect prediction
    (y = 1 on the right class) gives -log(1 + 1e-7), about -1e-7, not 0.

    Infinities and NaN: NaN in ``y`` gives nan.  With ``delta=0`` a 0 in ``y``
    gives nan (one-hot, because 0 * log(0) is 0 * -inf) or inf (labels, when
    the right class has probability 0).  Values below -delta in ``y`` are not
    probabilities and give nan.  No warning is printed in any of these cases.
    """
    y = as_float_array(y, "y")
    t = as_numeric_array(t, "t")
    delta = as_number(delta, "delta")
    if not delta >= 0:
        raise ValueError(f"delta must be 0 or a small positive number, but got {delta}")
    if y.ndim not in (1, 2):
        raise ValueError(
            f"y must be one prediction (1-D) or a batch of predictions (2-D), "
            f"but got shape {y.shape}"
        )
    batch_size = 1 if y.ndim == 1 else y.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):  # results documented above
        if t.shape == y.shape:  # one-hot (or probabilities)
            return float(-np.sum(t * np.log(y + delta)) / batch_size)
        if t.shape == y.shape[:-1]:  # class labels
            labels = class_labels(t, y.shape[-1], "class labels in t")
            picked = y.reshape(batch_size, -1)[np.arange(batch_size), labels.reshape(-1)]
            return float(-np.sum(np.log(picked + delta)) / batch_size)
    raise ValueError(
        f"t does not match y: y has shape {y.shape}, so t must be one-hot with shape {y.shape} "
        f"or class labels with shape {y.shape[:-1]}, but t has shape {t.shape}"
    )
