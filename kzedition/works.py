"""The works a reader cites, one model filled from the repository's own files.

:class:`Work` (with :class:`Name` for its people and bodies) holds what the
citation files (:mod:`kzedition.citation_files`) and the pages' embedded
metadata (:mod:`kzedition.citation`) share. The works are :func:`report`
(the chapter "Kazakhstan" in the volume), :func:`volume` (the 2011 book),
:func:`edition` (this edition, a separate work based on the report) and
:func:`paragraph` (one paragraph of the report, with its print page and
permalink), filled from ``data/publication.csv``, ``CITATION.cff`` and
:data:`kzedition.__version__`. A value none of them holds is left out,
never guessed (see :mod:`kzedition.citation`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml

import kzedition
from kzedition.paths import DATA, ROOT

PUBLICATION = DATA / "publication.csv"
CITATION_CFF = ROOT / "CITATION.cff"
#: The report's licence and the edition code's, as the addresses schema.org and CSL take.
CC_BY_3 = "https://creativecommons.org/licenses/by/3.0/"
MIT = "https://opensource.org/licenses/MIT"
LICENCE_URLS = {"Creative Commons Attribution 3.0": CC_BY_3, "CC-BY-3.0": CC_BY_3, "MIT": MIT}
REPORT_LANGUAGE = "en"
PDF_NAME = "giswatch2011-kazakhstan.pdf"  #: the PDF the release workflow attaches to the tag's release
#: BibTeX keys of the report and the volume, as in ``references.bib``.
REPORT_KEY, VOLUME_KEY = "nurmakov2011", "giswatch2011"
EDITION_KEY = "kzedition"

# --- the model ------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A person (family and given names) or a body (``literal``)."""

    family: str = ""
    given: str = ""
    literal: str = ""

    @classmethod
    def parse(cls, text: str) -> Name:
        """ "Adil Nurmakov" -> family "Nurmakov", given "Adil" (the last word is the family name)."""
        given, _, family = text.strip().rpartition(" ")
        return cls(family=family, given=given)

    @property
    def display(self) -> str:
        return self.literal or f"{self.given} {self.family}".strip()

    @property
    def inverted(self) -> str:
        """ "Nurmakov, Adil": what Highwire, BibTeX and RIS take."""
        return self.literal or (f"{self.family}, {self.given}" if self.given else self.family)


@dataclass(frozen=True)
class Work:
    """A citable work: the fields the three file formats and the page metadata share."""

    key: str
    kind: str  # "chapter", "book" or "edition"
    title: str
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    translators: tuple[Name, ...] = ()
    container_title: str = ""
    publishers: tuple[str, ...] = ()
    place: str = ""
    issued: str = ""  # "2011" or "2026-11-28"
    isbn: str = ""
    url: str = ""
    language: str = REPORT_LANGUAGE
    licence: str = ""  # an address
    version: str = ""
    pages: str = ""  # "167", "166–167"
    note: str = ""
    abstract: str = ""
    based_on: Work | None = field(default=None, compare=False)

    @property
    def year(self) -> str:
        return self.issued[:4]

    @property
    def publisher(self) -> str:
        return " and ".join(self.publishers)


def _rows(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["field"].strip(): row["value"].strip() for row in csv.DictReader(handle)}


@cache
def publication() -> dict[str, str]:
    """``data/publication.csv`` as ``{field: value}``."""
    return _rows(PUBLICATION)


@cache
def citation_cff() -> dict:
    return yaml.safe_load(CITATION_CFF.read_text(encoding="utf-8"))


def publishers(cff: dict | None = None) -> tuple[str, ...]:
    """The volume's publishers, full names: "… (APC)", "… (Hivos)" from ``CITATION.cff``."""
    cff = citation_cff() if cff is None else cff
    name = cff["preferred-citation"]["publisher"]["name"]
    return tuple(re.split(r"(?<=\)) and ", name))


def volume_title(pub: dict[str, str] | None = None) -> str:
    pub = publication() if pub is None else pub
    return f"{pub['title']}. {pub['subtitle']}" if pub.get("subtitle") else pub["title"]


def print_pages(pub: dict[str, str] | None = None) -> str:
    """The chapter's print pages ("159–167") when ``publication.csv`` knows both ends, else ""."""
    pub = publication() if pub is None else pub
    first, last = pub.get("chapter_first_page", ""), pub.get("chapter_last_page", "")
    return f"{first}–{last}" if first and last else ""


def volume() -> Work:
    """The 2011 book, Global Information Society Watch 2011."""
    pub = publication()
    return Work(
        key=VOLUME_KEY,
        kind="book",
        title=volume_title(pub),
        editors=(Name.parse(pub["editor"]),),
        publishers=publishers(),
        place=pub.get("place", ""),
        issued=pub["year"],
        isbn=pub.get("isbn", ""),
        licence=LICENCE_URLS.get(pub.get("licence", ""), ""),
        note=f"ISSN {pub['issn']}" if pub.get("issn") else "",
    )


def report() -> Work:
    """The country report "Kazakhstan" by Adil Nurmakov, a chapter of the volume."""
    pub, book = publication(), volume()
    return replace(
        book,
        key=REPORT_KEY,
        kind="chapter",
        title="Kazakhstan",
        authors=(Name.parse(pub["chapter_author"]),),
        container_title=book.title,
        url=pub["chapter_web_url"],
        pages=print_pages(pub),
    )


def edition(site: str = "", language: str = REPORT_LANGUAGE, translators: tuple[str, ...] = ()) -> Work:
    """This edition: a separate work based on the report, with its version and contributors.

    ``site`` is the published site's address (``EDITION_SITE_URL``); the
    repository's address stands in for it when there is none. A translated
    edition (``language`` other than the report's) names its ``translators``.
    """
    cff = citation_cff()
    return Work(
        key=EDITION_KEY,
        kind="edition",
        title=cff["title"],
        authors=tuple(Name(literal=a["name"]) if "name" in a else _cff_name(a) for a in cff["authors"]),
        translators=tuple(Name.parse(t) for t in translators) if language != REPORT_LANGUAGE else (),
        issued=str(cff["date-released"]),
        url=f"{site.rstrip('/')}/" if site else cff.get("repository-code", ""),
        language=language,
        licence=LICENCE_URLS.get(cff.get("license", ""), ""),
        version=kzedition.__version__,
        abstract=" ".join(cff.get("abstract", "").split()),
        based_on=report(),
    )


def _cff_name(author: dict) -> Name:
    return Name(family=author.get("family-names", ""), given=author.get("given-names", ""))


def paragraph(para, page_url: str = "") -> Work:
    """A paragraph of the report (a :class:`kzedition.sphinxext.paragraphs.Paragraph`), with its link.

    A paragraph of the chapter is cited as the chapter at its print page; a
    paragraph of the back cover or the dedication as the volume. The note
    names the paragraph ("para. 12"), the address is ``page_url#id``.
    """
    base = report() if para.part == "chapter" else volume()
    where = "" if para.part == "chapter" else para.part.replace("_", " ") + ", "
    pages = _page_number(para.print_page)
    return replace(
        base,
        key=f"{base.key}-{para.id}",
        url=f"{page_url}#{para.id}" if page_url else "",
        pages=pages or base.pages,
        note="; ".join(filter(None, [base.note, f"{where}para. {para.number}"])),
    )


def _page_number(print_page: str | None) -> str:
    """ "167" and "166–167" stay; "before 167" (unknown) gives ""."""
    return "" if not print_page or print_page.startswith("before") else print_page
