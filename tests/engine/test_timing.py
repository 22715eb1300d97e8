"""The one numerical-gradient time estimator (lessons 7 and 8 and tui-nn train)."""

from __future__ import annotations

import numpy as np


def test_the_estimator_times_the_real_numerical_gradient_and_puts_the_weights_back() -> None:
    from tui_nn.engine.nets import TwoLayerNet
    from tui_nn.engine.timing import estimate_numerical_gradient

    rng = np.random.default_rng(1)
    x = rng.random((20, 30))
    t = rng.integers(0, 4, size=20)
    net = TwoLayerNet(30, 20, 4, rng=np.random.default_rng(0))
    before = {k: v.copy() for k, v in net.params.items()}
    probe = estimate_numerical_gradient(net, x, t, parameters=50, least_seconds=0.0,
                                        most_seconds=5.0)
    assert probe is not None and probe.total == net.parameter_count() == 704
    assert probe.done >= 1 and probe.seconds > 0
    assert probe.finished or probe.done >= 50
    assert probe.estimate > 0
    for key, value in before.items():
        np.testing.assert_array_equal(net.params[key], value)
    assert estimate_numerical_gradient(net, x, t, should_stop=lambda: True) is None


def test_the_estimator_runs_at_least_least_seconds() -> None:
    from tui_nn.engine.nets import TwoLayerNet
    from tui_nn.engine.timing import estimate_numerical_gradient

    rng = np.random.default_rng(2)
    x = rng.random((100, 100))
    t = rng.integers(0, 10, size=100)
    net = TwoLayerNet(100, 50, 10, rng=np.random.default_rng(0))
    probe = estimate_numerical_gradient(net, x, t, parameters=1, least_seconds=0.2)
    assert probe is not None and not probe.finished
    assert probe.seconds >= 0.2 and probe.done < probe.total
