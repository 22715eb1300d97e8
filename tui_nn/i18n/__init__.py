"""Translations for tui-nn: gettext catalogues, the language choice, wide characters.

For code that shows text::

    from tui_nn.i18n import _, N_, ngettext

    label = _("Reset")                       # translated when shown
    TITLE = N_("Loss functions")             # marked now, translated later: _(TITLE)
    ngettext("{n} image", "{n} images", n).format(n=n)

For the app and the command line (see :mod:`tui_nn.i18n.language` for the order)::

    from tui_nn.i18n import resolve_language, set_language
    set_language(resolve_language(args.lang, os.environ, settings.language))

Live switch: ``set_language(next_language())`` (or a chosen code), then redraw
(recompose) what is on screen and save the code in the settings.  ``available_languages()`` and
``language_name(code)`` fill a language menu.  ``display_width`` / ``fit``
measure and cut text by terminal cells.
"""

from tui_nn.i18n.catalogue import (
    DEFAULT_LANGUAGE,
    N_,
    _,
    available_languages,
    current_language,
    language_name,
    next_language,
    ngettext,
    set_language,
    translate,
    translations,
)
from tui_nn.i18n.language import language_from_locale, normalize_language, resolve_language
from tui_nn.i18n.width import display_width, fit, pad

__all__ = [
    "DEFAULT_LANGUAGE",
    "N_",
    "_",
    "available_languages",
    "current_language",
    "display_width",
    "fit",
    "language_from_locale",
    "language_name",
    "next_language",
    "ngettext",
    "normalize_language",
    "pad",
    "resolve_language",
    "set_language",
    "translate",
    "translations",
]
