"""The reference pages' tables: the publication details (``data/publication.csv``), the
timeline (``data/events.csv``), the footnotes' links, the datasets, the works the data cite
and the copies consulted. Every source shown is written by :mod:`kzedition.bibliography`."""

from __future__ import annotations

import re
from html import escape

import pandas as pd

from kzedition import bibliography

#: Fields shown on the landing page, in order, with their labels.
FIELDS = {
    "title": "Title",
    "subtitle": "Subtitle",
    "publisher": "Publishers",
    "place": "Place",
    "year": "Year",
    "editor": "Editor",
    "assistant_editor": "Assistant editor",
    "project_coordinator": "Project coordinator",
    "isbn": "ISBN",
    "issn": "ISSN",
    "apc_code": "APC document code",
    "printer": "Printed by",
    "launch_date": "Launched",
    "licence": "Licence",
    "chapter_author": "Chapter author",
    "chapter_web_url": "Chapter online",
}


def publication_html(frame: pd.DataFrame, bibliography_page: str = "chapters/sources.html") -> str:
    """A definition list of the publication details, each value linked to the bibliography entry
    of its source (``bibliography_page``), which the link's title names."""
    cited = bibliography.row_citations(frame)
    values = dict(zip(frame["field"], zip(frame["value"], cited, strict=True), strict=True))
    missing = [f for f in FIELDS if f not in values]
    if missing:
        raise KeyError(f"data/publication.csv: missing fields {missing}")
    items = []
    for field, label in FIELDS.items():
        value, source = values[field]
        shown = (
            f'<a href="{escape(value)}">{escape(value)}</a>'
            if value.startswith("http")
            else escape(str(value))
        )
        href = f"{bibliography_page}#{bibliography.ANCHOR.format(key=source.key)}"
        items.append(
            f'<dt>{label}</dt><dd>{shown} <a class="source-link" href="{escape(href)}"'
            f' title="{escape(bibliography.cite(source))}">(source)</a></dd>'
        )
    return f'<dl class="publication">{"".join(items)}</dl>'


def _td(content: str, label: str = "") -> str:
    """A table cell; ``label`` (its column's name) goes into ``data-label``, which
    the stylesheet shows before the value when a phone stacks the table's rows.
    Cells that speak for themselves (the row's title) get none."""
    return f'<td data-label="{escape(label)}">{content}</td>' if label else f"<td>{content}</td>"


