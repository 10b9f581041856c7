"""The chapters as plain Jupyter notebooks.

The MyST sources in ``chapters/`` are the single source; students get real
``.ipynb`` files converted from them with jupytext (without outputs), and the
tests execute those notebooks with nbclient from the chapter's own folder,
as a student's fresh clone would.
"""

from __future__ import annotations

import os
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

from kzedition.paths import CHAPTERS, ROOT

#: The pages that carry code cells, in reading order.
NOTEBOOK_PAGES = ("index.md", "chapters/kazakhstan.md", "chapters/claims.md", "chapters/timeline.md",
                  "chapters/sources.md", "chapters/editorial-note.md")


def to_notebook(source: Path) -> nbformat.NotebookNode:
    """The MyST notebook ``source`` as an ``.ipynb`` notebook without outputs."""
    notebook = jupytext.read(source)
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return notebook


def execute(source: Path, timeout: int = 60, env: dict | None = None) -> nbformat.NotebookNode:
    """Execute a chapter top to bottom from its own folder; raise on the first error.

    ``env`` entries are set for the kernel (e.g. ``KZEDITION_DATAPACKAGE``)
    and restored afterwards.
    """
    notebook = to_notebook(source)
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(Path(source).parent)}}).execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return notebook


def write_notebooks(out_dir: Path) -> list[Path]:
    """Write every notebook page as ``.ipynb`` under ``out_dir`` (same relative paths)."""
    written = []
    for page in NOTEBOOK_PAGES:
        target = out_dir / Path(page).with_suffix(".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(to_notebook(ROOT / page), target)
        written.append(target)
    return written


__all__ = ["CHAPTERS", "NOTEBOOK_PAGES", "execute", "to_notebook", "write_notebooks"]
