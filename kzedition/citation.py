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
- **Embedded metadata** of a page (Highwire, Dublin Core, JSON-LD) is
  written from these works by :mod:`kzedition.page_metadata`.

The model and the works are :mod:`kzedition.works`, the files
:mod:`kzedition.citation_files`; this module re-exports both (``__all__``),
so that ``citation`` stays the one name for a work and its files.

The language of a page is the build's (Sphinx's ``language``): a Russian
edition built into ``ru/`` carries ``ru`` on its pages and names its
translators, with the report itself still in English.
"""

from __future__ import annotations

from kzedition.citation_files import FORMATS, bibtex, citation_text, csl_item, csl_json, files, ris
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
    "Work",
    "bibtex",
    "citation_cff",
    "citation_text",
    "csl_item",
    "csl_json",
    "edition",
    "files",
    "paragraph",
    "print_pages",
    "publication",
    "publishers",
    "report",
    "ris",
    "volume",
    "volume_title",
]
