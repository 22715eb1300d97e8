"""Benchmark: the numerical gradient, plain and structured, against backpropagation.

    python3 bench/numgrad_speed.py                      # 784-100-10 and 784-50-10, batch 100
    python3 bench/numgrad_speed.py --rounds 5 --threads 1 2

For each network, in interleaved rounds, at each BLAS thread count:

- plain: the book's loop (nudge, loss, nudge, loss, restore) timed on a slice
  of parameters spread over all four arrays, extrapolated to all of them;
- structured: ``numerical_gradient(method="structured")`` on every parameter;
- backprop: ``gradient()``;
- the engine's estimator (``estimate_numerical_gradient``, what lessons 7
  and 8 show) next to the plain figure;

then the ratios (target: structured at least 100x faster than plain, aim 300x),
the agreement (largest |difference| of structured against the plain slice and
against backprop) and, for the book's 10,000 training steps, what plain would
take.  The figures are min / median / max over the rounds, with the load average.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from _common import blas_kernel, images, load_average, spread

from tui_nn.engine.nets import PARAM_NAMES, TwoLayerNet
from tui_nn.engine.timing import estimate_numerical_gradient
from tui_nn.threads import blas_threads

H = 1e-4
STEPS = 10_000  # the book's training run


def plain_slice(net: TwoLayerNet, x: np.ndarray, t: np.ndarray, count: int):
    """The book's loop on ``count`` parameters spread over all four arrays: seconds, values."""
    picks = []
    total = net.parameter_count()
    step = max(1, total // count)
    flat = [(name, i) for name in PARAM_NAMES for i in range(net.params[name].size)]
    picks = flat[::step][:count]
    values = {}
    net.loss(x, t, delta=0.0)  # warm up
    start = time.perf_counter()
    for name, i in picks:
        param = net.params[name].reshape(-1)
        keep = param[i]
        param[i] = keep + H
        up = net.loss(x, t, delta=0.0)
        param[i] = keep - H
        down = net.loss(x, t, delta=0.0)
        param[i] = keep
        values[(name, i)] = (up - down) / (2 * H)
    return time.perf_counter() - start, values


def one_round(hidden: int, x: np.ndarray, t: np.ndarray, slice_size: int) -> dict:
    net = TwoLayerNet(784, hidden, 10, rng=np.random.default_rng(0))
    total = net.parameter_count()
    seconds, values = plain_slice(net, x, t, slice_size)
    plain = seconds / len(values) * total
    start = time.perf_counter()
    structured = net.numerical_gradient(x, t, delta=0.0, method="structured")
    structured_s = time.perf_counter() - start
    backprop_times = []
    for _ in range(20):
        start = time.perf_counter()
        backprop = net.gradient(x, t)
        backprop_times.append(time.perf_counter() - start)
    estimate = estimate_numerical_gradient(net, x, t, method="plain")
    assert estimate is not None
    vs_plain = max(
        abs(structured[name].reshape(-1)[i] - value) for (name, i), value in values.items()
    )
    vs_backprop = max(float(np.max(np.abs(structured[k] - backprop[k]))) for k in PARAM_NAMES)
    return {
        "plain": plain,
        "structured": structured_s,
        "backprop": float(np.median(backprop_times)),
        "estimate": estimate.estimate,
        "vs_plain": vs_plain,
        "vs_backprop": vs_backprop,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hidden", type=int, nargs="+", default=[100, 50])
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--threads", type=int, nargs="+", default=[1])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--slice", type=int, default=400, help="plain parameters timed")
    args = parser.parse_args(argv)

    x_raw, t, label = images(args.batch)
    x = x_raw.astype(np.float64) / 255.0
    print(f"data: {label}, batch {args.batch}; BLAS: {blas_kernel()}")
    results: dict[tuple[int, int], list[dict]] = {}
    loads = [load_average()]
    for _ in range(args.rounds):  # interleaved: every setting once per round
        for threads in args.threads:
            for hidden in args.hidden:
                with blas_threads(threads):
                    results.setdefault((hidden, threads), []).append(
                        one_round(hidden, x, t, args.slice)
                    )
        loads.append(load_average())
    print(f"load average during the run: {', '.join(loads)}\n")
    for (hidden, threads), rounds in results.items():
        total = TwoLayerNet(784, hidden, 10).parameter_count()
        figure = {key: [r[key] for r in rounds] for key in rounds[0]}
        ratios = [r["plain"] / r["structured"] for r in rounds]
        print(f"784-{hidden}-10 ({total:,} parameters), batch {args.batch}, "
              f"{threads} BLAS thread(s), {len(rounds)} rounds")
        print(f"  plain (slice of {args.slice}, extrapolated)  s: {spread(figure['plain'])}")
        print(f"  estimator (lessons 7 and 8)          s: {spread(figure['estimate'])}")
        print(f"  structured (all parameters)          s: {spread(figure['structured'])}")
        print(f"  backprop                            ms: "
              f"{spread([v * 1e3 for v in figure['backprop']])}")
        print(f"  plain / structured (target >= 100, aim 300): {spread(ratios)}")
        print(f"  structured / backprop: "
              f"{spread([r['structured'] / r['backprop'] for r in rounds])}")
        print(f"  largest |structured - plain| on the slice: {max(figure['vs_plain']):.1e}; "
              f"|structured - backprop|: {max(figure['vs_backprop']):.1e}")
        hours = [v * STEPS / 3600 for v in figure["plain"]]
        print(f"  {STEPS:,} training steps by plain numerical gradient, hours: {spread(hours)}")
        structured_hours = [v * STEPS / 3600 for v in figure["structured"]]
        print(f"  {STEPS:,} steps by structured numerical gradient, hours: "
              f"{spread(structured_hours)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
