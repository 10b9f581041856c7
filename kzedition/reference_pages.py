"""The reference pages' tables: the publication details (``data/publication.csv``), the
timeline (``data/events.csv``), the footnotes' links, the datasets, the works the data cite
and the copies consulted. Every source shown is written by :mod:`kzedition.bibliography`.

The tables' words are in the build's language (:mod:`kzedition.i18n`), and so are the data's
texts shown (:func:`kzedition.i18n.data_text`); quotations kept in English are marked
``lang="en"`` on a page in another language."""

from __future__ import annotations

import re
from html import escape

import pandas as pd

from kzedition import bibliography, i18n
from kzedition.data import is_address
from kzedition.i18n import N_, _, data_text, in_english

#: Fields shown on the landing page, in order, with their labels (translated where shown).
FIELDS = {
    "title": N_("Title"),
    "subtitle": N_("Subtitle"),
    "publisher": N_("Publishers"),
    "place": N_("Place"),
    "year": N_("Year"),
    "editor": N_("Editor"),
    "assistant_editor": N_("Assistant editor"),
    "project_coordinator": N_("Project coordinator"),
    "isbn": N_("ISBN"),
    "issn": N_("ISSN"),
    "apc_code": N_("APC document code"),
    "printer": N_("Printed by"),
    "launch_date": N_("Launched"),
    "licence": N_("Licence"),
    "chapter_author": N_("Chapter author"),
    "chapter_web_url": N_("Chapter online"),
}
#: Values of the publication that are titles of the English book: kept English, marked so.
ENGLISH_VALUES = ("title", "subtitle")


def _publication_value(field: str, value) -> str:
    """A value of ``data/publication.csv`` as shown: an address linked, a title of the book
    marked English, a translatable value (``tools.translations.DATA_TEXTS``) translated."""
    if is_address(value):
        return f'<a href="{escape(value)}">{escape(value)}</a>'
    if field in ENGLISH_VALUES:
        return in_english(escape(str(value)))
    return escape(str(data_text(value)))


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
        shown = _publication_value(field, value)
        href = f"{bibliography_page}#{bibliography.ANCHOR.format(key=source.key)}"
        link = escape(_("(source)"))
        items.append(
            f'<dt>{escape(_(label))}</dt><dd>{shown} <a class="source-link" href="{escape(href)}"'
            f' title="{escape(bibliography.cite(source))}">{link}</a></dd>'
        )
    return f'<dl class="publication">{"".join(items)}</dl>'


def _td(content: str, label: str = "") -> str:
    """A table cell; ``label`` (its column's name) goes into ``data-label``, which
    the stylesheet shows before the value when a phone stacks the table's rows.
    Cells that speak for themselves (the row's title) get none."""
    return f'<td data-label="{escape(label)}">{content}</td>' if label else f"<td>{content}</td>"


#: A date as precise as its source: English ``strftime`` and Babel (CLDR) patterns.
DATE_FORMATS = {"day": "%-d %B %Y", "month": "%B %Y", "year": "%Y"}
DATE_PATTERNS = {"day": "d MMMM y", "month": "LLLL y", "year": "y"}


def shown_date(when, precision: str = "day") -> str:
    """``3 April 2011``, ``April 2011`` or ``2011``; ``3 апреля 2011``, ``апрель 2011`` in Russian."""
    lang = i18n.language()
    if lang == i18n.DEFAULT:
        return when.strftime(DATE_FORMATS[precision])
    from babel.dates import format_date

    return format_date(when, DATE_PATTERNS[precision], locale=lang)


def _head(*labels: str) -> str:
    """A table's header row, each column's label translated."""
    return "".join(f'<th scope="col">{escape(_(label))}</th>' for label in labels)


