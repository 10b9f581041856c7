"""Sphinx extension ``kzedition.sphinxext.csp``: a strict Content-Security-Policy on every page.

What a page may run is decided by the page, not by its text: if data ever
slipped markup into a page, the browser would still run only the site's own
script files and the theme's inline scripts this build wrote.

* :func:`policy` is the policy of one page, from the script files it loads
  and its inline scripts: ``default-src 'none'``; scripts from the site
  itself and the inline scripts by their SHA-256 (never
  ``'unsafe-inline'``); styles, images and fonts from the site (styles
  inline too: plotly.js and the theme set them); ``object-src 'none'``,
  ``base-uri 'self'``, ``form-action 'self'`` (the search form). A page
  that runs Python in the browser (it loads :data:`RUN_SCRIPT`) gets
  ``'wasm-unsafe-eval'``, ``worker-src 'self'`` and ``connect-src 'self'``
  too; the other pages do not. The search page may fetch from the site
  (``connect-src 'self'``: it shows a summary of each page it finds). No
  page may load a script from, or connect to, another host (the book has no
  "Live Code": :mod:`kzedition.sphinxext.launch_and_downloads` keeps
  sphinx-thebe's assets off every page).
* :func:`with_policy` writes it into a page as ``<meta
  http-equiv="Content-Security-Policy">``, right after ``<meta charset>``
  (before any script). At ``build-finished`` every page of the HTML builder
  gets its own, and ``_headers`` (the format of Netlify and Cloudflare
  Pages) gives the same policy per page, with ``frame-ancestors 'self'``,
  which only a header can carry.
* Inline event handlers are refused by the policy; the theme's header
  buttons are written without them (``theme_templates/kz-buttons.html``,
  ``kzedition-actions.js``).

Other builders (the EPUB has no scripts; the single page the PDF prints is
opened from the file system) are left as they are.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from kzedition import __version__

__all__ = ["RUN_SCRIPT", "headers_file", "page_scripts", "policy", "runs_python", "with_policy"]

#: The script of the in-page Python "Run" control: a page that loads it runs Pyodide.
RUN_SCRIPT = "kzedition-run.js"
#: Script types a browser runs (an empty type is JavaScript); others are data.
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
HEADERS_FILE = "_headers"


#: Sphinx's search: it fetches the pages it finds to show a summary of each.
SEARCH_SCRIPT = "searchtools.js"


def _loads(script_files: list[str], name: str) -> bool:
    return any(posixpath.basename(urlsplit(src).path) == name for src in script_files)


def runs_python(script_files: list[str]) -> bool:
    """Whether a page runs Python in the browser: one of its script files is :data:`RUN_SCRIPT`."""
    return _loads(script_files, RUN_SCRIPT)


def _hash(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def policy(script_files: list[str], inline_scripts: list[str], header: bool = False) -> str:
    """The Content-Security-Policy of a page that loads ``script_files`` and runs ``inline_scripts``.

    ``header``: the form for an HTTP header, with ``frame-ancestors`` (which
    a ``<meta>`` policy cannot carry).
    """
    scripts = ["'self'", *sorted({_hash(s) for s in inline_scripts})]
    directives = {
        "default-src": ["'none'"],
        "script-src": scripts,
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    if runs_python(script_files):
        scripts.append("'wasm-unsafe-eval'")
        directives["worker-src"] = ["'self'"]
    if runs_python(script_files) or _loads(script_files, SEARCH_SCRIPT):
        directives["connect-src"] = ["'self'"]
    if header:
        directives["frame-ancestors"] = ["'self'"]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class _Scripts(HTMLParser):
    """The ``<script>`` elements of a page: the files it loads and the text of its inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.files: list[str] = []
        self.inline: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag != "script":
            return
        attributes = dict(attrs)
        if attributes.get("src"):
            self.files.append(attributes["src"])
        elif (attributes.get("type") or "").strip().lower() in JS_TYPES:
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.inline.append("".join(self._current))
            self._current = None


def page_scripts(html: str) -> tuple[list[str], list[str]]:
    """``(script files, inline scripts)`` of a page, as the browser reads them."""
    parser = _Scripts()
    parser.feed(html)
    parser.close()
    return parser.files, parser.inline


CHARSET = re.compile(r"<meta charset=[^>]*>", re.IGNORECASE)
META = re.compile(r'\n?<meta http-equiv="Content-Security-Policy"[^>]*>', re.IGNORECASE)


def with_policy(html: str) -> tuple[str, str]:
    """``(page, its policy for a header)``: the page with its policy as a ``<meta>`` after ``<meta charset>``.

    A policy already there is replaced, so writing a page twice gives the same page.
    """
    from html import escape

    html = META.sub("", html)
    files, inline = page_scripts(html)
    charset = CHARSET.search(html)
    if charset is None:
        raise ValueError("the page has no <meta charset> to put its Content-Security-Policy after")
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{escape(policy(files, inline), quote=False)}">'
    return html[: charset.end()] + meta + html[charset.end() :], policy(files, inline, header=True)


def headers_file(policies: dict[str, str]) -> str:
    """``_headers``: each page's policy under its path (``/chapters/x.html``), and under
    its path without ``.html`` (how static hosts serve it too)."""
    blocks = []
    for page, value in sorted(policies.items()):
        paths = [f"/{page}"]
        if page.endswith("index.html"):
            paths.append("/" + page[: -len("index.html")])
        else:
            paths.append("/" + page[: -len(".html")])
        blocks.extend(f"{path}\n  Content-Security-Policy: {value}\n" for path in paths)
    return "".join(blocks)


def write_policies(outdir: Path) -> dict[str, str]:
    """Give every page under ``outdir`` (theme files in ``_static`` aside) its policy; write ``_headers``."""
    policies = {}
    for page in sorted(outdir.rglob("*.html")):
        name = page.relative_to(outdir).as_posix()
        if name.startswith(("_static/", "_sources/")):
            continue
        html, policies[name] = with_policy(page.read_text(encoding="utf-8"))
        page.write_text(html, encoding="utf-8")
    (outdir / HEADERS_FILE).write_text(headers_file(policies), encoding="utf-8")
    return policies


def _write(app, exception: Exception | None) -> None:
    if exception is None and app.builder.name == "html":
        write_policies(Path(app.outdir))


def setup(app) -> dict:
    app.connect("build-finished", _write, priority=900)  # after the pages and files are written
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
