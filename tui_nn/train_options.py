"""The options of ``tui-nn train`` and the TrainConfig they describe.

This module is imported every time ``tui-nn`` starts (to build the parser),
so it imports nothing heavy at module level.  The checks of a value (is this
learning rate or weight initialisation usable?) are the engine's own
(:mod:`tui_nn.engine.train_config`), imported when an option is parsed, so a
rule is worded in one place only.
"""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING, Any

from tui_nn.i18n import N_, _

if TYPE_CHECKING:  # pragma: no cover
    from tui_nn.engine.train_config import TrainConfig

ACTIVATION_CHOICES = ("sigmoid", "relu")  # tui_nn.engine.nets.ACTIVATIONS (a test checks)
GRADIENT_CHOICES = ("backprop", "numerical")  # tui_nn.engine.train_config.GRADIENTS
SAMPLING_CHOICES = ("random", "shuffle")  # tui_nn.engine.train_config.SAMPLINGS


def _whole_number(text: str, minimum: int) -> int:
    """``text`` as a whole number of at least ``minimum`` (``10_000`` and ``10,000`` too)."""
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a whole number").format(text=repr(text))
        ) from None
    if value < minimum:
        raise argparse.ArgumentTypeError(
            _("{text} must be {minimum} or more").format(text=text, minimum=minimum)
        )
    return value


def _positive_int(text: str) -> int:
    return _whole_number(text, 1)


def _seed(text: str) -> int:
    return _whole_number(text, 0)


def _learning_rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a number").format(text=repr(text))
        ) from None
    from tui_nn.engine.train_config import learning_rate_problem  # the engine's own rule

    problem = learning_rate_problem(value, allow_zero=False)
    if problem:
        raise argparse.ArgumentTypeError(engine_words(problem))
    return value


def _weight_init(text: str) -> str:
    from tui_nn.engine.train_config import parse_weight_init  # the engine's own rule

    try:
        value = parse_weight_init(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(engine_words(str(error))) from None
    return value if isinstance(value, str) else text.strip()


#: The engine's sentences about a bad value (tui_nn.engine.train_config words them in
#: English, and the engine imports nothing but NumPy): the same sentences in the current
#: language, matched here at the command line's edge.
ENGINE_SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"learning rate must be a number, not (?P<value>.+)"),
     N_("learning rate must be a number, not {value}")),
    (re.compile(r"learning rate must be a finite number, not (?P<value>.+)"),
     N_("learning rate must be a finite number, not {value}")),
    (re.compile(r"learning rate must be 0 or more, not (?P<value>.+)"),
     N_("learning rate must be 0 or more, not {value}")),
    (re.compile(r"learning rate must be more than 0, not (?P<value>.+)"),
     N_("learning rate must be more than 0, not {value}")),
    (re.compile(r"weight initialisation must be a positive number \(such as 0\.01\), "
                r"'xavier' or 'he', not (?P<value>.+)"),
     N_("weight initialisation must be a positive number (such as 0.01), 'xavier' or 'he', "
        "not {value}")),
    (re.compile(r"weight initialisation std must be a positive number up to 100, "
                r"not (?P<value>.+)"),
     N_("weight initialisation std must be a positive number up to 100, not {value}")),
    (re.compile(r"(?P<label>[\w -]+) must be between (?P<low>[\d,]+) and (?P<high>[\d,]+), "
                r"not (?P<value>.+)"),
     N_("{label} must be between {low} and {high}, not {value}")),
)
#: The names the engine gives the settings in those sentences.
ENGINE_NAMES = (
    N_("hidden size"), N_("batch size"), N_("iterations"), N_("seed"), N_("training-set size"),
    N_("accuracy sample size"),
)


