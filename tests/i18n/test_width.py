"""Hangul takes two terminal cells: measuring and cutting text by cells, never by characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui_nn.i18n import display_width, fit, pad


def test_hangul_is_two_cells_and_ascii_one() -> None:
    assert display_width("loss") == 4
    assert display_width("손실") == 4 and len("손실") == 2
    assert display_width("ㅇ") == 2
    assert display_width("손실 함수 (loss)") == 16


def test_fit_never_splits_a_wide_character() -> None:
    assert fit("손실 함수", 20) == "손실 함수"
    assert fit("손실 함수", 5) == "손실…"  # 4 + 1 cells
    assert fit("손실 함수", 4) == "손…"  # "손실…" would need 5 cells: 손 + … is 3
    assert fit("abcdef", 4) == "abc…"
    assert fit("손", 0) == ""
    assert pad("손실", 6) == "손실  " and display_width(pad("교차 엔트로피", 7)) == 7


@given(st.text(alphabet="ab 손실함수교차엔트로피", max_size=30), st.integers(0, 40))
def test_fit_always_fits(text: str, cells: int) -> None:
    fitted = fit(text, cells)
    assert display_width(fitted) <= cells
    if display_width(text) <= cells:
        assert fitted == text
    else:
        assert fitted.endswith("…") or cells == 0
        assert text.startswith(fitted[:-1])
    assert display_width(pad(text, cells)) == cells
