"""Workarounds for myst-parser (3.0.1, which jupyter-book 1.0.4 requires)."""

from __future__ import annotations

import re
from typing import Any

from myst_nb.sphinx_ import Parser as MystNbParser

from kzedition import __version__

FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]+)\]")
TRANSLATED = "<translated>"  #: how sphinx.transforms.i18n names the source of a translation


def with_footnote_definitions(text: str) -> str:
    """``text`` with a placeholder definition after it for each footnote mark it has."""
    labels = dict.fromkeys(FOOTNOTE_MARK.findall(text))
    return text + "".join(f"\n\n[^{label}]: (placeholder)" for label in labels)


class TranslatedMystNbParser(MystNbParser):
    """myst-nb's parser (myst-parser's for Markdown), giving a translation's footnote marks their definitions.

    Sphinx's i18n step parses each translation (``msgstr``) as a document of
    its own, and markdown-it reads ``[^1]`` as a footnote reference only when
    the same text defines the footnote, so a translation's marks stay literal
    text (MyST-Parser issues #801 and #884). myst-parser 4.0.0 fixed it (PR
    #931: references resolved by doctree transforms), but jupyter-book 1.0.4
    requires myst-parser ~=3.0. A placeholder definition for each mark is
    appended to a translation before it is parsed; Sphinx keeps only the
    translated paragraph and links its marks to the page's own footnotes.
    Remove when the edition can use myst-parser >= 4.
    """

    def parse(self, inputstring: str, document) -> None:
        if document.current_source.endswith(TRANSLATED):
            inputstring = with_footnote_definitions(inputstring)
        super().parse(inputstring, document)


def setup(app) -> dict[str, Any]:
    app.add_source_parser(TranslatedMystNbParser, override=True)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