def events_html(frame: pd.DataFrame) -> str:
    """The timeline as a table: date (as precise as its source), event, the work that dates it."""
    formats = {"day": "%-d %B %Y", "month": "%B %Y", "year": "%Y"}
    frame = frame.sort_values("date")
    rows = []
    for event, source in zip(frame.itertuples(), bibliography.row_citations(frame), strict=True):
        when = event.date.strftime(formats[event.date_precision])
        rows.append(
            f"<tr>{_td(when)}{_td(escape(event.event))}"
            + _td(f"{bibliography.cite_html(source)}: {escape(event.source_note)}", "Dated by")
            + "</tr>"
        )
    return (
        '<table class="timeline table kz-stack"><thead><tr><th scope="col">Date</th>'
        '<th scope="col">Event</th><th scope="col">Dated by</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


WAYBACK = "https://web.archive.org/web/2011*/"


def footnote_links_html(footnotes: dict[int, str]) -> str:
    """Every web address of the footnotes, linked, with a link to its archived copies."""
    rows = []
    for number, note in footnotes.items():
        for address in re.findall(r"(?:www\.|[a-z0-9-]+\.kz/)\S+", note):
            url = "http://" + address
            rows.append(
                f"<tr>{_td(str(number), 'Footnote')}"
                + _td(f'<a href="{escape(url)}">{escape(address)}</a>', "Address")
                + _td(f'<a href="{escape(WAYBACK + url)}">archived copies</a>', "Internet Archive")
                + "</tr>"
            )
    return (
        '<table class="footnote-links table kz-stack"><thead><tr><th scope="col">Footnote</th>'
        '<th scope="col">Address</th><th scope="col">Internet Archive</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def datasets_html(package: dict, data_url: str, frames: dict[str, pd.DataFrame]) -> str:
    """The data package's resources as a table with download links under ``data_url``, each
    with the works its rows cite (``frames``: the loaded tables)."""
    rows = []
    for res in package["resources"]:
        fields = ", ".join(f["name"] for f in res["schema"]["fields"])
        works = "; ".join(bibliography.cite_html(c) for c in bibliography.all_citations(frames[res["name"]]))
        cited = f'<br><span class="claim-work">Sources: {works}.</span>' if works else ""
        rows.append(
            f'<tr><td><a href="{data_url}/{escape(res["path"])}" download>{escape(res["path"])}</a></td>'
            f'<td>{escape(res.get("title", ""))}<br><span class="claim-note">{escape(fields)}</span>{cited}</td></tr>'
        )
    return (
        '<table class="datasets table kz-stack"><thead><tr><th scope="col">File</th>'
        '<th scope="col">What it holds (columns) and the works it cites</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def frame_html(frame: pd.DataFrame, css_class: str) -> str:
    """Every row of ``frame`` as a table the edition writes (no index, empty values
    left blank): each cell labelled by its column, so that on a phone the rows
    stack like the other generated tables'."""
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        shown = ["" if pd.isna(v) else str(v) for v in values]
        cells = "".join(
            _td(escape(v), str(c) if v else "") for c, v in zip(frame.columns, shown, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    return (
        f'<table class="{escape(css_class)} table kz-stack"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _cited_by(frames: dict[str, pd.DataFrame]) -> dict[str, dict[str, None]]:
    """Each work the data cite (as source or as the work quoting it) -> the files citing it, in order."""
    out: dict[str, dict[str, None]] = {}
    for name, frame in frames.items():
        for column in frame.columns:
            if column.endswith(("source_key", "quoted_by_key")):
                for key in frame[column].dropna():
                    out.setdefault(key, {})[f"{name}.csv"] = None
    return out


def works_html(frames: dict[str, pd.DataFrame]) -> str:
    """Every work the data cite, as a list of full references (:func:`kzedition.bibliography.reference`),
    each with the id ``work-<key>`` that sources link to, its publisher's address where confirmed,
    and the data files that cite it; ordered by the reference's text."""
    cited = _cited_by(frames)
    items = []
    for key in sorted(cited, key=lambda k: bibliography.reference(k).casefold()):
        work = bibliography.works()[key]
        link = (
            f' <a class="reference external" href="{escape(work.url, quote=True)}">{escape(work.url)}</a>'
            if work.url
            else " (no publisher's address confirmed)"
        )
        files = ", ".join(f"<code>{escape(f)}</code>" for f in cited[key])
        items.append(
            f'<li id="{bibliography.ANCHOR.format(key=key)}">{escape(bibliography.reference(key))}{link}'
            f'<br><span class="claim-note">Cited in {files}.</span></li>'
        )
    return f'<ul class="works">{"".join(items)}</ul>'


def copies_html(frames: dict[str, pd.DataFrame]) -> str:
    """The copies consulted (``copies_consulted``): the address read, what it is, when it was read
    and which works were read there (linked to their entries on the same page)."""
    read_there: dict[str, dict[bibliography.Citation, None]] = {}
    for frame in frames.values():
        for column in frame.columns:
            if column.endswith("consulted_copy_url"):
                prefix = column.removesuffix("consulted_copy_url")
                for url, source in zip(frame[column], bibliography.row_citations(frame, prefix), strict=True):
                    if isinstance(url, str) and source is not None:
                        read_there.setdefault(url, {})[source] = None
    rows = []
    for copy in frames["copies_consulted"].itertuples():
        read_on = "not recorded" if pd.isna(copy.read_on) else f"{copy.read_on:%-d %B %Y}"
        # each work as its citation, linked to its entry above (its publisher is linked there)
        works = "; ".join(
            f'<a href="#{bibliography.ANCHOR.format(key=c.key)}">{escape(bibliography.cite(c))}</a>'
            for c in read_there.get(copy.url, {})
        )
        address = f'<a href="{escape(copy.url, quote=True)}">{escape(copy.url)}</a>'
        rows.append(
            f"<tr>{_td(address, 'Copy')}"
            + _td(escape(copy.kind.replace("_", " ")), "Kind")
            + _td(escape(copy.what_it_is), "What it is")
            + _td(read_on, "Read on")
            + _td(works, "Source read there")
            + "</tr>"
        )
    return (
        '<table class="copies table kz-stack"><thead><tr><th scope="col">Copy</th><th scope="col">Kind</th>'
        '<th scope="col">What it is</th><th scope="col">Read on</th>'
        '<th scope="col">Source read there</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
