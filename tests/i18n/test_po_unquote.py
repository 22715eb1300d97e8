"""The ``.po`` reader decodes C escapes itself (no ``ast``: CPython 3.11's can fail in threads)."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_nn.i18n.extract import _quote
from tui_nn.i18n.po import PoError, _unquote, parse_po


@given(st.text())
def test_what_extract_writes_reads_back_the_same(text: str) -> None:
    assert _unquote(_quote(text), 1) == text


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (r'"a\"b\\c\n\t"', 'a"b\\c\n\t'),
        (r'"\101\x42\r\a\b\f\v\?\'"', "AB\r\a\b\f\v?'"),
        ('"한국어 {value}"', "한국어 {value}"),
        ('""', ""),
    ],
)
def test_c_escapes(line: str, text: str) -> None:
    assert _unquote(line, 1) == text


@pytest.mark.parametrize("line", [r'"a"b"', r'"a\q"', '"a\\"', "abc", '"'])
def test_bad_strings_are_refused_with_the_line(line: str) -> None:
    with pytest.raises(PoError, match="line 7"):
        _unquote(line, 7)


def test_the_catalogue_reads_the_same_on_many_threads_at_once() -> None:
    from tui_nn.i18n.catalogue import po_path  # the Korean catalogue, as the app reads it

    text = po_path("ko").read_text(encoding="utf-8")
    expected = parse_po(text)
    results: list[object] = []

    def read() -> None:
        try:
            results.append(parse_po(text))
        except Exception as error:  # the test reports any failure
            results.append(error)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    compile("x = [" + "1," * 2000 + "]", "<busy>", "exec")  # another thread compiling meanwhile
    for thread in threads:
        thread.join()
    assert results == [expected] * 4
