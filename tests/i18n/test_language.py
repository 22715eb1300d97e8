"""Which language tui-nn starts in: --lang, then the saved choice, then the locale, else English."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_nn.i18n import language_from_locale, normalize_language, resolve_language

LANGS = ("en", "ko")


@pytest.mark.parametrize(
    ("cli", "env", "saved", "expected"),
    [
        (None, {}, None, "en"),
        (None, {"LANG": "ko_KR.UTF-8"}, None, "ko"),
        (None, {"LANG": "ko"}, None, "ko"),
        (None, {"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, None, "ko"),
        (None, {"LC_ALL": "ko_KR.UTF-8", "LC_MESSAGES": "en_US", "LANG": "en_US"}, None, "ko"),
        (None, {"LC_ALL": "en_US.UTF-8", "LANG": "ko_KR.UTF-8"}, None, "en"),  # LC_ALL decides
        (None, {"LC_ALL": "", "LANG": "ko_KR.UTF-8"}, None, "ko"),  # empty means unset
        (None, {"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, None, "en"),
        (None, {"LANG": "fr_FR.UTF-8"}, None, "en"),  # no French catalogue
        (None, {"LANG": "ko_KR.eucKR@euro"}, None, "ko"),
        (None, {"LANG": "ko_KR.UTF-8"}, "en", "en"),  # the learner chose English in the app
        (None, {"LANG": "en_US.UTF-8"}, "ko", "ko"),  # ... or Korean on an English machine
        (None, {"LANG": "ko_KR.UTF-8"}, "klingon", "ko"),  # a stale setting is ignored
        (None, {}, "ko", "ko"),
        ("ko", {"LC_ALL": "en_US.UTF-8"}, "en", "ko"),  # --lang beats everything
        ("en", {"LANG": "ko_KR.UTF-8"}, "ko", "en"),
        ("KO", {}, None, "ko"),
        ("ko_KR", {}, None, "ko"),
    ],
)
def test_resolution_order(
    cli: str | None, env: dict[str, str], saved: str | None, expected: str
) -> None:
    assert resolve_language(cli, env, saved, LANGS) == expected


def test_an_unknown_lang_option_is_an_error_naming_the_choices() -> None:
    with pytest.raises(ValueError, match="en, ko"):
        resolve_language("fr", {}, None, LANGS)


def test_default_languages_are_the_installed_catalogues() -> None:
    assert resolve_language(None, {"LANG": "ko_KR.UTF-8"}, None) == "ko"


def test_country_specific_catalogue_wins_over_the_plain_language() -> None:
    assert normalize_language("pt_BR.UTF-8", ("en", "pt", "pt_BR")) == "pt_BR"
    assert normalize_language("pt_PT.UTF-8", ("en", "pt", "pt_BR")) == "pt"
    assert normalize_language("POSIX", LANGS) is None


_locale_value = st.sampled_from(
    ["", "C", "POSIX", "ko_KR.UTF-8", "ko", "en_US.UTF-8", "fr_FR", "de_DE.UTF-8", "ko_KP"]
)


@given(
    cli=st.none() | st.sampled_from(["en", "ko"]),
    saved=st.none() | st.sampled_from(["en", "ko", "", "zz"]),
    lc_all=st.none() | _locale_value,
    lc_messages=st.none() | _locale_value,
    lang=st.none() | _locale_value,
)
def test_resolution_properties(
    cli: str | None,
    saved: str | None,
    lc_all: str | None,
    lc_messages: str | None,
    lang: str | None,
) -> None:
    env = {
        name: value
        for name, value in (("LC_ALL", lc_all), ("LC_MESSAGES", lc_messages), ("LANG", lang))
        if value is not None
    }
    chosen = resolve_language(cli, env, saved, LANGS)
    assert chosen in LANGS
    if cli is not None:
        assert chosen == cli
    elif saved in LANGS:
        assert chosen == saved
    else:
        first_set = next((env[n] for n in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(n)), "")
        assert chosen == ("ko" if first_set.startswith("ko") else "en")
        assert language_from_locale(env, LANGS) in (None, chosen)
