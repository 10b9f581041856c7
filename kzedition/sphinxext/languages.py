"""Sphinx extension ``kzedition.sphinxext.languages``: the English and Russian editions side by side.

- **Language switch and alternates.** Every page gets ``kz_languages`` in its
  template context (the header's switch, ``theme_templates/language-switch.html``,
  links the same page in the other language) and ``<link rel="alternate"
  hreflang>`` for each language plus ``x-default`` (:mod:`kzedition.languages`).
- **No message left behind.** In a translated build every message of a page
  that its catalog does not translate is a warning naming the page's catalog
  and the message (an error in the strict build): a new or changed English
  paragraph stops the Russian build until ``make translations`` and a
  translator have caught up. A ``msgstr`` equal to its ``msgid`` that the
  catalog holds on purpose (a name, an address) counts as translated.
- **The translation says what it is.** On each page of the report in a
  translated edition, a notice says that the translation is unofficial, who
  made it, when and from which text, that neither the author nor APC
  reviewed it, and what changed (CC BY 3.0 asks that changes be indicated).
- **What upstream packages leave untranslated or break in a translation**
  (footnote marks and pasted values in translated paragraphs, exercise titles,
  cells' prompts, Sphinx's own ``translations.js``): each in its upstream's
  module of :mod:`kzedition.sphinxext.upstream`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.nodes import extract_messages

from kzedition import __version__, i18n, languages, notebook_export
from kzedition.escaping import script_json
from kzedition.i18n import _

logger = logging.getLogger(__name__)

#: The pages of the report itself (what the notice of an unofficial translation goes on).
REPORT_PAGES = ("chapters/back-cover", "chapters/dedication", "chapters/kazakhstan")


def translated(config) -> bool:
    return (config.language or i18n.DEFAULT) != i18n.DEFAULT


def page_catalog_path(app: Sphinx, docname: str) -> Path:
    """The catalog of the page ``docname`` in the build's language (``locales/ru/LC_MESSAGES/<docname>.po``)."""
    return Path(app.srcdir, app.config.locale_dirs[0], app.config.language, "LC_MESSAGES", f"{docname}.po")


@cache
def page_messages(po_path: Path) -> dict[str, str]:
    """``msgid -> msgstr`` of a page's catalog (translated, not fuzzy); empty when it has none.

    Read once per build for the two that need it: the untranslated-message
    check (:class:`UntranslatedMessages`) and the notebook download's prose
    (:mod:`kzedition.sphinxext.launch_and_downloads`).
    """
    from babel.messages.pofile import read_po

    if not po_path.is_file():
        return {}
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def _metadata(node: nodes.Node) -> bool:
    """Whether ``node`` is the page's front matter (docinfo fields: never shown as text)."""
    while node is not None:
        if isinstance(node, nodes.docinfo | nodes.field_list):
            return True
        node = node.parent
    return False


class UntranslatedMessages(SphinxTransform):
    """Warn for each message of the page its catalog leaves untranslated (translated builds only)."""

    default_priority = 21  # just after sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs: Any) -> None:
        if not translated(self.config):
            return
        po = page_catalog_path(self.app, self.env.docname)
        same = {msgid for msgid, msgstr in page_messages(po).items() if msgstr == msgid}  # on purpose
        for node, message in extract_messages(self.document):
            if node.get("kz_translated") or _metadata(node):
                continue
            if node.get("translated") is False and message not in same:
                words = " ".join(message.split()[:10])
                logger.warning(
                    "untranslated message in %s: %r… (make translations, then translate it)",
                    po.relative_to(self.app.srcdir),
                    words,
                    location=node,
                    type="kzedition",
                    subtype="untranslated",
                )


def notice(config) -> nodes.admonition:
    """The note on each page of the report in a translated edition (words from the package catalog)."""
    lang = config.language
    who = ", ".join(config.kzedition_translators) or _("the edition's contributors", lang)
    box = nodes.admonition(classes=["edition", "translation-notice"])
    box += nodes.title("", _("Unofficial translation", lang))
    text = _(
        "This is an unofficial translation into Russian of the English text of the report as "
        "published in {title} (APC and Hivos, CC BY 3.0), made by {who} in {date}. Neither the "
        "author nor APC or Hivos reviewed it. Changes: the text is translated; the figures are "
        "recomputed from the edition's data and written in Russian form; the Russian titles of "
        "the sources are given as they were published.",
        lang,
    ).format(who=who, date=config.kzedition_translation_date, title="\0")
    before, after = text.split("\0")
    title = nodes.inline("", "Global Information Society Watch 2011", classes=["language-en"])
    box += nodes.paragraph("", "", nodes.Text(before), title, nodes.Text(after))
    return box


def _add_notice(app: Sphinx, doctree: nodes.document) -> None:
    if not translated(app.config) or app.env.docname not in REPORT_PAGES:
        return
    section = doctree.next_node(nodes.section)
    if section is None:
        return
    title = section.next_node(nodes.title)
    section.insert(section.index(title) + 1 if title is not None else 0, notice(app.config))


def _references_in_english(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In a translated edition, the sources page's references stay as the English edition
    writes them (sphinxcontrib-bibtex's style: "In …, editor", "URL:"), marked English
    (``lang="en"``), as bibliographies keep the works' own forms."""
    if translated(app.config):
        for entry in doctree.findall(nodes.citation):
            entry["classes"].append("language-en")


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    language = app.config.language or i18n.DEFAULT
    found = languages.alternates(
        pagename, language, tuple(app.config.kzedition_languages), notebook_export.site_url()
    )
    context["kz_languages"] = found
    context["metatags"] = context.get("metatags", "") + languages.link_tags(found)


#: The scripts whose words ``kzT("…")`` translates (:data:`LABELS`, a file of ``static/``).
SCRIPTS = ("static/paragraphs.js", "run_static/kzedition-run.js", "run_static/run-ui.js")
LABELS = "kzedition-labels.js"
HERE = Path(__file__).parent


def script_messages() -> list[str]:
    """The English texts the edition's scripts pass to ``kzT`` (Babel's JavaScript extractor)."""
    from babel.messages.extract import extract_from_file

    found = []
    for script in SCRIPTS:
        for _line, message, _comments, _context in extract_from_file(
            "javascript", HERE / script, keywords={"kzT": None}
        ):
            found.append(message)
    return list(dict.fromkeys(found))


def _add_labels(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name == "html":  # the site's pages (not the EPUB's, not the printed single page)
        app.add_js_file(LABELS, loading_method="defer", priority=200)  # before the scripts using it


def _write_labels(app: Sphinx, exception: Exception | None) -> None:
    """A translated edition's ``kzedition-labels.js``: its words first, then the function."""
    if exception is not None or app.builder.name != "html" or not translated(app.config):
        return
    words = {message: _(message, app.config.language) for message in script_messages()}
    source = (HERE / "static" / LABELS).read_text(encoding="utf-8")
    target = Path(app.outdir) / "_static" / LABELS
    target.write_text(f"window.kzLabels = {script_json(words)};\n{source}", encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    # the languages the site is published in (English at its root, another in <lang>/)
    app.add_config_value("kzedition_languages", [i18n.DEFAULT], "html", types=[list])
    app.add_config_value("kzedition_translators", [], "env", types=[list])
    app.add_config_value("kzedition_translation_date", "", "env", types=[str])
    app.add_transform(UntranslatedMessages)
    app.connect("doctree-read", _add_notice)
    app.connect("doctree-resolved", _references_in_english)
    app.connect("html-page-context", _page_context)
    app.connect("html-page-context", _add_labels)
    app.connect("build-finished", _write_labels)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
