"""Workarounds for myst-nb (1.4.0): the hidden cell's markup; in a translated edition, pasted
values in translated paragraphs and the cells' prompts."""

from __future__ import annotations

from html import escape
from typing import Any

from myst_nb.ext.glue.roles import PasteTextRole
from sphinx.transforms.post_transforms import SphinxPostTransform

from kzedition import __version__
from kzedition.i18n import N_, _
from kzedition.sphinxext.languages import translated


def visit_hide_cell_html(self, node) -> None:
    """myst-nb's collapsible cell, with a valid and accessibly named ``<summary>``.

    ``myst_nb.sphinx_.visit_HideCellInput`` puts ``<p>`` inside ``<summary>``
    (which allows phrasing content only: Nu validator) and names it
    ``aria-label="Toggle hidden content"``, which is not the text it shows
    (axe ``label-content-name-mismatch``, serious). This writes the same
    structure and classes with ``<span>`` and no ``aria-label``: the summary
    is named by the prompt it shows ("Show code cell source");
    ``theme_static/theme-fixes.css`` gives the spans the rules myst-nb's
    stylesheet gives the paragraphs. Raw HTML, escaped: it must be exactly
    myst-nb's markup, whose closing tags ``depart_HideCellInput`` writes.
    Seen with myst-nb 1.4.0; no upstream issue was found. Remove when
    myst-nb's summary holds no ``<p>`` and no ``aria-label``.
    """
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {escape(classes)}">\n')
    self.body.append(
        "<summary>"
        f'<span class="collapsed admonition-title">{escape(node["prompt_show"])}</span>'
        f'<span class="expanded admonition-title">{escape(node["prompt_hide"])}</span>'
        "</summary>\n"
    )


def _override_hide_cell(app) -> None:
    """Through Sphinx's public ``add_node(..., override=True)``, once myst-nb is loaded.

    myst-nb offers no public hook for the markup of its collapsed cells, so
    its node class and closing visitor are imported from ``myst_nb.sphinx_``
    (the module that defines them; myst-nb exports no other name for them).
    """
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_cell_html, depart_HideCellInput))


class PageGlueText(PasteTextRole):
    """``glue:text`` in a translated paragraph: its own page's glue data.

    Sphinx's i18n step parses each translation (``msgstr``) as a document of
    its own, which has none of the notebook's glue data, so a
    `` {glue:text}`key` `` role in a translated paragraph finds no value
    (myst-nb warns "No key ... found in glue data for this document" and the
    value is left out). Here such a role refers to its own page's glue data
    the way a cross-page role does (``/page.md::key``), which myst-nb
    resolves after reading, from the glue cache it writes for every executed
    page. The English build is unchanged: its roles have their page's data.
    Seen with myst-nb 1.4.0 (the probe of ``../shared/notes/translation.md``
    too); no upstream issue was found. Remove when myst-nb resolves glue
    roles in translated text.
    """

    def run(self):
        if "nb_renderer" not in self.document and "::" not in self.text:
            env = self.document.settings.env
            spec = "" if ":" in self.text else ":s"  # myst-nb splits a format spec off at the last ":"
            self.text = f"/{env.doc2path(env.docname, False)}::{self.text}{spec}"
        return super().run()


#: myst-nb's prompts of a hidden cell, as it writes them (``Show code cell {type}`` for each type).
CELL_PROMPTS = (
    N_("Show code cell content"),
    N_("Hide code cell content"),
    N_("Show code cell source"),
    N_("Hide code cell source"),
    N_("Show code cell output"),
    N_("Hide code cell output"),
    N_("Show code cell outputs"),
    N_("Hide code cell outputs"),
)


class CellPrompts(SphinxPostTransform):
    """The prompts of hidden cells ("How this figure is computed") in the build's language.

    Workaround for myst-nb 1.4.0 (no upstream issue found): a cell's prompts
    are cell metadata, not text, so the pages' catalogs never hold them. The
    defaults (:data:`CELL_PROMPTS`) and the pages' own prompts
    (``code_prompt_show:`` in ``chapters/*.md``, extracted by
    :func:`tools.translations.package_template`) are in the package catalog.
    Remove when myst-nb translates its prompts.
    """

    default_priority = 200  # after myst-nb's HideInputCells (199) writes them
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not translated(self.config):
            return
        from myst_nb.sphinx_ import HideCodeCellNode

        for node in self.document.findall(HideCodeCellNode):
            for key in ("prompt_show", "prompt_hide"):
                node[key] = _(node[key], self.config.language)


def setup(app) -> dict[str, Any]:
    app.connect("builder-inited", _override_hide_cell)
    app.add_role_to_domain("glue", "text", PageGlueText(), override=True)
    app.add_post_transform(CellPrompts)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
