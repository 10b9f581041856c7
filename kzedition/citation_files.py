"""The citation files: a :class:`~kzedition.works.Work` as BibTeX, RIS and CSL-JSON.

What the cite page and every paragraph's Cite offer for download
(:data:`FORMATS`, :func:`files`), and a short reference in words
(:func:`citation_text`). Every value is escaped for its format: BibTeX's
special characters, RIS's one line per tag, JSON.
"""

from __future__ import annotations

import json

from kzedition.works import Name, Work

# --- BibTeX, RIS, CSL-JSON ------------------------------------------------------------

_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#"}


def _bib(value: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in value)


def bibtex(work: Work) -> str:
    """The work as one BibTeX entry (``@incollection``, ``@book`` or ``@misc`` for the edition)."""
    kind = {"chapter": "incollection", "book": "book", "edition": "misc"}[work.kind]
    names = lambda people: " and ".join("{" + p.literal + "}" if p.literal else p.inverted for p in people)  # noqa: E731
    fields = [
        ("author", names(work.authors)),
        ("editor", names(work.editors)),
        ("translator", names(work.translators)),
        ("title", "{" + _bib(work.title) + "}"),
        ("booktitle", "{" + _bib(work.container_title) + "}" if work.container_title else ""),
        ("publisher", _bib(work.publisher)),
        ("address", _bib(work.place)),
        ("year", work.year),
        ("pages", work.pages.replace("–", "--")),
        ("isbn", work.isbn),
        ("version", work.version),
        ("url", work.url),
        ("language", {"en": "english", "ru": "russian"}.get(work.language, work.language)),
        ("note", _bib(work.note)),
    ]
    if work.based_on is not None:
        fields.append(("note", f"Based on: {_bib(citation_text(work.based_on))}"))
    merged: dict[str, str] = {}
    for name, value in fields:
        if value:
            merged[name] = f"{merged[name]}. {value}" if name in merged else value
    body = ",\n".join(f"  {name:<9} = {{{value}}}" for name, value in merged.items())
    return f"@{kind}{{{work.key},\n{body}\n}}\n"


def ris(work: Work) -> str:
    """The work as one RIS record (``CHAP``, ``BOOK``, or ``COMP`` for the edition)."""
    kind = {"chapter": "CHAP", "book": "BOOK", "edition": "COMP"}[work.kind]
    first, _, last = work.pages.partition("–")
    lines = [("TY", kind)]
    lines += [("AU", p.inverted) for p in work.authors]
    lines += [("A2", p.inverted) for p in work.editors]
    lines += [("A4", p.inverted) for p in work.translators]
    lines += [
        ("TI", work.title),
        ("T2", work.container_title),
        ("PB", work.publisher),
        ("CY", work.place),
        ("PY", work.year),
        ("DA", work.issued.replace("-", "/") if len(work.issued) > 4 else ""),
        ("SP", first),
        ("EP", last),
        ("SN", work.isbn),
        ("ET", work.version),
        ("UR", work.url),
        ("LA", work.language),
        ("N1", work.note),
        ("N1", f"Based on: {citation_text(work.based_on)}" if work.based_on else ""),
        ("AB", work.abstract),
    ]
    body = "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines if value)
    return body + "ER  - \n"


def _csl_names(people: tuple[Name, ...]) -> list[dict]:
    return [{"literal": p.literal} if p.literal else {"family": p.family, "given": p.given} for p in people]


def csl_item(work: Work) -> dict:
    """The work as one CSL-JSON item (types ``chapter``, ``book``; the edition ``software``)."""
    item: dict = {
        "id": work.key,
        "type": {"chapter": "chapter", "book": "book", "edition": "software"}[work.kind],
    }
    for name, people in (
        ("author", work.authors),
        ("editor", work.editors),
        ("translator", work.translators),
    ):
        if people:
            item[name] = _csl_names(people)
    parts = [int(p) for p in work.issued.split("-") if p]
    values = {
        "title": work.title,
        "container-title": work.container_title,
        "publisher": work.publisher,
        "publisher-place": work.place,
        "issued": {"date-parts": [parts]} if parts else None,
        "page": work.pages.replace("–", "-"),
        "ISBN": work.isbn,
        "version": work.version,
        "URL": work.url,
        "language": work.language,
        "note": work.note,
        "abstract": work.abstract,
    }
    item.update({k: v for k, v in values.items() if v})
    return item


def csl_json(work: Work) -> str:
    """The work as a CSL-JSON file: a list of one item (with the report it is based on, if any)."""
    items = [csl_item(work)] + ([csl_item(work.based_on)] if work.based_on is not None else [])
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def citation_text(work: Work) -> str:
    """A short reference in words ("Nurmakov, Adil (2011) "Kazakhstan", in …"), for notes."""
    who = "; ".join(p.inverted for p in work.authors or work.editors)
    title = f"“{work.title}”, in {work.container_title}" if work.container_title else work.title
    return f"{who} ({work.year}) {title}. {work.publisher}.".replace(" ()", "")


#: file suffix -> (writer, media type): what the cite page and each paragraph offer.
FORMATS = {
    "bib": (bibtex, "application/x-bibtex", "BibTeX"),
    "ris": (ris, "application/x-research-info-systems", "RIS"),
    "json": (csl_json, "application/vnd.citationstyles.csl+json", "CSL-JSON"),
}


def files(work: Work, stem: str) -> dict[str, str]:
    """``{"<stem>.bib": text, "<stem>.ris": text, "<stem>.json": text}``."""
    return {f"{stem}.{suffix}": write(work) for suffix, (write, _, _) in FORMATS.items()}
