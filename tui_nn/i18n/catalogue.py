"""The message catalogues: which language is shown, and ``_()`` to translate a message.

English is the source language: every message is written in English in the
code and is its own translation.  Another language is one gettext file,
``tui_nn/locale/<code>/LC_MESSAGES/tui_nn.po``; adding a language means adding
that file (``scripts/extract_strings.py --init <code>`` starts one), never
code.  Its header names the language in its own words
(``X-Language-Name: 한국어``) for the language switch.

The ``.po`` file is compiled in memory at first use (see :mod:`tui_nn.i18n.po`)
and then looked up by the standard library's :class:`gettext.GNUTranslations`.
A message without a translation falls back to the English text.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from tui_nn.i18n.po import PoError, compile_mo, header_fields, parse_po

DOMAIN = "tui_nn"
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_locale_dir = LOCALE_DIR
_language = DEFAULT_LANGUAGE


def po_path(language: str, locale_dir: Path | None = None) -> Path:
    """Where the catalogue of ``language`` lives."""
    return (locale_dir or _locale_dir) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def pot_path(locale_dir: Path | None = None) -> Path:
    """The template every catalogue is made from (written by ``scripts/extract_strings.py``)."""
    return (locale_dir or _locale_dir) / f"{DOMAIN}.pot"


def use_locale_dir(path: Path | None) -> None:
    """Read catalogues from ``path`` instead of the package's own (None: back to it); for tests."""
    global _locale_dir, _language
    _locale_dir = Path(path) if path is not None else LOCALE_DIR
    _load.cache_clear()
    if _language not in available_languages():
        _language = DEFAULT_LANGUAGE


def available_languages() -> tuple[str, ...]:
    """English first, then every language that has a catalogue, in alphabetical order."""
    found: list[str] = []
    if _locale_dir.is_dir():
        found = sorted(
            child.name
            for child in _locale_dir.iterdir()
            if child.name != DEFAULT_LANGUAGE and po_path(child.name).is_file()
        )
    return (DEFAULT_LANGUAGE, *found)


@cache
def _load(language: str) -> tuple[gettext.NullTranslations, str]:
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations(), "English"
    path = po_path(language)
    try:
        entries = parse_po(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, PoError):
        return gettext.NullTranslations(), language
    translations = gettext.GNUTranslations(io.BytesIO(compile_mo(entries)))
    name = header_fields(entries).get("X-Language-Name", language)
    return translations, name


def translations(language: str) -> gettext.NullTranslations:
    """The gettext object of ``language`` (English, or an unreadable file: no translation)."""
    return _load(language)[0]


def language_name(language: str) -> str:
    """The language's name in its own words, for a language switch ("English", "한국어")."""
    return _load(language)[1]


def set_language(language: str) -> None:
    """Show ``language`` from now on; a ValueError names the languages there are."""
    global _language
    if language not in available_languages():
        choices = ", ".join(available_languages())
        raise ValueError(f"no catalogue for language {language!r} (there are: {choices})")
    _language = language


def next_language(language: str | None = None) -> str:
    """The language after ``language`` (default: the current one), for a switch key."""
    languages = available_languages()
    language = _language if language is None else language
    if language not in languages:
        return languages[0]
    return languages[(languages.index(language) + 1) % len(languages)]


def current_language() -> str:
    """The language shown now (``"en"`` until :func:`set_language` says otherwise)."""
    return _language


def _(message: str) -> str:
    """``message`` in the current language (the English text when it has no translation)."""
    if _language == DEFAULT_LANGUAGE:
        return message
    return translations(_language).gettext(message)


def translate(message: str, language: str) -> str:
    """``message`` in ``language``, whatever the current language is."""
    return translations(language).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the number ``n`` (``"1 image"``, ``"2 images"``)."""
    if _language == DEFAULT_LANGUAGE:
        return singular if n == 1 else plural
    return translations(_language).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (use ``_()`` when shown)."""
    return message
