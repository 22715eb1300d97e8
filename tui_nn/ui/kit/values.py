"""Reading saved lab settings back safely: each helper returns None for a bad value.

``restore_settings`` gets whatever a settings file held, possibly edited by
hand or damaged: never trust a type or a range.

    size = number_setting(data, "batch", 1, 1000, integer=True)
    if size is not None:
        self.batch_size = int(size)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def number_setting(
    data: Mapping[str, object],
    key: str,
    minimum: float,
    maximum: float,
    *,
    integer: bool = False,
) -> float | None:
    """``data[key]`` if it is a finite number in [minimum, maximum] (whole if ``integer``)."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    if not math.isfinite(number) or not minimum <= number <= maximum:
        return None
    if integer and not number.is_integer():
        return None
    return number


def bool_setting(data: Mapping[str, object], key: str) -> bool | None:
    """``data[key]`` if it is a boolean."""
    value = data.get(key)
    return value if isinstance(value, bool) else None


def choice_setting(data: Mapping[str, object], key: str, choices: Sequence[str]) -> str | None:
    """``data[key]`` if it is one of ``choices``."""
    value = data.get(key)
    return value if isinstance(value, str) and value in choices else None


def numbers_setting(
    data: Mapping[str, object], key: str, length: int, minimum: float, maximum: float
) -> list[float] | None:
    """``data[key]`` if it is a list of ``length`` finite numbers in [minimum, maximum]."""
    value = data.get(key)
    if not isinstance(value, list) or len(value) != length:
        return None
    numbers = [number_setting({"v": item}, "v", minimum, maximum) for item in value]
    if any(n is None for n in numbers):
        return None
    return [float(n) for n in numbers if n is not None]
