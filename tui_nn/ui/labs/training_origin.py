"""Which network lesson 8's Inspect and Draw views show, in words."""

from __future__ import annotations

from tui_nn.i18n import N_, _
from tui_nn.training_session import SessionState, TrainingSession


def network_origin(session: TrainingSession) -> str:
    """The network in use, in words ("Showing the network loaded from …" and so on)."""
    log = session.log
    if session.active and log is not None:
        iteration = log.view(since=len(log.losses)).iteration
        return _(
            "Showing the network being trained, as it was at iteration {iteration} "
            "({epoch}); press 3 again to update."
        ).format(iteration=f"{iteration:,}", epoch=epoch_words(iteration, log.iterations_per_epoch))
    network = session.network
    if network is None:
        return _("Showing the network.")
    if network.file_name:
        return _("Showing the network loaded from {file}.").format(file=network.file_name)
    how = {
        SessionState.STOPPED: N_(
            "Showing the network from the run stopped at iteration {iteration} ({epoch})."
        ),
        SessionState.DIVERGED: N_(
            "Showing the network from the run that diverged at iteration {iteration} ({epoch})."
        ),
    }
    sentence = how.get(
        network.state,
        N_("Showing the network from the run finished at iteration {iteration} ({epoch})."),
    )
    return _(sentence).format(
        iteration=f"{network.iterations:,}",
        epoch=epoch_words(network.iterations, network.iterations_per_epoch),
    )


def epoch_words(iteration: int, per_epoch: float) -> str:
    """``epoch 1.5`` for ``iteration`` at ``per_epoch`` iterations an epoch."""
    return _("epoch {value}").format(value=f"{iteration / per_epoch:.1f}" if per_epoch else "0")
