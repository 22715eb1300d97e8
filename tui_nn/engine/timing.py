"""How long a numerical gradient takes: time the real thing on a few hundred parameters.

One estimator for every place that shows the figure (lesson 7's lab,
lesson 8's lab, ``tui-nn train --gradient numerical``), so the same network
on the same machine gives the same figure everywhere.  It runs the real
``TwoLayerNet.numerical_gradient`` (plain or structured) on a copy of the
network, stops it once enough has been timed, and scales up by the share of
the work done.  It runs in whatever BLAS thread limit the caller has set
(``tui_nn.threads.blas_threads``): the estimate is for that setting.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from tui_nn.engine.gradient import Cancelled
from tui_nn.engine.nets import NUMERICAL_METHODS, PARAM_NAMES, TwoLayerNet

#: Defaults of :func:`estimate_numerical_gradient`: at least this many parameters ...
PROBE_PARAMETERS = 300
#: ... and at least this many seconds (a busy machine varies) ...
PROBE_LEAST_SECONDS = 0.5
#: ... but never more than this.
PROBE_MOST_SECONDS = 3.0


@dataclass(frozen=True)
class NumericalEstimate:
    """The numerical gradient (``method``), timed on its first ``done`` of ``total`` parameters."""

    method: str
    done: int
    total: int
    seconds: float  # spent on those ``done`` parameters
    finished: bool  # the whole gradient ran (then ``seconds`` is its real time)

    @property
    def per_parameter(self) -> float:
        return self.seconds / max(self.done, 1)

    @property
    def estimate(self) -> float:
        """Seconds the whole numerical gradient takes, at the rate measured."""
        return self.seconds if self.finished else self.per_parameter * self.total


def estimate_numerical_gradient(
    net: TwoLayerNet,
    x: Any,
    t: Any,
    *,
    method: str = "plain",
    parameters: int = PROBE_PARAMETERS,
    least_seconds: float = PROBE_LEAST_SECONDS,
    most_seconds: float = PROBE_MOST_SECONDS,
    should_stop: Callable[[], bool] | None = None,
) -> NumericalEstimate | None:
    """Time ``net.numerical_gradient(x, t, method=method)`` on part of the network, and scale up.

    The work runs on a float64 copy of ``net`` (which is never changed) and
    stops once ``parameters`` parameters are done and ``least_seconds`` have
    passed, or after ``most_seconds``.  The clock starts when the first
    parameter is done, so the input checks and the first pass (warming up)
    are left out.  A structured gradient counts parameters in proportion to
    its work, so its extrapolation holds too.  Returns None if
    ``should_stop()`` became True.
    """
    if method not in NUMERICAL_METHODS:
        raise ValueError(f'method must be "plain" or "structured", but got {method!r}')
    probe = copy.deepcopy(net)
    for name in PARAM_NAMES:
        probe.params[name] = np.array(probe.params[name], dtype=np.float64)
    clock: list[float] = []
    stopped = [False]

    def on_progress(done: int, total: int) -> bool:
        now = time.perf_counter()
        if should_stop is not None and should_stop():
            stopped[0] = True
            return False
        if not clock:
            clock.extend((now, float(done)))
            return True
        elapsed = now - clock[0]
        enough = done - clock[1] >= parameters and elapsed >= least_seconds
        return not (enough or elapsed >= most_seconds)

    start = time.perf_counter()
    try:
        with np.errstate(all="ignore"):
            probe.numerical_gradient(x, t, on_progress=on_progress, delta=0.0, method=method)
    except Cancelled as stop:
        if stopped[0]:
            return None
        elapsed = time.perf_counter() - clock[0]
        return NumericalEstimate(method, int(stop.done - clock[1]), stop.total, elapsed, False)
    total = probe.parameter_count()
    return NumericalEstimate(method, total, total, time.perf_counter() - start, True)
