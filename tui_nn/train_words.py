"""The words of ``tui-nn train``: the setting, the epoch arithmetic and the report.

Every sentence goes through the catalogue (:mod:`tui_nn.i18n`), so ``tui-nn
train --lang ko`` (or a Korean locale) reports in Korean; the numbers are the
engine's.  Split out of :mod:`tui_nn.train_cli`, which runs the training.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_nn.formatting import format_duration
from tui_nn.i18n import N_, _, ngettext

if TYPE_CHECKING:  # pragma: no cover
    from tui_nn.engine.train import TrainConfig, Trainer

MAX_MEASURED_EPOCHS = 100  # accuracy is measured at most this often in one run (and at the end)


def describe_config(config: TrainConfig, trainer: Trainer) -> list[str]:
    """Human lines about the network and the epoch arithmetic."""
    init = config.weight_init_std()
    if isinstance(init, float):
        init_text = _("starting weights std {std:g}").format(std=init)
    else:
        init_text = _("{name} starting weights").format(name="He" if init == "he" else "Xavier")
    gradient = _("backpropagation") if config.gradient == "backprop" else _("numerical gradient")
    ipe = trainer.iterations_per_epoch
    arithmetic = epoch_words(trainer.train_size, config.batch_size, config.sampling)
    every = int(getattr(trainer, "every", 1))
    measured = (
        [_("accuracy: measured every {every:,} epochs (at most {most} times a run) and at the "
           "end").format(every=every, most=MAX_MEASURED_EPOCHS)]
        if every > 1 else []
    )
    count = trainer.net.parameter_count()
    return [
        ngettext(
            "network: {shape}, {activation}, {init}, {count:,} parameter",
            "network: {shape}, {activation}, {init}, {count:,} parameters", count,
        ).format(shape=f"{trainer.x_train.shape[1]}-{config.hidden_size}-10",
                 activation=config.activation, init=init_text, count=count),
        _("learning: batch {batch}, learning rate {lr:g}, {gradient}, seed {seed}").format(
            batch=config.batch_size, lr=config.learning_rate, gradient=gradient,
            seed=config.seed),
        _("epochs: {arithmetic} per epoch; {iterations} = {epochs:.4g} epochs").format(
            arithmetic=arithmetic, iterations=iterations_text(config.iterations),
            epochs=config.iterations / ipe),
        *measured,
    ]


def iterations_text(count: int) -> str:
    """``1 iteration``, ``10,000 iterations`` (in the current language)."""
    return ngettext("{count:,} iteration", "{count:,} iterations", count).format(count=count)


def epoch_words(train_size: int, batch_size: int, sampling: str) -> str:
    """The engine's epoch arithmetic (:func:`~tui_nn.engine.train_config.epoch_split`) in words.

    ``60,000 training images / batch 100 = 600 iterations``; when it does not
    divide: ``600 training images / batch 250 = 2.4, rounded down: 2 iterations``.
    """
    from tui_nn.engine.train_config import epoch_split

    split = epoch_split(train_size, batch_size, sampling)
    head = _("{images:,} training images / batch {batch:,} =").format(
        images=split.train_size, batch=split.batch_size)
    result = iterations_text(split.iterations)
    quotient = f"{split.quotient:,.4g}"
    if split.rounding == "exact":
        return f"{head} {result}"
    if split.rounding == "up":
        rest = _("{quotient}, rounded up (the last batch has {last:,}): {result}")
    elif split.rounding == "at least one":
        rest = _("{quotient}, but at least: {result}")
    else:
        rest = _("{quotient}, rounded down: {result}")
    return f"{head} " + rest.format(quotient=quotient, last=split.last_batch, result=result)


def data_label(dataset: object) -> str:
    """What the data is, in the current language (the data layer's label is English)."""
    label = str(getattr(dataset, "label", ""))
    path = getattr(dataset, "path", None)
    if getattr(dataset, "source", "") == "mnist" and path is not None and label.endswith(
        f"({path})"
    ):
        return _("real MNIST ({path})").format(path=path)
    return _(label)


def reason_words(reason: str) -> str:
    """The engine's reason a run ended (``done``, ``diverged (loss is nan)``…), translated."""
    if reason.startswith("diverged (loss is ") and reason.endswith(")"):
        return _("diverged (loss is {loss})").format(loss=reason[len("diverged (loss is "):-1])
    known = {"done": N_("finished"), "stopped": N_("stopped"),
             "diverged (weights overflowed)": N_("diverged (weights overflowed)")}
    return _(known[reason]) if reason in known else reason


def report(finished, label: str, say, interrupted: bool, hard_stop: bool, tally) -> None:
    rate = finished.iterations / finished.seconds if finished.seconds > 0 else 0.0
    if hard_stop:
        head = _("stopped at once (second Ctrl+C)")
    elif finished.reason == "done":
        head = _("finished")
    elif interrupted:
        head = _("stopped (Ctrl+C)")
    else:
        head = reason_words(finished.reason)
    say(_(
        "{head} after {iterations} in {time} ({rate:,.0f} it/s, of which {eval_time} measuring "
        "accuracy)"
    ).format(head=head, iterations=iterations_text(finished.iterations),
             time=format_duration(finished.seconds), rate=rate,
             eval_time=format_duration(finished.eval_seconds)))
    if finished.train_accuracy is None or finished.test_accuracy is None:
        why = _("not measured yet") if hard_stop else _("the weights went wrong")
        say(_("final: train accuracy n/a  test accuracy n/a  ({why})  on {label}").format(
            why=why, label=label))
        return
    when = ""
    if hard_stop and tally.last_epoch is not None:
        when = _(" (as measured after epoch {epoch})").format(epoch=tally.last_epoch.epoch)
    say(_("final: train accuracy {train:.4f}  test accuracy {test:.4f}  on {label}").format(
        train=finished.train_accuracy, test=finished.test_accuracy, label=label) + when)


