"""Citation metadata of the report and of the edition, from the repository's own files.

One model, :class:`Work`, is filled from what the repository already holds,
and written out in every form a reader's tools take:

- **Sources.** ``data/publication.csv`` (the 2011 volume and the chapter:
  titles, editor, publisher, place, year, ISBN, licence, the chapter's
  author and web address), ``CITATION.cff`` (the edition: title,
  contributors, release date, repository, licence; the publishers' full
  names in ``preferred-citation``) and :data:`kzedition.__version__`. A value
  none of them holds is left out, never guessed: the chapter's print pages
  (only page 167 is attested, its first and last are unknown) give no
  ``citation_firstpage``/``citation_lastpage`` until ``publication.csv``
  has a ``chapter_first_page``/``chapter_last_page`` row.
- **Works.** :func:`report` (the chapter "Kazakhstan" in the volume),
  :func:`volume` (the 2011 book), :func:`edition` (this edition, a separate
  work based on the report: its version and contributors, and the
  translator in a translated edition) and :func:`paragraph` (one paragraph
  of the report, with its print page and permalink).
- **Files.** :func:`bibtex`, :func:`ris` and :func:`csl_json`: the same
  work as BibTeX, RIS and CSL-JSON (what the cite page and every
  paragraph's Cite offer for download).
- **Embedded metadata.** :func:`page_metadata` gives a page's Highwire
  ``citation_*`` tags (on the report's pages and the front matter: what
  Zotero's "Embedded Metadata" translator and Google Scholar read), its
  Dublin Core tags and its schema.org JSON-LD graph (a ``Chapter`` that
  ``isPartOf`` the ``Book``; the edition a ``CreativeWork`` that
  ``isBasedOn`` the chapter); :func:`head_html` writes them for the page's
  ``<head>``, every value escaped for the attribute or the ``<script>``
  it lands in.

The model and the works are :mod:`kzedition.works`, the files
:mod:`kzedition.citation_files`; this module holds the embedded metadata
and re-exports both (``__all__``), so that ``citation`` stays the one name
the extensions, the pages and the tests import.

The language of a page is the build's (Sphinx's ``language``): a Russian
edition built into ``ru/`` carries ``ru`` on its pages and names its
translators, with the report itself still in English.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import kzedition
from kzedition.citation_files import FORMATS, bibtex, citation_text, csl_item, csl_json, files, ris
from kzedition.escaping import script_json
from kzedition.works import (
    CC_BY_3,
    CITATION_CFF,
    EDITION_KEY,
    LICENCE_URLS,
    MIT,
    PDF_NAME,
    PUBLICATION,
    REPORT_KEY,
    REPORT_LANGUAGE,
    VOLUME_KEY,
    Name,
    Work,
    citation_cff,
    edition,
    paragraph,
    print_pages,
    publication,
    publishers,
    report,
    volume,
    volume_title,
)

__all__ = [
    "CC_BY_3",
    "CITATION_CFF",
    "EDITION_KEY",
    "FORMATS",
    "LICENCE_URLS",
    "MIT",
    "PDF_NAME",
    "PUBLICATION",
    "REPORT_KEY",
    "REPORT_LANGUAGE",
    "VOLUME_KEY",
    "Name",
    "PageMetadata",
    "Work",
    "bibtex",
    "citation_cff",
    "citation_text",
    "csl_item",
    "csl_json",
    "dublin_core",
    "edition",
    "files",
    "head_html",
    "highwire",
    "json_ld",
    "page_metadata",
    "paragraph",
    "pdf_url",
    "print_pages",
    "publication",
    "publishers",
    "report",
    "ris",
    "script_json",
    "volume",
    "volume_title",
]

# --- embedded metadata ------------------------------------------------------------


@dataclass(frozen=True)
class PageMetadata:
    """What a page's ``<head>`` says about the work it shows."""

    highwire: list[tuple[str, str]]
    dublin_core: list[tuple[str, str]]
    json_ld: dict
    og_type: str


def _person(name: Name) -> dict:
    if name.literal:
        return {"@type": "Organization", "name": name.literal}
    return {"@type": "Person", "name": name.display, "familyName": name.family, "givenName": name.given}


