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

Text from the data files that the pages show to readers (an event of the
timeline, what a copy consulted is, a claim's note, a resource's title) is
translated the same way, in a second catalog, ``kzedition-data.po``
(:data:`DATA_DOMAIN`): :func:`data_text` looks it up where a page shows it.
Which fields are translatable is declared once, in
``tools.translations.DATA_TEXTS``, which extracts them and stops the build
when one has no translation. Quotations of the English report and titles of
English works stay English on every page; :func:`in_english` marks them
``lang="en"`` for screen readers where the page is in another language.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

__all__ = [
    "DATA_DOMAIN",
    "DEFAULT",
    "LANGUAGES",
    "N_",
    "LanguageError",
    "_",
    "data_text",
    "in_english",
    "quotations_marked",
    "language",
    "ngettext",
    "speaking",
]

#: The editions: English (the report's language, at the site's root) and Russian.
LANGUAGES = ("en", "ru")
DEFAULT = "en"
DOMAIN = "kzedition"
#: The catalog of the data's reader-facing texts (``tools.translations.DATA_TEXTS``).
DATA_DOMAIN = "kzedition-data"
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


@contextmanager
def speaking(lang: str) -> Iterator[str]:
    """Make ``lang`` the language of this process for the ``with`` block (``KZEDITION_LANGUAGE``):
    ``make figures`` draws the charts of every edition in one process."""
    language({VARIABLE: lang})  # refused if the edition is not made in it
    before = os.environ.get(VARIABLE)
    os.environ[VARIABLE] = lang
    try:
        yield lang
    finally:
        if before is None:
            os.environ.pop(VARIABLE, None)
        else:
            os.environ[VARIABLE] = before


@cache
def catalog(lang: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (the package's words, or ``domain``: :data:`DATA_DOMAIN`);
    English is the source language and needs none."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.mo"
    if not path.is_file():
        raise LanguageError(
            f"{path.relative_to(LOCALE_DIR.parent.parent)} is missing: `make translations` compiles it "
            f"from locales/{lang}/LC_MESSAGES/{domain}.po"
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


def data_text(text: str, lang: str | None = None) -> str:
    """A reader-facing text of the data files (an event, a note, a title: the fields that
    ``tools.translations.DATA_TEXTS`` declares) in the build's language (or ``lang``).

    Empty and missing values are returned as they are; a text the catalog lacks stays
    English here, but the build's check (``tools.translations.check``) stops first.
    """
    if not isinstance(text, str) or not text:
        return text
    return catalog(lang or language(), DATA_DOMAIN).gettext(text)


def in_english(html: str, lang: str | None = None) -> str:
    """``html`` (a quotation of the English report, an English title) marked ``lang="en"``
    where the page is in another language; unchanged on an English page."""
    if (lang or language()) == DEFAULT:
        return html
    return f'<span lang="en">{html}</span>'


#: A quotation in a translated text of the data: «…», the quoted words kept as the source wrote them.
QUOTATION = re.compile(r"«([^«»]*)»")
CYRILLIC = re.compile("[А-Яа-яЁё]")


def quotations_marked(html: str, lang: str | None = None) -> str:
    """Escaped text whose «quotations» without Cyrillic letters (English words quoted as
    written) are marked ``lang="en"`` (:func:`in_english`); an English text has none."""
    return QUOTATION.sub(lambda m: m[0] if CYRILLIC.search(m[1]) else f"«{in_english(m[1], lang)}»", html)
