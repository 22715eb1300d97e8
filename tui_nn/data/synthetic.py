"""Built-in digits: MNIST-shaped handwritten-looking digits, drawn by tui-nn itself.

They let every lesson run on a fresh machine with no network.  Each digit 0..9
has a few stroke templates (lines and Bezier curves, like a pen would draw).
Every example is the template bent by a random smooth warp, each stroke nudged
on its own, then rotated, sheared and squeezed at random, scaled so its longer
side is about 20 pixels and centred by its centre of mass in a 28x28 box (as
MNIST was made), drawn as points, blurred and inked with a random stroke width.

Everything is vectorised and deterministic from the seed: 60,000 + 10,000
digits take about a second.  The images are ``uint8`` (0 = background,
255 = ink), like the real MNIST files.
"""

from __future__ import annotations

import numpy as np

SIZE = 28
#: Distance between the points a stroke is drawn with, in template units (~0.45 px).
_SPACING = 0.05
_CHUNK = 8192


# --- stroke templates (x to the right, y up, the digit roughly inside [-1, 1]^2) ----------------


def _bez(p0, p1, p2, p3, n: int = 64) -> np.ndarray:
    t = np.linspace(0.0, 1.0, n)[:, None]
    p0, p1, p2, p3 = (np.asarray(p, dtype=float) for p in (p0, p1, p2, p3))
    return (
        (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2 + t**3 * p3
    )


def _line(p0, p1, n: int = 32) -> np.ndarray:
    t = np.linspace(0.0, 1.0, n)[:, None]
    return (1 - t) * np.asarray(p0, dtype=float) + t * np.asarray(p1, dtype=float)


def _arc(cx, cy, rx, ry, a0, a1, n: int = 96) -> np.ndarray:
    a = np.radians(np.linspace(a0, a1, n))
    return np.stack([cx + rx * np.cos(a), cy + ry * np.sin(a)], axis=1)


def _templates() -> dict[int, list[tuple[float, list[np.ndarray]]]]:
    """For each digit, a list of (weight, strokes); each stroke is a dense polyline."""
    return {
        0: [
            (3, [_arc(0, 0, 0.6, 1.0, 95, 455)]),
            (1, [_arc(0, 0, 0.42, 1.0, 80, 440)]),
            (1, [_bez((0.1, 1), (-0.9, 1.0), (-0.7, -1.1), (0.05, -1)),
                 _bez((0.05, -1), (0.8, -0.9), (0.8, 1.1), (-0.1, 0.95))]),
        ],
        1: [
            (3, [_line((0.05, 1), (-0.05, -1))]),
            (2, [_line((-0.4, 0.6), (0.05, 1)), _line((0.05, 1), (0.0, -1))]),
            (1, [_line((-0.4, 0.6), (0.05, 1)), _line((0.05, 1), (0.0, -1)),
                 _line((-0.35, -1), (0.35, -1))]),
        ],
        2: [
            (3, [_bez((-0.55, 0.55), (-0.4, 1.1), (0.6, 1.1), (0.5, 0.35)),
                 _bez((0.5, 0.35), (0.4, -0.1), (-0.3, -0.6), (-0.6, -1)),
                 _line((-0.6, -1), (0.65, -1))]),
            (2, [_bez((-0.55, 0.55), (-0.4, 1.1), (0.6, 1.1), (0.5, 0.35)),
                 _bez((0.5, 0.35), (0.4, -0.2), (-0.6, -0.5), (-0.55, -0.95)),
                 _bez((-0.55, -0.95), (-0.5, -1.2), (-0.1, -0.6), (-0.3, -0.8)),
                 _bez((-0.3, -0.8), (0.0, -1.05), (0.3, -1.0), (0.7, -0.9))]),
        ],
        3: [
            (3, [_bez((-0.55, 0.75), (-0.2, 1.15), (0.65, 1.0), (0.45, 0.45)),
                 _bez((0.45, 0.45), (0.3, 0.05), (0.0, 0.05), (-0.15, 0.05)),
                 _bez((-0.15, 0.05), (0.5, 0.05), (0.75, -0.4), (0.5, -0.75)),
                 _bez((0.5, -0.75), (0.2, -1.15), (-0.35, -1.05), (-0.6, -0.75))]),
            (1, [_line((-0.5, 1), (0.5, 1)), _line((0.5, 1), (-0.05, 0.15)),
                 _bez((-0.05, 0.15), (0.6, 0.15), (0.75, -0.4), (0.5, -0.75)),
                 _bez((0.5, -0.75), (0.2, -1.15), (-0.35, -1.05), (-0.6, -0.75))]),
        ],
        4: [
            (3, [_line((0.25, 1), (-0.6, -0.35)), _line((-0.6, -0.35), (0.6, -0.35)),
                 _line((0.3, 0.55), (0.3, -1))]),
            (2, [_line((-0.45, 1), (-0.5, -0.25)), _line((-0.5, -0.25), (0.55, -0.25)),
                 _line((0.35, 1), (0.3, -1))]),
        ],
        5: [
            (3, [_line((0.55, 1), (-0.35, 1)), _line((-0.35, 1), (-0.45, 0.15)),
                 _bez((-0.45, 0.15), (0.1, 0.45), (0.75, 0.2), (0.55, -0.5)),
                 _bez((0.55, -0.5), (0.35, -1.1), (-0.3, -1.05), (-0.6, -0.7))]),
            (1, [_line((-0.35, 1), (-0.45, 0.15)),
                 _bez((-0.45, 0.15), (0.0, 0.4), (0.8, 0.3), (0.6, -0.4)),
                 _bez((0.6, -0.4), (0.45, -1.1), (-0.4, -1.0), (-0.55, -0.75)),
                 _line((-0.3, 1.0), (0.6, 1.05))]),
        ],
        6: [
            (3, [_bez((0.45, 1), (-0.2, 0.8), (-0.6, 0.0), (-0.5, -0.5)),
                 _arc(0, -0.5, 0.5, 0.48, 180, 530)]),
            (1, [_line((0.3, 1), (-0.45, -0.3)), _arc(0, -0.5, 0.48, 0.5, 160, 520)]),
        ],
        7: [
            (3, [_line((-0.55, 1), (0.55, 1)),
                 _bez((0.55, 1), (0.3, 0.4), (0.0, -0.3), (-0.1, -1))]),
            (1, [_line((-0.55, 1), (0.55, 1)), _line((0.55, 1), (-0.15, -1)),
                 _line((-0.2, 0.05), (0.45, 0.05))]),
            (1, [_line((-0.6, 0.75), (-0.55, 1)), _line((-0.55, 1), (0.55, 1)),
                 _line((0.55, 1), (0.1, -1))]),
        ],
        8: [
            (2, [_arc(0, 0.5, 0.42, 0.45, -90, 270), _arc(0, -0.47, 0.52, 0.5, 90, 450)]),
            (2, [_bez((0.4, 0.8), (0.2, 1.1), (-0.5, 1.0), (-0.4, 0.55)),
                 _bez((-0.4, 0.55), (-0.3, 0.2), (0.5, -0.1), (0.5, -0.5)),
                 _bez((0.5, -0.5), (0.5, -1.1), (-0.5, -1.1), (-0.5, -0.5)),
                 _bez((-0.5, -0.5), (-0.5, -0.1), (0.45, 0.2), (0.4, 0.75))]),
        ],
        9: [
            (3, [_arc(0, 0.45, 0.45, 0.5, 0, 370),
                 _bez((0.45, 0.45), (0.45, -0.1), (0.35, -0.6), (0.25, -1))]),
            (2, [_arc(0, 0.5, 0.45, 0.45, 10, 370), _line((0.45, 0.55), (0.45, -1))]),
            (1, [_arc(-0.05, 0.45, 0.45, 0.5, 0, 370),
                 _bez((0.4, 0.45), (0.5, -0.5), (0.2, -1.1), (-0.4, -0.8))]),
        ],
    }


def _resample(stroke: np.ndarray, spacing: float) -> np.ndarray:
    """Points evenly spaced along a polyline."""
    seg = np.linalg.norm(np.diff(stroke, axis=0), axis=1)
    dist = np.concatenate([[0.0], np.cumsum(seg)])
    n = max(2, int(np.ceil(dist[-1] / spacing)) + 1)
    at = np.linspace(0.0, dist[-1], n)
    return np.stack([np.interp(at, dist, stroke[:, 0]), np.interp(at, dist, stroke[:, 1])], 1)


class _Template:
    """One way of writing a digit: its points and which stroke each point belongs to."""

    def __init__(self, strokes: list[np.ndarray]) -> None:
        parts = [_resample(s, _SPACING) for s in strokes]
        self.points = np.concatenate(parts).astype(np.float32)
        self.stroke_id = np.concatenate([np.full(len(p), i) for i, p in enumerate(parts)])
        self.n_strokes = len(parts)


_TEMPLATES: dict[int, tuple[np.ndarray, list[_Template]]] | None = None


def _get_templates() -> dict[int, tuple[np.ndarray, list[_Template]]]:
    global _TEMPLATES
    if _TEMPLATES is None:
        built = {}
        for digit, variants in _templates().items():
            weights = np.array([w for w, _ in variants], dtype=float)
            built[digit] = (weights / weights.sum(), [_Template(s) for _, s in variants])
        _TEMPLATES = built
    return _TEMPLATES


# --- drawing ------------------------------------------------------------------------------------


def _gaussian_matrix(sigma: float) -> np.ndarray:
    """A 28x28 matrix that blurs one image axis with a Gaussian (image @ K blurs rows)."""
    idx = np.arange(SIZE)
    k = np.exp(-0.5 * ((idx[:, None] - idx[None, :]) / sigma) ** 2)
    k /= np.sqrt(2 * np.pi) * sigma
    k[np.abs(idx[:, None] - idx[None, :]) > 3 * sigma] = 0.0
    return k.astype(np.float32)


_BLUR = _gaussian_matrix(0.9)


def _distorted_points(
    rng: np.random.Generator, template: _Template, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` random versions of ``template``: pixel x, y (rows go down) and ink, each (n, M)."""
    f32 = np.float32
    # each stroke nudged on its own (pen lifted and put down a little off)
    nudge = rng.normal(0.0, 0.07, size=(2, n, template.n_strokes)).astype(f32)
    x = template.points[:, 0] + nudge[0][:, template.stroke_id]
    y = template.points[:, 1] + nudge[1][:, template.stroke_id]
    # a smooth random warp: sine waves of displacement across the digit
    k = rng.normal(0.0, 1.6, size=(4, 2, n, 1)).astype(f32)
    phase = rng.uniform(0, 2 * np.pi, size=(4, n, 1)).astype(f32)
    amp = rng.normal(0.0, 0.085, size=(4, n, 1)).astype(f32)
    waves = [amp[i] * np.sin(k[i, 0] * x + k[i, 1] * y + phase[i]) for i in range(4)]
    wx = x + waves[0] + waves[1]
    wy = y + waves[2] + waves[3]
    # rotation, shear, squeeze (y flipped: image rows go down)
    theta = np.clip(rng.normal(0.0, 0.22, n), -0.55, 0.55)
    shear = np.clip(rng.normal(0.0, 0.26, n), -0.6, 0.6)
    squeeze = rng.uniform(0.65, 1.2, n)
    cos, sin = np.cos(theta), np.sin(theta)
    # [x', y'] = R @ Shear @ diag(squeeze, -1) @ [x, y]
    a = np.stack(
        [cos * squeeze, sin - cos * shear, sin * squeeze, -(sin * shear + cos)]
    ).astype(f32)[:, :, None]
    px = a[0] * wx + a[1] * wy
    py = a[2] * wx + a[3] * wy
    # scale so the longer side is about 20 px, then centre the centre of mass
    extent = np.maximum(np.ptp(px, axis=1), np.ptp(py, axis=1))
    scale = (rng.uniform(15.0, 20.0, n) / np.maximum(extent, 1e-3)).astype(f32)[:, None]
    jitter = rng.normal(0.0, 0.8, size=(2, n, 1)).astype(f32)
    px *= scale
    py *= scale
    px += (SIZE - 1) / 2 + jitter[0] - px.mean(axis=1, keepdims=True)
    py += (SIZE - 1) / 2 + jitter[1] - py.mean(axis=1, keepdims=True)
    # the pen may start a little late and lift a little early: those points get no ink
    m = px.shape[1]
    start = (rng.uniform(0.0, 0.08, (n, 1)) * m).astype(np.int64)
    stop = m - (rng.uniform(0.0, 0.08, (n, 1)) * m).astype(np.int64)
    order = np.arange(m)
    ink = ((order >= start) & (order < stop)).astype(f32)
    return px, py, ink


def _splat(x: np.ndarray, y: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """Draw points (x, y, ink each (n, M)) onto (n, 28, 28) float images, bilinearly."""
    n = len(x)
    # the digit is scaled to ~20 px in a 28 px box, so clamping only touches stray points
    x = np.clip(x, 0.0, SIZE - 1.001)
    y = np.clip(y, 0.0, SIZE - 1.001)
    x0, y0 = x.astype(np.int64), y.astype(np.int64)
    fx, fy = x - x0, y - y0
    flat = (np.arange(n, dtype=np.int64) * SIZE * SIZE)[:, None] + y0 * SIZE + x0
    index = np.concatenate([flat, flat + 1, flat + SIZE, flat + SIZE + 1], axis=None)
    gx, gy = 1.0 - fx, 1.0 - fy
    fx, gx = fx * ink, gx * ink
    weights = np.concatenate([gx * gy, fx * gy, gx * fy, fx * fy], axis=None)
    total = np.bincount(index, weights=weights, minlength=n * SIZE * SIZE)
    return total.reshape(n, SIZE, SIZE).astype(np.float32)


def _ink(density: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Blur the point density and turn it into 0..255 ink with a random stroke width."""
    n = len(density)
    rows = (density.reshape(-1, SIZE) @ _BLUR).reshape(n, SIZE, SIZE)
    cols = np.ascontiguousarray(rows.transpose(0, 2, 1)).reshape(-1, SIZE) @ _BLUR
    blurred = cols.reshape(n, SIZE, SIZE).transpose(0, 2, 1)
    gain = rng.uniform(1.6, 3.4, size=(n, 1, 1)).astype(np.float32)
    ink = np.multiply(blurred, gain)
    np.square(ink, out=ink)
    np.negative(ink, out=ink)
    np.exp(ink, out=ink)
    # 255 * (1 - exp(-(gain * blurred)^2)), faint haze below 3% cut to 0
    np.multiply(ink, -255.0, out=ink)
    np.add(ink, 255.5, out=ink)
    ink[ink < 0.03 * 255] = 0.0
    return ink.astype(np.uint8)


def _draw(rng: np.random.Generator, labels: np.ndarray) -> np.ndarray:
    """Images for the given labels (one chunk)."""
    templates = _get_templates()
    variant = np.empty(len(labels), dtype=np.int64)
    for digit in range(10):
        mask = labels == digit
        weights, _ = templates[digit]
        variant[mask] = rng.choice(len(weights), size=int(mask.sum()), p=weights)
    density = np.zeros((len(labels), SIZE, SIZE), dtype=np.float32)
    for digit in range(10):
        _, variants = templates[digit]
        for v, template in enumerate(variants):
            where = np.flatnonzero((labels == digit) & (variant == v))
            if where.size:
                density[where] = _splat(*_distorted_points(rng, template, where.size))
    return _ink(density, rng)


def make_digits(n: int, seed: int | np.random.SeedSequence = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` built-in digits and their labels: uint8 (n, 28, 28) images, uint8 (n,) labels."""
    if n < 0:
        raise ValueError(f"the number of digits must be >= 0, got {n}")
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, size=n).astype(np.uint8)
    images = np.empty((n, SIZE, SIZE), dtype=np.uint8)
    for start in range(0, n, _CHUNK):
        images[start : start + _CHUNK] = _draw(rng, labels[start : start + _CHUNK])
    return images, labels


def builtin_digits(
    n_train: int = 60_000, n_test: int = 10_000, seed: int = 0
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """A training set and a separate test set, both deterministic from ``seed``."""
    train_seq, test_seq = np.random.SeedSequence(seed).spawn(2)
    return make_digits(n_train, train_seq), make_digits(n_test, test_seq)
