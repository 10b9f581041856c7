"""The reader's language: which edition is being made, and the edition's own words in it.

The edition is built in English (the site's root) and in Russian (``ru/``)
from the same sources. The language of a build reaches every process that
makes part of it, the notebooks' kernels included, through one environment
variable, ``KZEDITION_LANGUAGE`` (:data:`LANGUAGES`; English when unset):
the numbers pasted into the prose (:mod:`kzedition.printed`) and the words of
the charts and generated tables follow it.

The edition's own words (chart titles, table headers, labels of the
controls) are marked ``_("...")`` in the code and translated in the gettext
catalog ``locales/<language>/LC_MESSAGES/kzedition.po``, compiled into
``kzedition/locale/`` (``make translations``), so the package reads its
catalog with the standard library alone, in a notebook, in Pyodide or in the
build. The pages' text is translated by Sphinx from the per-page catalogs
beside it (CONTRIBUTING, "Translating").
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

__all__ = ["DEFAULT", "LANGUAGES", "N_", "LanguageError", "_", "language", "ngettext"]

#: The editions: English (the report's language, at the site's root) and Russian.
LANGUAGES = ("en", "ru")
DEFAULT = "en"
DOMAIN = "kzedition"
#: The compiled catalogs of the package's own words (``make translations`` writes them).
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
VARIABLE = "KZEDITION_LANGUAGE"


class LanguageError(ValueError):
    """``KZEDITION_LANGUAGE`` names a language the edition is not made in."""


def language(environ: dict | None = None) -> str:
    """The language of this build or kernel: ``KZEDITION_LANGUAGE``, else English."""
    environ = os.environ if environ is None else environ
    value = environ.get(VARIABLE) or DEFAULT
    if value not in LANGUAGES:
        raise LanguageError(
            f"{VARIABLE} is {value!r}, but the edition is made in {', '.join(LANGUAGES)} only"
        )
    return value


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang``; English is the source language and needs none."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not path.is_file():
        raise LanguageError(
            f"{path.relative_to(LOCALE_DIR.parent.parent)} is missing: `make translations` compiles it "
            f"from locales/{lang}/LC_MESSAGES/{DOMAIN}.po"
        )
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def _(message: str, lang: str | None = None) -> str:
    """``message`` in the build's language (or ``lang``)."""
    return catalog(lang or language()).gettext(message)


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """Mark ``message`` for the catalog without translating it yet (a table of labels
    made at import): translate it with :func:`_` where it is used."""
    return message


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """The form of ``singular``/``plural`` that goes with ``n`` in the build's language."""
    return catalog(lang or language()).ngettext(singular, plural, n)
