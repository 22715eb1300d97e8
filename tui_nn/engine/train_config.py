"""The settings of a training run, and the epoch arithmetic.

:class:`TrainConfig` holds every setting (the defaults are the book's) and
says in plain words what is wrong with one; :func:`iterations_per_epoch` is
the one rule for how many updates make an epoch, used by the trainer, the
``tui-nn train`` command, the minibatch lab and the training lab.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import numpy as np

from tui_nn.engine.labels import NUM_CLASSES
from tui_nn.engine.nets import ACTIVATIONS, WEIGHT_INITS, TwoLayerNet
from tui_nn.engine.sampling import SAMPLINGS, iterations_per_epoch

GRADIENTS = ("backprop", "numerical")
MAX_BATCH = 60_000  # a batch of 60,000 images is already all of MNIST


@dataclass
class TrainConfig:
    """Every setting of one training run; the defaults are the book's.

    ``weight_init`` is text so that a form field can hold it: ``"0.01"`` (or any
    positive number) is the standard deviation of the random starting weights,
    ``"xavier"`` and ``"he"`` scale it to the layer size.  ``train_size`` limits
    training to that many examples (a few hundred make overfitting happen);
    ``eval_size`` limits how many training and test examples the per-epoch
    accuracy is measured on (``None`` = all of them).  ``sampling`` is how a
    minibatch is drawn: ``"random"`` (the book: each batch is drawn at random,
    with replacement) or ``"shuffle"`` (each example exactly once per epoch;
    the last batch of an epoch is short when the batch size does not divide
    the training set).  :func:`iterations_per_epoch` says how many updates
    make an epoch in each case.
    """

    hidden_size: int = 50
    activation: str = "sigmoid"
    weight_init: str = "0.01"
    batch_size: int = 100
    learning_rate: float = 0.1
    iterations: int = 10_000
    train_size: int | None = None
    gradient: str = "backprop"
    seed: int = 0
    eval_size: int | None = None
    sampling: str = "random"

    @classmethod
    def book(cls, **changes: Any) -> TrainConfig:
        """The book's setting: sigmoid, hidden 50, std 0.01, batch 100, lr 0.1, 10,000 updates."""
        return replace(cls(), **changes)

    @classmethod
    def faster_learner(cls, **changes: Any) -> TrainConfig:
        """Chapter 5's faster learner: ReLU, He initialisation, hidden 100, lr 0.3."""
        base = cls(hidden_size=100, activation="relu", weight_init="he", learning_rate=0.3)
        return replace(base, **changes)

    def validate(self) -> list[str]:
        """Everything wrong with this configuration, in plain words (empty = fine)."""
        problems: list[str] = []

        def whole(value: object, low: int, high: int, label: str) -> None:
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                problems.append(f"{label} must be a whole number, not {value!r}")
            elif not low <= value <= high:
                problems.append(f"{label} must be between {low:,} and {high:,}, not {value:,}")

        whole(self.hidden_size, 1, 10_000, "hidden size")
        whole(self.batch_size, 1, MAX_BATCH, "batch size")
        whole(self.iterations, 1, 100_000_000, "iterations")
        whole(self.seed, 0, 2**63 - 1, "seed")
        if self.train_size is not None:
            whole(self.train_size, 1, 100_000_000, "training-set size")
        if self.eval_size is not None:
            whole(self.eval_size, 1, 100_000_000, "accuracy sample size")
        if self.activation not in ACTIVATIONS:
            problems.append(
                f"activation must be one of {', '.join(ACTIVATIONS)}, not {self.activation!r}"
            )
        if self.gradient not in GRADIENTS:
            problems.append(
                f"gradient must be one of {', '.join(GRADIENTS)}, not {self.gradient!r}"
            )
        if self.sampling not in SAMPLINGS:
            problems.append(
                f"sampling must be one of {', '.join(SAMPLINGS)}, not {self.sampling!r}"
            )
        problem = learning_rate_problem(self.learning_rate, allow_zero=False)
        if problem:
            problems.append(problem)
        try:
            parse_weight_init(self.weight_init)
        except ValueError as error:
            problems.append(str(error))
        return problems

    def weight_init_std(self) -> float | str:
        """``weight_init`` as TwoLayerNet wants it: a float std, or "xavier"/"he"."""
        return parse_weight_init(self.weight_init)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-friendly dict of the settings (NumPy numbers become Python ones)."""
        return {k: v.item() if isinstance(v, np.generic) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        """Build a config from :meth:`to_dict` output; unknown keys are ignored."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def parse_weight_init(text: str | float) -> float | str:
    """``"0.01"`` -> 0.01, ``"xavier"``/``"he"`` -> themselves; anything else: ValueError."""
    if isinstance(text, str):
        name = text.strip().lower()
        if name in WEIGHT_INITS:
            return name
    try:
        std = float(text)
    except (TypeError, ValueError):
        raise ValueError(
            f"weight initialisation must be a positive number (such as 0.01), "
            f"'xavier' or 'he', not {text!r}"
        ) from None
    if not math.isfinite(std) or std <= 0 or std > 100:
        raise ValueError(
            f"weight initialisation std must be a positive number up to 100, not {text!r}"
        )
    return std


