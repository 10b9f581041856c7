"""The page's Python: runs a cell as Jupyter does and reports what it shows.

``run-worker.js`` loads this module into Pyodide, in a Web Worker, once the
edition's files are unpacked; cells share one namespace, in the order the
reader runs them. For each cell :func:`run` sends, through the ``send``
callback the worker gives :func:`start`, messages the page turns into
outputs below the cell:

- ``stream``: what the cell prints (``stdout``, ``stderr``);
- ``display``: a value shown with ``display(...)`` or as the cell's last
  expression, as a Jupyter mime bundle: ``text/plain`` always,
  ``text/html`` from ``_repr_html_`` (pandas tables, the edition's ``paste``
  tables), and for a plotly figure the payload the page's own chart script
  draws (:func:`kzedition.chart_payload.payload`);
- the result: ``ok``, or the error's name, message and traceback, shortened
  to the frames of the reader's cells and the edition's code.

Messages travel as JSON text: the worker parses them and posts them on.

``IPython.display`` does not exist in Pyodide; :func:`start` installs a
stand-in with the two names the edition's pages use, ``display`` and
``HTML``.
"""

from __future__ import annotations

import json
import linecache
import os
import sys
import traceback
import types

from pyodide.code import eval_code_async

PLOTLY_MIME = "application/vnd.plotly.v1+json"
NAMESPACE: dict = {}
_send = None  # the worker's callback: takes one message as JSON text


def _post(message: dict) -> None:
    _send(json.dumps(message, default=str))


class HTML:
    """A stand-in for ``IPython.display.HTML``: markup shown as it is."""

    def __init__(self, data: str = ""):
        self.data = data

    def _repr_html_(self) -> str:
        return self.data

    def __repr__(self) -> str:
        return "<IPython.core.display.HTML object>"


class _Stream:
    """``sys.stdout`` / ``sys.stderr``: every write goes to the page."""

    encoding = "utf-8"

    def __init__(self, name: str):
        self.name = name

    def write(self, text: str) -> int:
        if text:
            _post({"type": "stream", "name": self.name, "text": text})
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def mime_bundle(obj) -> dict:
    """What the page shows for ``obj``: Jupyter's mime bundle."""
    bundle = {"text/plain": repr(obj)}
    if hasattr(obj, "to_plotly_json") and hasattr(obj, "to_json"):  # a plotly figure
        from kzedition import chart_payload

        spec = json.loads(obj.to_json())
        meta = spec.get("layout", {}).get("meta")
        chart_id = meta.get("id", "chart") if isinstance(meta, dict) else "chart"
        bundle[PLOTLY_MIME] = {
            "payload": chart_payload.payload(spec, chart_id),
            "title": meta.get("title", "") if isinstance(meta, dict) else "",
            "alt": meta.get("alt", "") if isinstance(meta, dict) else "",
        }
        return bundle
    html = getattr(obj, "_repr_html_", None)
    if callable(html):
        markup = html()
        if markup is not None:
            bundle["text/html"] = markup
    return bundle


def display(*objs, **_ignored) -> None:
    """Show each object below the running cell."""
    for obj in objs:
        _post({"type": "display", "data": mime_bundle(obj)})


def _install_ipython_display() -> None:
    ipython = types.ModuleType("IPython")
    module = types.ModuleType("IPython.display")
    module.display, module.HTML = display, HTML
    ipython.display = module
    sys.modules.setdefault("IPython", ipython)
    sys.modules.setdefault("IPython.display", module)


def start(send, folder: str, language: str = "en") -> None:
    """Route output to ``send``; import the edition from ``folder``; a fresh namespace; the
    page's ``language`` for the edition's numbers and charts (``KZEDITION_LANGUAGE``)."""
    global _send
    _send = send
    os.environ["KZEDITION_LANGUAGE"] = language
    sys.stdout, sys.stderr = _Stream("stdout"), _Stream("stderr")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    _install_ipython_display()
    NAMESPACE.clear()
    NAMESPACE.update({"__name__": "__main__", "display": display})


def _traceback(error: BaseException) -> str:
    """The traceback from the first frame of a cell on (not the runner's own frames)."""
    summary = traceback.extract_tb(error.__traceback__)
    first = next((i for i, frame in enumerate(summary) if frame.filename.startswith("<cell")), 0)
    lines = ["Traceback (most recent call last):\n", *traceback.format_list(summary[first:])]
    lines += traceback.format_exception_only(type(error), error)
    return "".join(lines)


async def run(code: str, label: str) -> str:
    """Run one cell's ``code`` (its name in tracebacks: ``label``); show its last value."""
    filename = f"<{label}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    try:
        value = await eval_code_async(
            code, globals=NAMESPACE, filename=filename, return_mode="last_expr", quiet_trailing_semicolon=True
        )
    except BaseException as error:  # the page keeps working; the reader sees why
        result = {"status": "error", "ename": type(error).__name__, "evalue": str(error)}
        return json.dumps({**result, "traceback": _traceback(error)})
    if value is not None:
        display(value)
    return json.dumps({"status": "ok"})