def events_html(frame: pd.DataFrame) -> str:
    """The timeline as a table: date (as precise as its source), event, the work that dates it."""
    frame = frame.sort_values("date")
    rows = []
    for event, source in zip(frame.itertuples(), bibliography.row_citations(frame), strict=True):
        note = i18n.quotations_marked(escape(data_text(event.source_note)))
        rows.append(
            f"<tr>{_td(shown_date(event.date, event.date_precision))}{_td(escape(data_text(event.event)))}"
            + _td(f"{bibliography.cite_html(source)}: {note}", _("Dated by"))
            + "</tr>"
        )
    head = _head(N_("Date"), N_("Event"), N_("Dated by"))
    body = "".join(rows)
    return (
        f'<table class="timeline table kz-stack"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


WAYBACK = "https://web.archive.org/web/2011*/"


def footnote_links_html(footnotes: dict[int, str]) -> str:
    """Every web address of the footnotes, linked, with a link to its archived copies."""
    rows = []
    for number, note in footnotes.items():
        for address in re.findall(r"(?:www\.|[a-z0-9-]+\.kz/)\S+", note):
            url = "http://" + address
            archived = escape(_("archived copies"))
            rows.append(
                "<tr>"
                + _td(str(number), _("Footnote"))
                + _td(f'<a href="{escape(url)}">{escape(address)}</a>', _("Address"))
                + _td(f'<a href="{escape(WAYBACK + url)}">{archived}</a>', _("Internet Archive"))
                + "</tr>"
            )
    head = _head(N_("Footnote"), N_("Address"), N_("Internet Archive"))
    return (
        f'<table class="footnote-links table kz-stack"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def datasets_html(package: dict, data_url: str, frames: dict[str, pd.DataFrame]) -> str:
    """The data package's resources as a table with download links under ``data_url``, each
    with the works its rows cite (``frames``: the loaded tables)."""
    rows = []
    for res in package["resources"]:
        fields = ", ".join(f["name"] for f in res["schema"]["fields"])
        works = "; ".join(bibliography.cite_html(c) for c in bibliography.all_citations(frames[res["name"]]))
        sources = _("Sources: {works}.").format(works=works)
        cited = f'<br><span class="claim-work">{sources}</span>' if works else ""
        title = escape(data_text(res.get("title", "")))
        rows.append(
            f'<tr><td><a href="{data_url}/{escape(res["path"])}" download>{escape(res["path"])}</a></td>'
            f'<td>{title}<br><span class="claim-note">{escape(fields)}</span>{cited}</td></tr>'
        )
    head = _head(N_("File"), N_("What it holds (columns) and the works it cites"))
    body = "".join(rows)
    return (
        f'<table class="datasets table kz-stack"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def frame_html(frame: pd.DataFrame, css_class: str, english: tuple[str, ...] | None = None) -> str:
    """Every row of ``frame`` as a table the edition writes (no index, empty values
    left blank): each cell labelled by its column, so that on a phone the rows
    stack like the other generated tables'. The columns' names are translated
    (mark them ``N_()`` where the frame is made); the cells of the columns named in
    ``english`` (quotations of the report; by default ``frame.attrs["english"]``) are marked English."""
    english = tuple(frame.attrs.get("english", ())) if english is None else english
    labels = [_(str(c)) for c in frame.columns]
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in labels)
    rows = []
    for values in frame.itertuples(index=False):
        shown = ["" if pd.isna(v) else str(v) for v in values]
        cells = "".join(
            _td(in_english(escape(v)) if c in english and v else escape(v), label if v else "")
            for c, label, v in zip(frame.columns, labels, shown, strict=True)
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
            else _(" (no publisher's address confirmed)")
        )
        files = _("Cited in {files}.").format(
            files=", ".join(f"<code>{escape(f)}</code>" for f in cited[key])
        )
        items.append(
            f'<li id="{bibliography.ANCHOR.format(key=key)}">{bibliography.reference_html(key)}{link}'
            f'<br><span class="claim-note">{files}</span></li>'
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
        read_on = escape(_("not recorded")) if pd.isna(copy.read_on) else shown_date(copy.read_on)
        # each work as its citation, linked to its entry above (its publisher is linked there)
        works = "; ".join(
            f'<a href="#{bibliography.ANCHOR.format(key=c.key)}">{bibliography.cite_html(c, None, links=False)}</a>'
            for c in read_there.get(copy.url, {})
        )
        address = f'<a href="{escape(copy.url, quote=True)}">{escape(copy.url)}</a>'
        kind = COPY_KINDS.get(copy.kind, copy.kind.replace("_", " "))
        rows.append(
            f"<tr>{_td(address, _('Copy'))}"
            + _td(escape(_(kind)), _("Kind"))
            + _td(escape(data_text(copy.what_it_is)), _("What it is"))
            + _td(read_on, _("Read on"))
            + _td(works, _("Source read there"))
            + "</tr>"
        )
    head = _head(N_("Copy"), N_("Kind"), N_("What it is"), N_("Read on"), N_("Source read there"))
    return f'<table class="copies table kz-stack"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


#: The kinds of ``data/copies_consulted.csv`` as shown (the schema's enum; translated where shown).
COPY_KINDS = {
    "publisher": N_("publisher"),
    "mirror": N_("mirror"),
    "translation": N_("translation"),
    "repost": N_("repost"),
    "export": N_("export"),
    "document_dump": N_("document dump"),
    "scraper": N_("scraper"),
    "unconfirmed": N_("unconfirmed"),
}
