"""Workarounds for Sphinx (7.4.7, the newest that jupyter-book 1 allows)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kzedition import __version__
from kzedition.escaping import script_json


def drop_duplicate_scripts(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Write each ``<script>`` once.

    Sphinx 7.4 re-adds the registry's scripts at ``prepare_writing`` with the
    filename ``''`` where extensions registered inline scripts with ``None``,
    so inline scripts added after the builder started (sphinx-thebe's
    ``const THEBE_JS_URL``, sphinx-togglebutton's selector) appear twice and
    the second ``const`` throws in the browser. Exact duplicates are dropped.
    Seen with Sphinx 7.4.7; no upstream issue was found. Remove when a page
    of ``make book`` without this handler has no script twice
    (``tests/test_csp.py`` and the browser tests report the ``const`` error).
    """
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        key = (
            getattr(js, "filename", js) or "",
            getattr(js, "priority", 0),
            tuple(sorted(getattr(js, "attributes", {}).items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique


def html_visitors_for_singlehtml(app) -> None:
    """Give the single-page builder (the PDF edition) every HTML visitor.

    Sphinx looks up node visitors by builder *name* first and falls back to
    the format only when that name has none. sphinx-exercise registers its
    nodes for ``singlehtml`` by name, so every other extension's ``html``
    visitors (hidden cells, charts, ...) vanish from that builder. There is
    no public API to merge the two tables, so the ``html`` entries are copied
    under ``singlehtml`` where that name has none of its own. Upstream:
    sphinx-doc/sphinx#9160 ("Using html visit/depart methods for html family
    of builders", open). Remove when Sphinx falls back to the ``html``
    visitors per node, or when no extension registers ``singlehtml`` visitors
    by name.
    """
    handlers = app.registry.translation_handlers
    if "singlehtml" in handlers:
        for node, visitors in handlers.get("html", {}).items():
            handlers["singlehtml"].setdefault(node, visitors)


#: A gettext plural rule as Sphinx writes it: ``n``, numbers, arithmetic, comparisons, ``?:``.
PLURAL_RULE = re.compile(r"[\sn0-9%<>=!&|?:()+\-*/]+")
TRANSLATIONS_JS = "translations.js"


def translations_without_eval(text: str) -> str:
    """Sphinx's ``translations.js`` rewritten to set its words and plural rule without ``new Function``.

    Workaround for Sphinx 7.4.7 (no upstream issue found): ``doctools.js``
    turns the catalog's plural rule into code with ``new Function``, which
    the pages' Content-Security-Policy refuses (no ``'unsafe-eval'``:
    :mod:`kzedition.sphinxext.csp`). The rule, checked to be arithmetic on
    ``n`` only, is written into the file as code instead. Remove when
    ``doctools.js`` no longer evaluates the rule from a string.
    """
    start, end = text.index("{"), text.rindex("}")
    catalog = json.loads(text[start : end + 1])
    rule = catalog["plural_expr"]
    if not PLURAL_RULE.fullmatch(rule):
        raise ValueError(f"{TRANSLATIONS_JS}: a plural rule that is not arithmetic on n: {rule!r}")
    return (
        "/* Sphinx's translations.js, its plural rule written as code (kzedition.sphinxext.languages). */\n"
        f"Object.assign(Documentation.TRANSLATIONS, {script_json(catalog['messages'])});\n"
        f"Documentation.PLURAL_EXPR = (n) => Number({rule});\n"
        f"Documentation.LOCALE = {script_json(catalog['locale'])};\n"
    )


def _rewrite_translations(app, exception: Exception | None) -> None:
    path = Path(app.outdir) / "_static" / TRANSLATIONS_JS
    if exception is None and app.builder.name == "html" and path.is_file():
        path.write_text(translations_without_eval(path.read_text(encoding="utf-8")), encoding="utf-8")


def setup(app) -> dict[str, Any]:
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)  # after others add theirs
    app.connect("builder-inited", html_visitors_for_singlehtml, priority=900)  # after every extension
    app.connect("build-finished", _rewrite_translations)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
