"""Front matter: the publication details, rendered from ``data/publication.csv``."""

from __future__ import annotations

from html import escape

import pandas as pd

#: Fields shown on the landing page, in order, with their labels.
FIELDS = {
    "title": "Title", "subtitle": "Subtitle", "publisher": "Publishers", "place": "Place",
    "year": "Year", "editor": "Editor", "assistant_editor": "Assistant editor",
    "project_coordinator": "Project coordinator", "isbn": "ISBN", "issn": "ISSN",
    "apc_code": "APC document code", "printer": "Printed by", "launch_date": "Launched",
    "licence": "Licence", "chapter_author": "Chapter author", "chapter_web_url": "Chapter online",
}


def publication_html(frame: pd.DataFrame) -> str:
    """A definition list of the publication details, each value linked to its source."""
    values = dict(zip(frame["field"], zip(frame["value"], frame["source_url"])))
    missing = [f for f in FIELDS if f not in values]
    if missing:
        raise KeyError(f"data/publication.csv: missing fields {missing}")
    items = []
    for field, label in FIELDS.items():
        value, source = values[field]
        shown = (f'<a href="{escape(value)}">{escape(value)}</a>' if value.startswith("http")
                 else escape(str(value)))
        items.append(f"<dt>{label}</dt><dd>{shown} "
                     f'<a class="source-link" href="{escape(source)}">(source)</a></dd>')
    return f'<dl class="publication">{"".join(items)}</dl>'