def json_ld(subject: str, page_url: str, title: str, description: str, ed: Work) -> dict:
    """The page's schema.org graph: the page, the edition, the chapter and its book."""
    chapter, book = ed.based_on, volume()
    book_id = f"urn:isbn:{book.isbn}" if book.isbn else "#giswatch2011"
    book_node = {
        "@type": "Book",
        "@id": book_id,
        "name": book.title,
        "editor": [_person(p) for p in book.editors],
        "publisher": [{"@type": "Organization", "name": p} for p in book.publishers],
        "datePublished": book.issued,
        "inLanguage": book.language,
        "license": book.licence,
        **({"isbn": book.isbn} if book.isbn else {}),
        **({"locationCreated": {"@type": "Place", "name": book.place}} if book.place else {}),
    }
    chapter_node = {
        "@type": "Chapter",
        "@id": chapter.url,
        "name": chapter.title,
        "author": [_person(p) for p in chapter.authors],
        "editor": [_person(p) for p in chapter.editors],
        "publisher": book_node["publisher"],
        "datePublished": chapter.issued,
        "inLanguage": chapter.language,
        "license": chapter.licence,
        "url": chapter.url,
        "isPartOf": {"@id": book_id},
        **({"pagination": chapter.pages} if chapter.pages else {}),
    }
    edition_node = {
        "@type": "CreativeWork",
        "@id": ed.url or "#edition",
        "name": ed.title,
        "version": ed.version,
        "datePublished": ed.issued,
        "inLanguage": ed.language,
        "contributor": [_person(p) for p in ed.authors],
        "isBasedOn": {"@id": chapter.url},
        "license": [chapter.licence, ed.licence],
        "abstract": ed.abstract,
        **({"url": ed.url} if ed.url else {}),
        **({"translator": [_person(p) for p in ed.translators]} if ed.translators else {}),
    }
    page_node = {
        "@type": "WebPage",
        "name": title,
        "inLanguage": ed.language,
        "isPartOf": {"@id": edition_node["@id"]},
        "about": {"@id": {"chapter": chapter.url, "book": book_id, "edition": edition_node["@id"]}[subject]},
        **({"@id": page_url, "url": page_url} if page_url else {}),
        **({"description": description} if description else {}),
    }
    return {"@context": "https://schema.org", "@graph": [page_node, edition_node, chapter_node, book_node]}


def highwire(work: Work, page_url: str = "", pdf_url: str = "") -> list[tuple[str, str]]:
    """Highwire Press ``citation_*`` tags for ``work`` (the chapter or the volume), in order."""
    tags = [("citation_title", work.title)]
    tags += [("citation_author", p.inverted) for p in work.authors]
    tags.append(("citation_publication_date", work.issued.replace("-", "/")))
    if work.container_title:  # Zotero reads citation_book_title as a book section, Scholar the other
        tags += [
            ("citation_inbook_title", work.container_title),
            ("citation_book_title", work.container_title),
        ]
    tags.append(("citation_publisher", work.publisher))
    if work.isbn:
        tags.append(("citation_isbn", work.isbn))
    tags.append(("citation_language", work.language))
    first, _, last = work.pages.partition("–")
    tags += [
        (name, value) for name, value in (("citation_firstpage", first), ("citation_lastpage", last)) if value
    ]
    if page_url:
        tags.append(("citation_fulltext_html_url", page_url))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    return tags


def dublin_core(work: Work, page_language: str, page_url: str = "") -> list[tuple[str, str]]:
    """Dublin Core (``DC.*``) tags for ``work``: title, creators, date, publisher, rights, …"""
    tags = [("DC.title", work.title)]
    tags += [("DC.creator", p.inverted) for p in work.authors]
    tags += [("DC.contributor", p.inverted) for p in work.editors]
    tags += [("DC.date", work.issued), ("DC.publisher", work.publisher), ("DC.language", page_language)]
    if work.container_title:
        tags.append(("DC.relation.isPartOf", work.container_title))
    if work.licence:
        tags.append(("DC.rights", work.licence))
    if work.isbn and work.kind == "book":
        tags.append(("DC.identifier", f"urn:isbn:{work.isbn}"))
    if page_url:
        tags.append(("DC.identifier", page_url))
    return tags


def pdf_url(repository: str) -> str:
    """The edition's PDF as the release workflow publishes it (the tag ``v<version>``), or ""."""
    if not repository.startswith("https://github.com/"):
        return ""
    return f"{repository.rstrip('/')}/releases/download/v{kzedition.__version__}/{PDF_NAME}"


def page_metadata(
    subject: str,
    *,
    page_url: str = "",
    title: str = "",
    description: str = "",
    site: str = "",
    repository: str = "",
    language: str = REPORT_LANGUAGE,
    translators: tuple[str, ...] = (),
) -> PageMetadata:
    """What a page says about ``subject``: ``"chapter"`` (the report's pages and the front
    matter), ``"book"`` (the volume's own texts: back cover, dedication) or ``"edition"``.

    Highwire tags only where the page shows the report (a reference manager
    saving an edition page gets the page's Dublin Core and JSON-LD instead).
    """
    ed = edition(site, language, translators)
    work = {"chapter": ed.based_on, "book": volume(), "edition": ed}[subject]
    tags = highwire(work, page_url, pdf_url(repository)) if subject != "edition" else []
    return PageMetadata(
        highwire=tags,
        dublin_core=dublin_core(work, language, page_url),
        json_ld=json_ld(subject, page_url, title, description, ed),
        og_type={"chapter": "article", "book": "book", "edition": "website"}[subject],
    )


def head_html(meta: PageMetadata) -> str:
    """The ``<meta>`` tags, the Dublin Core schema link and the JSON-LD script for ``<head>``."""
    lines = [f'<meta name="{escape(n)}" content="{escape(v)}" />' for n, v in meta.highwire]
    if meta.dublin_core:
        lines.append('<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/" />')
        lines += [f'<meta name="{escape(n)}" content="{escape(v)}" />' for n, v in meta.dublin_core]
    lines.append(f'<script type="application/ld+json">{script_json(meta.json_ld)}</script>')
    return "\n".join(lines) + "\n"
