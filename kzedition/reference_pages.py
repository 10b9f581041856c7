"""Front matter: the publication details, rendered from ``data/publication.csv``."""

from __future__ import annotations

import re
from html import escape

import pandas as pd

from kzedition.data import is_address

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


def publication_html(frame: pd.DataFrame) -> str:
    """A definition list of the publication details, each value linked to its source."""
    values = dict(zip(frame["field"], zip(frame["value"], frame["source_url"], strict=True), strict=True))
    missing = [f for f in FIELDS if f not in values]
    if missing:
        raise KeyError(f"data/publication.csv: missing fields {missing}")
    items = []
    for field, label in FIELDS.items():
        value, source = values[field]
        shown = f'<a href="{escape(value)}">{escape(value)}</a>' if is_address(value) else escape(str(value))
        items.append(
            f'<dt>{label}</dt><dd>{shown} <a class="source-link" href="{escape(source)}">(source)</a></dd>'
        )
    return f'<dl class="publication">{"".join(items)}</dl>'


def _td(content: str, label: str = "") -> str:
    """A table cell; ``label`` (its column's name) goes into ``data-label``, which
    the stylesheet shows before the value when a phone stacks the table's rows.
    Cells that speak for themselves (the row's title) get none."""
    return f'<td data-label="{escape(label)}">{content}</td>' if label else f"<td>{content}</td>"


def events_html(frame: pd.DataFrame) -> str:
    """The timeline as a table: date (as precise as its source), event, source link."""
    formats = {"day": "%-d %B %Y", "month": "%B %Y", "year": "%Y"}
    rows = []
    for event in frame.sort_values("date").itertuples():
        when = event.date.strftime(formats[event.date_precision])
        rows.append(
            f"<tr>{_td(when)}{_td(escape(event.event))}"
            + _td(f'<a href="{escape(event.source_url)}">source</a>: {escape(event.source_note)}', "Dated by")
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


def datasets_html(package: dict, data_url: str) -> str:
    """The data package's resources as a table with download links under ``data_url``."""
    rows = []
    for res in package["resources"]:
        fields = ", ".join(f["name"] for f in res["schema"]["fields"])
        rows.append(
            f'<tr><td><a href="{data_url}/{escape(res["path"])}" download>{escape(res["path"])}</a></td>'
            f'<td>{escape(res.get("title", ""))}<br><span class="claim-note">{escape(fields)}</span></td></tr>'
        )
    return (
        '<table class="datasets table kz-stack"><thead><tr><th scope="col">File</th>'
        '<th scope="col">What it holds (columns)</th></tr></thead>'
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
