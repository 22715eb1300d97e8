"""Every i18n test starts and ends in English with the package's own catalogues."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tui_nn.i18n import catalogue


@pytest.fixture(autouse=True)
def english_again() -> Iterator[None]:
    catalogue.use_locale_dir(None)
    catalogue.set_language("en")
    yield
    catalogue.use_locale_dir(None)
    catalogue.set_language("en")
