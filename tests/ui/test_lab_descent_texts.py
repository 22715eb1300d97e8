"""Lessons 3-5's texts: plain words, 200-400 of them, and a Try this whose keys the labs have."""

from __future__ import annotations

import re

import pytest

from tests.i18n.test_lessons_ko import bound_keys, english, key_like, key_name, try_this
from tui_nn.catalog import LESSONS

MINE = [LESSONS[3], LESSONS[4], LESSONS[5]]


def prose_words(text: str) -> int:
    """Words outside code spans (a formula such as `0.01*x**2` is not words)."""
    return len(re.findall(r"[A-Za-z0-9']+", re.sub(r"`[^`]*`", "", text)))


@pytest.mark.parametrize("lesson", MINE, ids=lambda lesson: lesson.slug)
def test_the_text_is_200_to_400_words(lesson) -> None:  # type: ignore[no-untyped-def]
    assert 200 <= prose_words(english(lesson)) <= 400


@pytest.mark.parametrize("lesson", MINE, ids=lambda lesson: lesson.slug)
def test_every_key_of_try_this_is_bound(lesson) -> None:  # type: ignore[no-untyped-def]
    text = try_this(english(lesson), "Try this")
    named = set(re.findall(r"\*\*([^*]+)\*\*", text))
    fields = set(re.findall(r"into (?:the )?\*\*([^*]+)\*\*", text))  # "Type 10 into **x**"
    keys = {token for token in named - fields if key_like(token)}
    assert keys
    assert {key_name(k) for k in keys} <= bound_keys(lesson)


def test_the_new_experiments_are_in_the_texts() -> None:
    three, four, five = (try_this(english(lesson), "Try this") for lesson in MINE)
    assert "**f**" in three and "secant" in three  # sin(x) and the forward secant
    assert "**s** again for the plateau, and once more to come back to the bowl" in four
    assert "**w**" in five and "**n**" in five  # one step by hand, the saddle start
    text = english(MINE[2])
    assert text.index("4.99994") < text.index("100 steps")  # one step before the walks
    for number in ("-1", "4.4", "4.99994"):
        assert number in text