def learning_rate_problem(value: object, *, allow_zero: bool = True) -> str | None:
    """Why ``value`` is not a usable learning rate, or None if it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return f"learning rate must be a number, not {value!r}"
    lr = float(value)
    if not math.isfinite(lr):
        return f"learning rate must be a finite number, not {value!r}"
    if lr < 0 and allow_zero:
        return f"learning rate must be 0 or more, not {value!r}"
    if lr <= 0 and not allow_zero:
        return f"learning rate must be more than 0, not {value!r}"
    return None


@dataclass(frozen=True)
class EpochSplit:
    """The epoch arithmetic as numbers: train_size / batch_size, and how it was rounded.

    ``rounding`` is "exact", "down" (random batches), "up" (shuffled epochs,
    whose last batch has ``last_batch`` examples) or "at least one" (fewer
    examples than a batch).
    """

    train_size: int
    batch_size: int
    sampling: str
    iterations: int  # updates in one epoch: iterations_per_epoch(...)
    quotient: float  # train_size / batch_size before rounding
    rounding: str
    last_batch: int  # size of an epoch's last batch (= batch_size unless shuffled and short)


def epoch_split(train_size: int, batch_size: int, sampling: str = "random") -> EpochSplit:
    """How many updates make an epoch, and why (see :func:`iterations_per_epoch`)."""
    per_epoch = iterations_per_epoch(train_size, batch_size, sampling)
    n, b = int(train_size), int(batch_size)
    last = b
    if n % b == 0:
        rounding = "exact"
    elif sampling == "shuffle":
        rounding, last = "up", n % b
    elif n < b:
        rounding = "at least one"
    else:
        rounding = "down"
    return EpochSplit(n, b, sampling, per_epoch, n / b, rounding, last)


def epoch_arithmetic(
    train_size: int,
    batch_size: int,
    sampling: str = "random",
    *,
    images: str = "",
    batch: str = "",
) -> str:
    """The epoch arithmetic as one line of text, ending with the number of iterations.

    ``600 / 250 = 2.4, rounded down: 2 iterations``; exact divisions just say
    ``60,000 / 100 = 600 iterations``.  ``images`` and ``batch`` label the two
    numbers (``images=" training images", batch="batch "`` gives
    ``600 training images / batch 250 = …``).  The numbers come from
    :func:`epoch_split`.
    """
    split = epoch_split(train_size, batch_size, sampling)
    count = split.iterations
    result = f"{count:,} iteration{'' if count == 1 else 's'}"
    head = f"{split.train_size:,}{images} / {batch}{split.batch_size:,} ="
    quotient = f"{split.quotient:,.4g}"
    if split.rounding == "exact":
        return f"{head} {result}"
    if split.rounding == "up":
        return f"{head} {quotient}, rounded up (the last batch has {split.last_batch:,}): {result}"
    if split.rounding == "at least one":
        return f"{head} {quotient}, but at least: {result}"
    return f"{head} {quotient}, rounded down: {result}"


def make_network(
    config: TrainConfig, input_size: int = 784, rng: np.random.Generator | None = None
) -> TwoLayerNet:
    """A fresh TwoLayerNet for ``config`` (random weights drawn from ``rng``)."""
    return TwoLayerNet(
        input_size,
        config.hidden_size,
        NUM_CLASSES,
        weight_init_std=config.weight_init_std(),
        rng=rng if rng is not None else np.random.default_rng(config.seed),
        activation=config.activation,
    )
