"""The numerical gradient of a two-layer network, recomputing only what a nudge changes.

The plain numerical gradient (``TwoLayerNet.numerical_gradient``) nudges one
parameter, runs the whole network forward on the whole batch, nudges it the
other way, runs it again.  Most of that work gives the same numbers as
before the nudge.  Nudging W1[i, j] by h changes only hidden unit j, and only
for the examples whose pixel i is not 0 (for the others x[n, i] * h is 0);
nudging b1[j] changes hidden unit j for every example; nudging W2[j, k] or
b2[k] changes only output score k.  So for each parameter this module
recomputes just those pieces, for every parameter at once (vectorised, in
chunks of bounded memory), and takes exactly the same central difference

    (f(w + h) - f(w - h)) / (2 * h),   h = 1e-4, in float64,

where f is the batch's mean cross-entropy.  The examples a nudge does not
touch add the same amount to f(w + h) and to f(w - h), so they cancel and are
left out of the difference.  The result equals the plain loop's up to
rounding (about 1e-12).  Backpropagation takes the same idea all the way: it
reuses what is shared between parameters, so one backward pass gives them all.

With ``delta = 0`` and one-hot targets, only the right class's probability is
used, as the label form of cross-entropy does: where the plain loop gives nan
because a wrong class's probability is exactly 0 (0 * log 0), this gives the
finite value.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from tui_nn.engine.gradient import PROGRESS_INTERVAL, Cancelled, ProgressCallback

#: Largest number of float64 values in one chunk's biggest temporary array (2 MB).
CHUNK_ELEMENTS = 1 << 18
#: Above this bound on how far a nudge moves a score, scores are shifted again (no overflow).
_SAFE_SHIFT = 30.0


@dataclass
class _Base:
    """The unnudged forward pass of the batch, shared by every nudge."""

    x: np.ndarray  # (N, I)
    W2: np.ndarray  # (H, C)
    a1: np.ndarray  # (N, H)
    z1: np.ndarray  # (N, H)
    scores: np.ndarray  # (N, C): a2 minus its row maximum
    labels: np.ndarray | None  # (N,) when the targets are one-hot
    targets: np.ndarray  # (N, C)
    delta: float
    relu: bool

    def activate(self, a: np.ndarray) -> np.ndarray:
        if self.relu:
            return np.maximum(a, 0.0, out=a)
        np.negative(a, out=a)
        np.exp(a, out=a)
        a += 1.0
        return np.reciprocal(a, out=a)


def _row_losses(base: _Base, scores: np.ndarray, picked: np.ndarray | None,
                rows: np.ndarray, moved: float) -> np.ndarray:
    """Cross-entropy of each row of shifted ``scores`` (..., C); consumes ``scores``.

    ``picked`` holds the right class's score of each row (label targets);
    ``rows`` says which example each leading index belongs to (for soft targets);
    ``moved`` bounds how far any score moved from the unnudged ones (which are <= 0).
    """
    if picked is not None:
        if not moved <= _SAFE_SHIFT:  # a nudge moved a score far up (or nan): shift again
            top = np.max(scores, axis=-1)
            scores -= top[..., None]
            picked = picked - top
        np.exp(scores, out=scores)
        total = scores.sum(axis=-1)
        if base.delta == 0.0:
            return np.log(total) - picked
        return -np.log(np.exp(picked) / total + base.delta)
    top = np.max(scores, axis=-1, keepdims=True)
    scores -= top
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=-1, keepdims=True)
    scores += base.delta
    np.log(scores, out=scores)
    targets = base.targets[rows]
    while targets.ndim < scores.ndim:
        targets = targets[:, None]
    return -np.sum(targets * scores, axis=-1)


def _hidden_differences(base: _Base, examples: np.ndarray, values: np.ndarray,
                        h: float) -> np.ndarray:
    """f(+h) - f(-h) (times N) for nudges of the first layer, one row per (example, input).

    ``values`` is the input each nudge is multiplied by (x[n, i], or 1 for b1);
    the result has one column per hidden unit.
    """
    W2 = base.W2
    w2_size = float(np.max(np.abs(W2))) if W2.size else 0.0
    diff = np.zeros((examples.size, W2.shape[0]))
    a1 = base.a1[examples]
    z1 = base.z1[examples]
    start_scores = base.scores[examples][:, None, :]
    picked0 = None
    if base.labels is not None:
        labels = base.labels[examples]
        picked0 = base.scores[examples, labels][:, None]
        w_picked = W2[:, labels].T  # (K, H)
    for sign in (1.0, -1.0):
        z = a1 + (sign * h) * values[:, None]
        z = base.activate(z)
        z -= z1  # how much each hidden unit moved
        scores = z[:, :, None] * W2
        scores += start_scores
        picked = None if picked0 is None else picked0 + z * w_picked
        moved = float(np.max(np.abs(z))) * w2_size if z.size else 0.0
        losses = _row_losses(base, scores, picked, examples, moved)
        if sign > 0:
            diff += losses
        else:
            diff -= losses
    return diff


def _output_differences(base: _Base, left: np.ndarray, k: int, examples: np.ndarray,
                        h: float) -> np.ndarray:
    """f(+h) - f(-h) (times N) for nudges of output score k by h * ``left`` (..., H or 1)."""
    diff = np.zeros(left.shape)
    for sign in (1.0, -1.0):
        move = (sign * h) * left  # (K, H) or (K, 1)
        scores = np.broadcast_to(base.scores[examples][:, None, :],
                                 (*move.shape, base.scores.shape[1])).copy()
        scores[..., k] += move
        picked = None
        if base.labels is not None:
            labels = base.labels[examples]
            picked = base.scores[examples, labels][:, None] + move * (labels == k)[:, None]
        moved = float(np.max(np.abs(move))) if move.size else 0.0
        losses = _row_losses(base, scores, picked, examples, moved)
        if sign > 0:
            diff += losses
        else:
            diff -= losses
    return diff.sum(axis=0)


def _chunks(total: int, per_chunk: int) -> Iterator[slice]:
    for start in range(0, total, per_chunk):
        yield slice(start, min(start + per_chunk, total))


def structured_gradient(
    params: dict[str, np.ndarray],
    activation: str,
    x: np.ndarray,
    targets: np.ndarray,
    delta: float = 1e-7,
    h: float = 1e-4,
    on_progress: ProgressCallback | None = None,
    chunk_elements: int = CHUNK_ELEMENTS,
) -> dict[str, np.ndarray]:
    """The central-difference gradient of the mean cross-entropy, for W1, b1, W2 and b2.

    ``x`` is a checked float batch (N, I), ``targets`` one-hot or probability rows
    (N, C).  ``on_progress(done, total)`` counts parameters, in proportion to the
    work done (the cheap output layer comes first); returning False raises
    ``Cancelled``.  Work is done in chunks of at most about ``chunk_elements``
    float64 values.
    """
    W1, b1, W2, b2 = (np.asarray(params[k], dtype=np.float64) for k in ("W1", "b1", "W2", "b2"))
    x = np.asarray(x, dtype=np.float64)
    targets = np.asarray(targets, dtype=np.float64)
    n, inputs = x.shape
    hidden, classes = W2.shape
    with np.errstate(all="ignore"):
        a1 = x @ W1 + b1
        base = _Base(x, W2, a1, np.empty(0), np.empty(0), None, targets, float(delta),
                     activation == "relu")
        z1 = base.activate(a1.copy())
        a2 = z1 @ W2 + b2
        base.z1 = z1
        base.scores = a2 - np.max(a2, axis=1, keepdims=True)
        one_hot = bool(np.all((targets == 0) | (targets == 1))) and bool(
            np.all(targets.sum(axis=1) == 1)
        )
        base.labels = np.argmax(targets, axis=1) if one_hot else None
        return _run(base, n, inputs, hidden, classes, h, on_progress, chunk_elements)


def _run(base: _Base, n: int, inputs: int, hidden: int, classes: int, h: float,
         on_progress: ProgressCallback | None, chunk_elements: int) -> dict[str, np.ndarray]:
    # Every nudge of the first layer: (input i, example n) where x[n, i] != 0, plus b1 (i = I).
    nz_inputs, nz_examples = np.nonzero(base.x.T)
    pair_inputs = np.concatenate([nz_inputs, np.full(n, inputs)])
    pair_examples = np.concatenate([nz_examples, np.arange(n)])
    pair_values = np.concatenate([base.x[nz_examples, nz_inputs], np.ones(n)])
    row_cost = hidden * classes
    work_first = pair_inputs.size * row_cost
    work_second = n * row_cost * (classes + 1)
    work_total = max(work_first + work_second, 1)
    total = (inputs + 1) * hidden + (hidden + 1) * classes
    progress = _Progress(on_progress, total, work_total)
    per_chunk = max(1, chunk_elements // row_cost)
    scale = 1.0 / (n * 2.0 * h)

    grad_W2 = np.zeros((hidden, classes))
    grad_b2 = np.zeros(classes)
    ones = np.ones((1, 1))
    for rows in _chunks(n, per_chunk):
        examples = np.arange(rows.start, rows.stop)
        for k in range(classes):
            grad_W2[:, k] += _output_differences(base, base.z1[examples], k, examples, h)
            grad_b2[k] += _output_differences(base, np.broadcast_to(ones, (examples.size, 1)),
                                              k, examples, h)[0]
        progress.add(examples.size * row_cost * (classes + 1))

    grad_first = np.zeros((inputs + 1, hidden))
    for part in _chunks(pair_inputs.size, per_chunk):
        where = pair_inputs[part]
        diff = _hidden_differences(base, pair_examples[part], pair_values[part], h)
        starts = np.flatnonzero(np.r_[True, where[1:] != where[:-1]])
        grad_first[where[starts]] += np.add.reduceat(diff, starts, axis=0)
        progress.add(where.size * row_cost)
    progress.finish()
    return {
        "W1": grad_first[:inputs] * scale,
        "b1": grad_first[inputs] * scale,
        "W2": grad_W2 * scale,
        "b2": grad_b2 * scale,
    }


class _Progress:
    """Reports parameters done, in proportion to work done, about every 0.05 s."""

    def __init__(self, callback: ProgressCallback | None, total: int, work: int) -> None:
        self.callback = callback
        self.total = total
        self.work = work
        self.done_work = 0
        self.last = time.perf_counter()
        self.reported = False

    def _done(self) -> int:
        return min(self.total, round(self.total * self.done_work / self.work))

    def add(self, work: int) -> None:
        self.done_work += work
        if self.callback is None:
            return
        now = time.perf_counter()
        if not self.reported or now - self.last >= PROGRESS_INTERVAL:
            self.reported = True
            self.last = now
            self._call(self._done())

    def finish(self) -> None:
        if self.callback is not None:
            self._call(self.total)

    def _call(self, done: int) -> None:
        assert self.callback is not None
        if self.callback(done, self.total) is False:
            raise Cancelled(done, self.total)

