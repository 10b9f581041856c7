"""Sphinx extension ``kzedition.sphinxext.publish_data``: the data and figures a site publishes.

Copies ``data/datapackage.json`` and the CSV files it declares to
``_static/data/`` so that chart and data links work in the built site, and
the static figures ``figures/manifest.json`` records to ``_static/figures/``
(nothing undeclared: a scratch CSV or an editor's backup beside them is not
published). HTML builders only; the EPUB holds only what its pages show.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from kzedition import __version__, figure_files
from kzedition.paths import DATAPACKAGE

DATA_URL = "_static/data"  #: where the data files are copied, relative to the site root
FIGURES_URL = "_static/figures"  #: where the static figures are copied, relative to the site root


def static_figure_files() -> list[Path]:
    """The static figures published under ``_static/figures/``: every variant of each chart
    that ``figures/manifest.json`` records (nothing else the folder may hold)."""
    return [
        figure_files.folder() / figure_files.file_name(chart_id, width, theme)
        for chart_id in sorted(figure_files.read_manifest())
        for width, theme in figure_files.VARIANTS
    ]


def data_files() -> list[Path]:
    """The files published under ``_static/data/``: the descriptor and the resources it declares."""
    from kzedition.data import PACKAGE_README, declared_files

    return [path for path in declared_files(DATAPACKAGE) if path.name != PACKAGE_README]


def _copy_data(app, exception: Exception | None) -> None:
    """Copy the data package and the static figures into the built site (HTML builders only)."""
    if exception is not None or app.builder.format != "html" or app.builder.name == "epub":
        return
    for folder, files in ((DATA_URL, data_files()), (FIGURES_URL, static_figure_files())):
        target = Path(app.outdir) / folder
        target.mkdir(parents=True, exist_ok=True)
        for src in files:
            if src.exists():
                shutil.copyfile(src, target / src.name)


def setup(app) -> dict[str, Any]:
    app.connect("build-finished", _copy_data)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
