"""The catalogue mechanism: .po read and compiled in memory, languages, _(), ngettext, N_."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest

from tui_nn.i18n import (
    N_,
    _,
    available_languages,
    catalogue,
    current_language,
    language_name,
    next_language,
    ngettext,
    set_language,
    translate,
)
from tui_nn.i18n.extract import extract, merge, new_catalogue, render_pot
from tui_nn.i18n.po import PoError, compile_mo, header_fields, parse_po

FRENCH = r"""
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"
"X-Language-Name: Français\n"

#: tui_nn/catalog.py
msgid "Loss functions"
msgstr "Fonctions de perte"

msgid "{n} image"
msgid_plural "{n} images"
msgstr[0] "{n} image"
msgstr[1] "{n} images"

#, fuzzy
msgid "Minibatches"
msgstr "Mini-lots"

msgid "Derivatives"
msgstr ""

msgid ""
"two\n"
"lines"
msgstr ""
"deux\n"
"lignes"

#~ msgid "Gone"
#~ msgstr "Parti"
"""


@pytest.fixture
def french(tmp_path: Path) -> Path:
    """A third language, added as one new file and nothing else."""
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "tui_nn.po").write_text(FRENCH, encoding="utf-8")
    catalogue.use_locale_dir(tmp_path)
    return tmp_path


def test_english_is_the_default_and_its_own_translation() -> None:
    assert current_language() == "en"
    assert _("Loss functions") == "Loss functions"
    assert ngettext("{n} image", "{n} images", 1) == "{n} image"
    assert ngettext("{n} image", "{n} images", 0) == "{n} images"
    assert N_("anything") == "anything"


def test_korean_ships_with_the_package_and_names_itself() -> None:
    assert available_languages() == ("en", "ko")
    assert language_name("ko") == "한국어" and language_name("en") == "English"
    set_language("ko")
    assert current_language() == "ko"
    assert _("Loss functions") == "손실 함수"
    assert _("a message nobody translated") == "a message nobody translated"
    assert translate("Loss functions", "en") == "Loss functions"


def test_a_third_language_is_a_new_file_not_new_code(french: Path) -> None:
    assert available_languages() == ("en", "fr")
    assert language_name("fr") == "Français"
    set_language("fr")
    assert _("Loss functions") == "Fonctions de perte"
    assert _("two\nlines") == "deux\nlignes"
    # French plural rule (n > 1): 0 and 1 are singular.
    assert ngettext("{n} image", "{n} images", 0) == "{n} image"
    assert ngettext("{n} image", "{n} images", 2) == "{n} images"
    # Fuzzy and empty translations, and obsolete entries, are not used.
    assert _("Minibatches") == "Minibatches"
    assert _("Derivatives") == "Derivatives"
    assert _("Gone") == "Gone"


def test_an_unknown_language_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="en, ko"):
        set_language("xx")
    assert current_language() == "en"


def test_a_broken_catalogue_falls_back_to_english(tmp_path: Path) -> None:
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "tui_nn.po").write_text('msgid "x"\nmsgstr unquoted\n', encoding="utf-8")
    catalogue.use_locale_dir(tmp_path)
    set_language("fr")
    assert _("x") == "x"


def test_compiled_catalogue_is_what_the_stdlib_reads() -> None:
    entries = parse_po(FRENCH)
    assert header_fields(entries)["X-Language-Name"] == "Français"
    stdlib = gettext.GNUTranslations(io.BytesIO(compile_mo(entries)))
    assert stdlib.gettext("Loss functions") == "Fonctions de perte"
    assert stdlib.ngettext("{n} image", "{n} images", 5) == "{n} images"
    assert stdlib.info()["plural-forms"] == "nplurals=2; plural=(n > 1);"


@pytest.mark.parametrize(
    "text",
    [
        'msgid "a"\n',
        'msgstr "a"\n',
        '"floating"\n',
        'msgid "a"\nmsgstr x\n',
        'msgid "a"\nbogus "b"\n',
    ],
)
def test_malformed_po_says_what_is_wrong(text: str) -> None:
    with pytest.raises(PoError):
        parse_po(text)


def test_merge_keeps_translations_adds_new_and_retires_gone(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text(
        'from x import _, ngettext\n_("Loss functions")\n_("New one {n}")\n'
        'ngettext("{n} image", "{n} images", 3)\n_(variable)\n',
        encoding="utf-8",
    )
    messages = extract(package)
    assert [m.msgid for m in messages] == ["Loss functions", "New one {n}", "{n} image"]
    assert messages[0].references == ["pkg/a.py"]
    merged = parse_po(merge(FRENCH, messages))
    by_id = {entry.msgid: entry for entry in merged}
    assert by_id["Loss functions"].msgstr == ["Fonctions de perte"]
    assert (
        by_id["New one {n}"].msgstr == [""] and "python-brace-format" in by_id["New one {n}"].flags
    )
    assert by_id["{n} image"].msgstr == ["{n} image", "{n} images"]
    assert "Derivatives" not in by_id and "Minibatches" not in by_id  # now obsolete (#~)
    assert '#~ msgid "Derivatives"' in merge(FRENCH, messages)
    # The template and a new language come from the same messages.
    assert parse_po(render_pot(messages))[1].msgid == "Loss functions"
    fresh = parse_po(new_catalogue("fr", "Français", messages))
    assert header_fields(fresh)["Language"] == "fr" and len(fresh) == 4


def test_the_switch_key_cycles_through_the_languages(french: Path) -> None:
    assert next_language() == "fr"
    set_language(next_language())
    assert current_language() == "fr" and next_language() == "en"
    assert next_language("xx") == "en"
