"""The works the edition cites, read from ``references.bib``, and the one way a reader sees them.

A figure's source is a *work*: the publication that put the figure out (the
Central Election Commission's results, the OSCE/ODIHR final report, Nohlen,
Grotz and Hartmann's handbook, the World Bank's indicator, a newspaper's item
of a given day). Each is one entry of ``references.bib``; each data row names
its work by key (``source_key``) and, where the work itself was not seen, the
work that quotes it (``quoted_by_key``). The copy actually read, often a
mirror, is kept apart (``consulted_copy_url`` and ``data/copies_consulted.csv``)
and is never what a reader sees as the source.

Everything a reader sees as a source is written by :func:`cite` (plain text)
or :func:`cite_html` (linked): the charts' Source lines, the timeline, the
claims ledger, the data page, the sources page and the data package's
``sources``. :func:`reference` is the full entry of the sources page.

The parser reads the BibTeX this file uses: ``@type{key, field = {value},
field = number, month = jan}``, nested braces, ``%`` comment lines; a few
LaTeX escapes (``\\%``, ``\\&``) are undone. An entry's ``url`` is its
publisher's own address and is given only where it is confirmed.

The words around the works (``as quoted by``, ``pp.``, the dates) follow the
build's language (:mod:`kzedition.i18n`); the titles stay as the works have
them, and in HTML a title in another language than the page's is marked with
its ``lang`` (the entry's ``language`` field; English where none is given).
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import pandas as pd

from kzedition import i18n
from kzedition.i18n import _, data_text
from kzedition.paths import ROOT

__all__ = [
    "ANCHOR",
    "BIBLIOGRAPHY",
    "BibliographyError",
    "Citation",
    "Work",
    "address",
    "all_citations",
    "cite",
    "cite_html",
    "citations",
    "parse",
    "reference",
    "reference_html",
    "resource_sources",
    "row_citations",
    "works",
]

#: The edition's bibliography.
BIBLIOGRAPHY = ROOT / "references.bib"

#: BibTeX's month macros (``jan``) and the names shown.
MONTHS = {
    name[:3].lower(): name
    for name in "January February March April May June July August September October November December".split()
}

#: Fields kept as written: names (read by :attr:`Work.creators`) and the address.
RAW_FIELDS = {"author", "editor", "url"}

#: The element id of a work's entry on the sources page (``sources.html#work-<key>``).
ANCHOR = "work-{key}"

#: The bibliography's ``language`` field -> the ``lang`` of its title.
LANGUAGE_CODES = {"english": "en", "russian": "ru", "spanish": "es"}


class BibliographyError(ValueError):
    """``references.bib`` cannot be read, or a key is not in it."""


@dataclass(frozen=True)
class Work:
    """One entry of the bibliography: its key, BibTeX type and fields (lower-case names)."""

    key: str
    kind: str
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str | None:
        """The publisher's own address, where it is confirmed; else ``None``."""
        return self.fields.get("url") or None

    @property
    def institutions(self) -> list[str]:
        """The bodies among the authors or editors (a name in braces: ``{World Bank}``), whose
        names the Russian edition translates (``tools.translations.DATA_TEXTS``)."""
        names = [n.strip() for f in ("author", "editor") for n in _names(self.fields.get(f, ""))]
        return [_plain(n) for n in names if n.startswith("{") and n.endswith("}")]

    @property
    def creators(self) -> str:
        """``Nohlen, Grotz and Hartmann (eds.)``, ``Freedom House``, or ``Anon.``; a body's name
        in the build's language."""
        names = self.fields.get("author") or self.fields.get("editor") or ""
        people = [_family(n) for n in _names(names) if n.strip()]
        bodies = set(self.institutions)
        people = [data_text(p) if p in bodies else p for p in people]
        if not people:
            return _("Anon.")
        shown = (
            people[0]
            if len(people) == 1
            else _("{names} and {last}").format(names=", ".join(people[:-1]), last=people[-1])
        )
        if "author" in self.fields:
            return shown
        return (_("{names} (ed.)") if len(people) == 1 else _("{names} (eds.)")).format(names=shown)

    @property
    def date(self) -> str:
        """``2011``, ``5 April 2011``, ``December 2011`` or ``n.d.``"""
        year = self.fields.get("year")
        if not year:
            return _("n.d.")
        month = MONTHS.get(self.fields.get("month", "")[:3].lower())
        if month is None:
            return year
        day = self.fields.get("day")
        if i18n.language() != i18n.DEFAULT:
            from babel.dates import format_date

            when = datetime.date(int(year), list(MONTHS.values()).index(month) + 1, int(day or 1))
            return format_date(when, "d MMMM y" if day else "LLLL y", locale=i18n.language())
        return f"{day} {month} {year}" if day else f"{month} {year}"

    @property
    def supplied(self) -> bool:
        """The title is the edition's description of the work, in [brackets] (its own title
        was not recorded): the Russian edition translates it."""
        return self.fields.get("title", "").startswith("[")

    @property
    def title(self) -> str:
        if "title" not in self.fields:
            return _("[untitled]")
        return data_text(self.fields["title"]) if self.supplied else self.fields["title"]

    @property
    def title_html(self) -> str:
        """The title, escaped, marked with its language where that is not the page's."""
        lang = LANGUAGE_CODES.get(self.fields.get("language", "english").lower(), "en")
        if i18n.language() in (i18n.DEFAULT, lang) or self.supplied:  # English pages as they were
            return escape(self.title)
        if lang == "en":
            return i18n.in_english(escape(self.title))
        return f'<span lang="{lang}">{escape(self.title)}</span>'


