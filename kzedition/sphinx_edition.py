"""Sphinx extension for the edition's pages (besides the charts).

- The download menu of a notebook page offers ``<page>.ipynb``. The theme
  copies the *executed* notebook there; this replaces it with the notebook
  generated from the MyST source without outputs (the same file the
  repository carries beside the source and the launch buttons open), so a
  student downloads what Binder and Colab run.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from kzedition import notebooks
from kzedition.paths import ROOT


def _write_clean_notebooks(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    sources = Path(app.outdir) / "_sources"
    for page in notebooks.NOTEBOOK_PAGES:
        target = sources / Path(page).with_suffix(".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(notebooks.notebook_text(ROOT / page), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _write_clean_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
