"""Which language to start in: the ``--lang`` option, the saved choice, the locale, English.

The order, most specific first:

1. ``--lang ko|en`` on the command line: a choice for this run only (it is not saved).
2. The language saved in the settings.  It is written only when the learner
   switches language inside the app, so it is a choice a person made, and it
   outlives the machine's locale: a learner who picked Korean on a lab machine
   set to English keeps Korean, and one who picked English on a Korean machine
   keeps English.
3. The locale, with the POSIX precedence: the first of ``LC_ALL``,
   ``LC_MESSAGES`` and ``LANG`` that is set and not empty decides
   (``ko_KR.UTF-8`` means Korean; ``C``, ``POSIX`` or a language tui-nn has no
   catalogue for means English).  This is the first-run default.
4. English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tui_nn.i18n.catalogue import DEFAULT_LANGUAGE, available_languages

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def normalize_language(value: str, languages: Sequence[str]) -> str | None:
    """The catalogue ``value`` names (``"ko_KR.UTF-8"``, ``"KO"`` -> ``"ko"``), or None.

    ``ll_CC`` is tried before ``ll``, so a catalogue for ``pt_BR`` would win over ``pt``.
    """
    code = value.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    if not code or code in ("C", "POSIX"):
        return None
    language, _, country = code.partition("_")
    candidates = [f"{language.lower()}_{country.upper()}"] if country else []
    candidates.append(language.lower())
    for candidate in candidates:
        if candidate in languages:
            return candidate
    return None


def language_from_locale(env: Mapping[str, str], languages: Sequence[str]) -> str | None:
    """The language the locale asks for, if tui-nn has it; the first variable set decides."""
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            return normalize_language(value, languages)
    return None


def resolve_language(
    cli_lang: str | None,
    env: Mapping[str, str],
    settings_lang: str | None,
    languages: Sequence[str] | None = None,
) -> str:
    """The language to start in (see the module's docstring for the order).

    ``cli_lang`` that names no catalogue raises ValueError (the command line
    should offer ``available_languages()`` as its choices); a saved setting that
    names none (an old or edited file) is ignored.
    """
    choices = tuple(languages) if languages is not None else available_languages()
    if cli_lang is not None:
        chosen = normalize_language(cli_lang, choices)
        if chosen is None:
            raise ValueError(
                f"there is no language {cli_lang!r}: choose one of {', '.join(choices)}"
            )
        return chosen
    if settings_lang:
        saved = normalize_language(settings_lang, choices)
        if saved is not None:
            return saved
    return language_from_locale(env, choices) or DEFAULT_LANGUAGE
