"""Values as JSON, for the pipe between the checker process and the learner's process.

Numbers, NumPy arrays, dicts of them and ``None`` go across exactly
(NaN and infinities included: Python's ``json`` writes them as ``NaN`` and
``Infinity``); anything else goes as its short ``repr``. Never a pickle.
"""

from __future__ import annotations

from typing import Any

import numpy as np

REPR_LIMIT = 200


def encode(value: Any) -> dict[str, Any]:
    """``value`` as a JSON-ready dict."""
    if value is None:
        return {"kind": "none"}
    if isinstance(value, (bool, np.bool_)):
        return {"kind": "number", "value": float(value)}
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = value.item() if isinstance(value, np.generic) else value
        if isinstance(number, int) and abs(number) > 2**53:
            number = float(number)
        return {"kind": "number", "value": number}
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {"kind": "dict", "value": {key: encode(item) for key, item in value.items()}}
    if isinstance(value, (np.ndarray, list, tuple)):
        try:
            array = np.asarray(value)
        except (ValueError, TypeError):
            array = None
        if array is not None and array.dtype.kind in "biuf":
            return {
                "kind": "array",
                "value": array.astype(np.float64).tolist(),
                "shape": list(array.shape),
                "dtype": str(array.dtype),
            }
    try:
        text = repr(value)
    except Exception:  # a learner's object whose repr fails
        text = f"<{type(value).__name__}>"
    return {"kind": "other", "repr": text[:REPR_LIMIT], "type": type(value).__name__}


def decode(data: dict[str, Any]) -> Any:
    """The value :func:`encode` described (``Opaque`` for anything it could not carry)."""
    kind = data.get("kind")
    if kind == "none":
        return None
    if kind == "number":
        return data["value"]
    if kind == "dict":
        return {key: decode(item) for key, item in data["value"].items()}
    if kind == "array":
        array = np.array(data["value"], dtype=np.float64).reshape(data["shape"])
        dtype = np.dtype(data.get("dtype", "float64"))
        return array.astype(dtype) if dtype.kind in "biu" else array
    return Opaque(str(data.get("repr", "?")), str(data.get("type", "?")))


class Opaque:
    """A value that is not a number, an array or a dict of them (shown by its repr)."""

    def __init__(self, text: str, type_name: str) -> None:
        self.text = text
        self.type_name = type_name

    def __repr__(self) -> str:
        return self.text