def engine_words(sentence: str) -> str:
    """One of the engine's English sentences about a value, in the current language."""
    for pattern, template in ENGINE_SENTENCES:
        match = pattern.fullmatch(sentence)
        if match:
            values = match.groupdict()
            if "label" in values:
                values["label"] = _(values["label"])
            return _(template).format(**values)
    return sentence


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``tui-nn train`` options (they mirror TrainConfig)."""
    parser.description = _(
        "Train a two-layer network on the MNIST digits (or the built-in digits) by\n"
        "stochastic gradient descent, in the terminal. Defaults: the book's setting\n"
        "(sigmoid, hidden 50, weights std 0.01, batch 100, lr 0.1, 10,000 iterations)."
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = _(
        "examples:\n"
        "  tui-nn train                                the book's run\n"
        "  tui-nn train --preset faster --save         ReLU/He/hidden 100/lr 0.3, then keep it\n"
        "  tui-nn train --train-size 300 --epochs 100  overfitting on purpose\n"
        "  tui-nn train --gradient numerical           see how long the slow way would take\n"
        "\n"
        "exit status: 0 finished, 1 diverged / no data / not confirmed / not saved,\n"
        "2 bad option, 130 interrupted (Ctrl+C reports and saves the run so far)"
    )
    net = parser.add_argument_group(_("network"))
    net.add_argument(
        "--preset", choices=("book", "faster"), default="book",
        help=_("start from the book's setting (default) or the 'faster learner' "
        "(ReLU, He initialisation, hidden 100, lr 0.3); other options change it"),
    )
    net.add_argument("--hidden", type=_positive_int, metavar="N", help=_("hidden units"))
    net.add_argument("--activation", choices=ACTIVATION_CHOICES, help=_("hidden-layer activation"))
    net.add_argument(
        "--init", type=_weight_init, metavar="STD|xavier|he",
        help=_("starting weights: a standard deviation (the book: 0.01), xavier or he"),
    )
    learn = parser.add_argument_group(_("learning"))
    learn.add_argument("--batch", type=_positive_int, metavar="N", help=_("minibatch size"))
    learn.add_argument("--lr", type=_learning_rate, metavar="LR", help=_("learning rate"))
    length = learn.add_mutually_exclusive_group()
    length.add_argument("--iterations", type=_positive_int, metavar="N",
                        help=_("parameter updates"))
    length.add_argument(
        "--epochs", type=_positive_int, metavar="N",
        help=_("passes over the training set: iterations = N x iterations per epoch, where "
        "iterations per epoch = training-set size / batch size rounded down, at least 1 "
        "(600 / 250 = 2.4 -> 2); with --sampling shuffle rounded up instead, the last "
        "batch of each epoch being short (600 / 250 -> 3 batches: 250, 250, 100)"),
    )
    learn.add_argument(
        "--train-size", type=_positive_int, metavar="N",
        help=_("train on N images only (a few hundred make overfitting happen)"),
    )
    learn.add_argument(
        "--gradient", choices=GRADIENT_CHOICES,
        help=_("how to compute the gradient (numerical is very slow: you will see an estimate)"),
    )
    learn.add_argument(
        "--sampling", choices=SAMPLING_CHOICES,
        help=_("random minibatches, drawn with replacement, as the book (default); or "
        "shuffle: every image exactly once per epoch, the last batch short when the "
        "batch size does not divide the training set"),
    )
    learn.add_argument("--seed", type=_seed, metavar="N", help=_("random seed (default 0)"))
    learn.add_argument(
        "--eval-size", type=_positive_int, metavar="N",
        help=_("measure the per-epoch accuracies on N train and N test images (default: all)"),
    )
    data = parser.add_argument_group(_("data and output"))
    data.add_argument(
        "--source", choices=("auto", "mnist", "builtin"),
        help=_("real MNIST (mnist), the built-in digits (builtin), or MNIST when found (auto)"),
    )
    data.add_argument("--data-dir", metavar="DIR", help=_("look for the MNIST files in DIR first"))
    data.add_argument(
        "--save", nargs="?", const="", metavar="PATH",
        help=_("save the trained network (.npz); without PATH, in tui-nn's data folder"),
    )
    data.add_argument(
        "--quiet", action="store_true", help=_("no progress bar or epoch lines, just the result"))
    data.add_argument(
        "--yes", action="store_true",
        help=_("start even if the run would take more than a minute (numerical gradient)"),
    )


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    """The TrainConfig the options describe (``--epochs`` is resolved later, with the data)."""
    from tui_nn.engine.train_config import TrainConfig

    base = TrainConfig.faster_learner() if args.preset == "faster" else TrainConfig.book()
    changes: dict[str, Any] = {}
    for option, field in (
        ("hidden", "hidden_size"),
        ("activation", "activation"),
        ("init", "weight_init"),
        ("batch", "batch_size"),
        ("lr", "learning_rate"),
        ("iterations", "iterations"),
        ("train_size", "train_size"),
        ("gradient", "gradient"),
        ("sampling", "sampling"),
        ("seed", "seed"),
        ("eval_size", "eval_size"),
    ):
        value = getattr(args, option, None)
        if value is not None:
            changes[field] = value
    return TrainConfig(**{**base.to_dict(), **changes})