@dataclass(frozen=True)
class Citation:
    """A figure's source: the work that published it and, if that was not seen, the work quoting it."""

    key: str
    quoted_by: str | None = None


def _names(value: str) -> list[str]:
    """A BibTeX name list split at each ``and`` outside braces (``{Office for X and Y}`` is one name)."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            names.append(value[start : match.start()])
            start = match.end()
    return [*names, value[start:]]


def _family(name: str) -> str:
    """``Nohlen, Dieter`` -> ``Nohlen``; ``Katy Pearce`` -> ``Pearce``; an institution as it is."""
    name = name.strip()
    if name.startswith("{") and name.endswith("}"):
        return _plain(name)
    if "," in name:
        return _plain(name.split(",")[0])
    return _plain(name.split()[-1])


def _plain(value: str) -> str:
    """A BibTeX value as text: braces dropped, ``\\%`` and ``\\&`` undone, spaces collapsed."""
    value = re.sub(r"\\([%&$#_])", r"\1", value)
    value = value.replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", value).strip()


# --- reading -------------------------------------------------------------------


def _value(text: str, i: int, where: str) -> tuple[str, int]:
    """The value starting at ``text[i]`` (``{...}``, ``"..."``, a number or a macro) and the index after it."""
    if text[i] == "{":
        depth, j = 0, i
        while j < len(text):
            if text[j] == "{" and text[j - 1] != "\\":
                depth += 1
            elif text[j] == "}" and text[j - 1] != "\\":
                depth -= 1
                if depth == 0:
                    return text[i + 1 : j], j + 1
            j += 1
        raise BibliographyError(f"{where}: a brace is never closed")
    if text[i] == '"':
        j = text.index('"', i + 1)
        return text[i + 1 : j], j + 1
    match = re.compile(r"[A-Za-z0-9_.-]+").match(text, i)
    if not match:
        raise BibliographyError(f"{where}: cannot read the value at {text[i : i + 20]!r}")
    return match.group(0), match.end()


def parse(text: str, name: str = "references.bib") -> dict[str, Work]:
    """Every entry of a BibTeX text, by key (``@comment``, ``@string`` and ``@preamble`` skipped)."""
    text = "\n".join("" if line.lstrip().startswith("%") else line for line in text.splitlines())
    out: dict[str, Work] = {}
    for match in re.finditer(r"@(\w+)\s*\{\s*([^,\s]+)\s*,", text):
        kind, key = match.group(1).lower(), match.group(2)
        if kind in {"comment", "string", "preamble"}:
            continue
        line = text.count("\n", 0, match.start()) + 1
        where = f"{name}, line {line}, entry {key!r}"
        if key in out:
            raise BibliographyError(f"{where}: the key is used twice")
        fields, i = {}, match.end()
        while True:
            m = re.compile(r"\s*(\}|([A-Za-z][\w-]*)\s*=\s*)").match(text, i)
            if m is None:
                raise BibliographyError(f"{where}: cannot read a field at {text[i : i + 20].strip()!r}")
            if m.group(1) == "}":
                break
            raw, i = _value(text, m.end(), where)
            name_ = m.group(2).lower()
            fields[name_] = raw.strip() if name_ in RAW_FIELDS else _plain(raw)
            comma = re.compile(r"\s*,").match(text, i)
            i = comma.end() if comma else i
        out[key] = Work(key, kind, fields)
    return out


@functools.lru_cache(maxsize=4)
def _read(path: Path, stamp: tuple) -> dict[str, Work]:
    return parse(path.read_text(encoding="utf-8"), path.name)


def works(path: Path | None = None) -> dict[str, Work]:
    """The entries of ``references.bib`` (or ``path``), by key; cached by modification time."""
    path = Path(path or BIBLIOGRAPHY).resolve()
    try:
        st = path.stat()
    except OSError as exc:
        raise BibliographyError(f"cannot read the bibliography {path} ({exc.strerror})") from exc
    return _read(path, (st.st_mtime_ns, st.st_size))


def _work(key: str, entries: dict[str, Work]) -> Work:
    try:
        return entries[key]
    except KeyError:
        raise BibliographyError(f"{key!r} is not a key of references.bib") from None


# --- what readers see ------------------------------------------------------------


def _pages(work: Work) -> str:
    """``, pp. 416, 424`` (in the build's language), or nothing."""
    pages = work.fields.get("pages")
    return _(", pp. {pages}").format(pages=pages) if pages else ""


def _short(work: Work, title: str | None = None) -> str:
    """``Creators (date), Title, pp. 416, 424`` (``title``: the title as given, e.g. as HTML)."""
    return f"{work.creators} ({work.date}), {work.title if title is None else title}" + _pages(work)


def cite(citation: Citation, entries: dict[str, Work] | None = None) -> str:
    """The source as plain text: the work, then ``as quoted by`` the work that was read."""
    entries = works() if entries is None else entries
    text = _short(_work(citation.key, entries))
    if citation.quoted_by:
        text += _(", as quoted by {work}").format(work=_short(_work(citation.quoted_by, entries)))
    return text


def _linked(work: Work, bibliography_page: str | None, links: bool = True) -> str:
    """A work's short form as HTML: the title linked to its publisher (where confirmed and
    ``links``), then a link to its entry on the sources page."""
    title = work.title_html
    if work.url and links:
        title = f'<a class="reference external" href="{escape(work.url, quote=True)}">{title}</a>'
    text = f"{escape(work.creators)} ({escape(work.date)}), {title}" + escape(_pages(work))
    if bibliography_page is not None:
        anchor = ANCHOR.format(key=work.key)
        hint, label = escape(_("Its entry in the bibliography")), escape(_("[bibliography]"))
        text += (
            f' <a class="reference internal kz-bib-link" href="{escape(bibliography_page)}#{anchor}"'
            f' title="{hint}">{label}</a>'
        )
    return text


def cite_html(
    citation: Citation,
    bibliography_page: str | None = "sources.html",
    entries: dict[str, Work] | None = None,
    links: bool = True,
) -> str:
    """:func:`cite` as HTML: each work's title linked to its publisher, and to its bibliography entry
    on ``bibliography_page`` (``None``: no such link, as on the sources page itself). Without
    ``links`` and page, it is :func:`cite` escaped, its titles marked with their language (the
    text of a link)."""
    entries = works() if entries is None else entries
    text = _linked(_work(citation.key, entries), bibliography_page, links)
    if citation.quoted_by:
        text += _(", as quoted by {work}").format(
            work=_linked(_work(citation.quoted_by, entries), bibliography_page, links)
        )
    return text


def address(citation: Citation, entries: dict[str, Work] | None = None) -> str | None:
    """Where a reader follows a source to: the work's publisher, else that of the work quoting it;
    ``None`` when neither address is confirmed."""
    entries = works() if entries is None else entries
    url = _work(citation.key, entries).url
    if url is None and citation.quoted_by:
        url = _work(citation.quoted_by, entries).url
    return url


def _reference(work: Work, html: bool) -> str:
    """:func:`reference` as text, or as HTML (``html``: escaped, titles marked with their language)."""
    get = work.fields.get
    shown = escape if html else str
    published = ": ".join(data_text(v) for v in (get("address"), get("publisher") or get("institution")) if v)
    book = get("booktitle")
    details = [
        shown(_("In {book}")).format(book=i18n.in_english(escape(book)) if html else book) if book else "",
        shown(published),
        shown(f"ISBN {get('isbn')}") if get("isbn") else "",
        shown(data_text(get("note", ""))),
    ]
    title = work.title_html if html else work.title
    short = f"{shown(work.creators)} ({shown(work.date)}), {title}" + shown(_pages(work))
    return short.rstrip(".") + "".join(f". {d.rstrip('.')}" for d in details if d) + "."


def reference(key: str, entries: dict[str, Work] | None = None) -> str:
    """The full entry of a work (the sources page): :func:`cite`'s short form, then where it was
    published and the bibliography's note."""
    entries = works() if entries is None else entries
    return _reference(_work(key, entries), html=False)


def reference_html(key: str, entries: dict[str, Work] | None = None) -> str:
    """:func:`reference` as HTML, its titles marked with their language where it is not the page's."""
    entries = works() if entries is None else entries
    return _reference(_work(key, entries), html=True)


def citations(frame: pd.DataFrame, prefix: str = "") -> list[Citation]:
    """The distinct sources of a table's rows, in order of first use.

    ``prefix`` picks the pair of columns: ``""`` for ``source_key`` and
    ``quoted_by_key``, ``"share_"`` for ``share_source_key`` and
    ``share_quoted_by_key``. Rows without a source are skipped.
    """
    return [c for c in dict.fromkeys(row_citations(frame, prefix)) if c is not None]


def row_citations(frame: pd.DataFrame, prefix: str = "") -> list[Citation | None]:
    """The source of each row of a table, in row order (``None`` for a row without one)."""
    return [
        Citation(key, quoted if isinstance(quoted, str) and quoted else None)
        if isinstance(key, str) and key
        else None
        for key, quoted in zip(frame[f"{prefix}source_key"], frame[f"{prefix}quoted_by_key"], strict=True)
    ]


def all_citations(frame: pd.DataFrame) -> list[Citation]:
    """The distinct sources of a table's rows over every ``*source_key`` column, in column order."""
    prefixes = [c.removesuffix("source_key") for c in frame.columns if c.endswith("source_key")]
    return list(dict.fromkeys(c for p in prefixes for c in citations(frame, p)))


def resource_sources(frame: pd.DataFrame, entries: dict[str, Work] | None = None) -> list[dict[str, str]]:
    """A data package resource's ``sources``: every work its rows cite (:func:`all_citations`), as
    ``{"title": citation, "path": publisher's address}`` (``path`` only where confirmed)."""
    entries = works() if entries is None else entries
    out = []
    for citation in all_citations(frame):
        source = {"title": cite(citation, entries)}
        if url := address(citation, entries):
            source["path"] = url
        out.append(source)
    return out
