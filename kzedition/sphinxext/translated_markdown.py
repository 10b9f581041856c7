"""Sphinx extension ``kzedition.sphinxext.translated_markdown``: MyST in translated paragraphs.

Sphinx's i18n step parses each translation (``msgstr``) as a document of its
own, without the page around it. Two things of the edition's MyST need that
page, and each has its workaround here. The English build is unchanged by
both: its paragraphs are never parsed alone.

**Footnote marks** (myst-parser 3.0.1; MyST-Parser issues #801 and #884):
markdown-it reads ``[^1]`` as a footnote reference only when the same text
defines the footnote, so a translation's marks stay literal text. myst-parser
4.0.0 fixed it (PR #931: references resolved by doctree transforms), but
jupyter-book 1.0.4 requires myst-parser ~=3.0. :class:`TranslatedMystNbParser`
appends a placeholder definition for each mark to a translation before it is
parsed; Sphinx keeps only the translated paragraph and links its marks to the
page's own footnotes. Remove when the edition can use myst-parser >= 4.

**Pasted values** (myst-nb 1.4.0; no upstream issue found; the probe in
``../shared/notes/translation.md`` saw it): a `` {glue:text}`key` `` role in a
translation finds none of the notebook's glue data and pastes nothing.
:class:`PageGlueText` makes such a role refer to its own page's glue data the
way a cross-page role does (``/page.md::key``), which myst-nb resolves after
reading, from the glue cache it writes for every executed page. Remove when
myst-nb resolves glue roles in translated text.
"""

from __future__ import annotations

import re
from typing import Any

from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.sphinx_ import Parser as MystNbParser
from sphinx.application import Sphinx

from kzedition import __version__

FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]+)\]")
TRANSLATED = "<translated>"  #: how sphinx.transforms.i18n names the source of a translation


def with_footnote_definitions(text: str) -> str:
    """``text`` with a placeholder definition after it for each footnote mark it has."""
    labels = dict.fromkeys(FOOTNOTE_MARK.findall(text))
    return text + "".join(f"\n\n[^{label}]: (placeholder)" for label in labels)


class TranslatedMystNbParser(MystNbParser):
    """myst-nb's parser, giving a translation's footnote marks their definitions (see above)."""

    def parse(self, inputstring: str, document) -> None:
        if document.current_source.endswith(TRANSLATED):
            inputstring = with_footnote_definitions(inputstring)
        super().parse(inputstring, document)


class PageGlueText(PasteTextRole):
    """``glue:text`` that falls back to its own page's glue cache (see above)."""

    def run(self):
        if "nb_renderer" not in self.document and "::" not in self.text:
            env = self.document.settings.env
            spec = "" if ":" in self.text else ":s"  # myst-nb splits a format spec off at the last ":"
            self.text = f"/{env.doc2path(env.docname, False)}::{self.text}{spec}"
        return super().run()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_source_parser(TranslatedMystNbParser, override=True)
    app.add_role_to_domain("glue", "text", PageGlueText(), override=True)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
