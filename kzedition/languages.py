"""The editions' languages seen from a page: where the same page is in the other language.

Every edition holds the same pages at the same paths under its own folder
(English at the site's root, Russian under ``ru/``), so a page's other
language is that folder and the same path. Used by
:mod:`kzedition.sphinxext.languages` for the header's language switch and the
``hreflang`` alternates; no Sphinx here.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from kzedition import i18n
from kzedition.discovery import language_prefix, language_site

#: Each language's name in itself (what the switch shows) and in English.
NAMES = {"en": "English", "ru": "Русский"}


@dataclass(frozen=True)
class Alternate:
    language: str
    relative: str  #: from the page (what the language switch links: it works from any host, or from disk)
    href: str  #: the absolute address when the site's is known (what ``hreflang`` wants), else ``relative``
    current: bool

    @property
    def name(self) -> str:
        return NAMES[self.language]


def root_of(pagename: str, language: str) -> str:
    """The relative path from ``pagename`` of ``language``'s edition to the site's root."""
    depth = pagename.count("/") + language_prefix(language).count("/")
    return "../" * depth


def alternates(pagename: str, language: str, languages: tuple[str, ...], site: str = "") -> list[Alternate]:
    """The page ``pagename`` in each of ``languages``, seen from its ``language`` edition."""
    out = []
    for other in languages:
        relative = root_of(pagename, language) + f"{language_prefix(other)}{pagename}.html"
        href = language_site(site, other) + f"{pagename}.html" if site else relative
        out.append(Alternate(other, relative, href, other == language))
    return out


def link_tags(found: list[Alternate]) -> str:
    """``<link rel="alternate" hreflang>`` for every language, and ``x-default`` (English)."""
    if len(found) < 2:
        return ""
    tags = [f'<link rel="alternate" hreflang="{a.language}" href="{escape(a.href)}" />' for a in found]
    default = next(a for a in found if a.language == i18n.DEFAULT)
    tags.append(f'<link rel="alternate" hreflang="x-default" href="{escape(default.href)}" />')
    return "\n".join(tags) + "\n"
