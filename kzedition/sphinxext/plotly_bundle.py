"""Sphinx extension ``kzedition.sphinxext.plotly_bundle``: the plotly.js the charts load.

Copies plotly.js into ``_static/plotly.min.js`` (never a ``<script>`` tag of
its own: the charts' script loads it on demand): the *partial* bundle
``plotly.js-basic-dist-min`` (bar, scatter and pie traces; 1.2 MB raw, about
390 KiB gzip, instead of 4.8 MB / 1.4 MiB for the full bundle) from the npm
packages pinned in ``package.json`` (``npm ci``), of the plotly.js version
that the installed plotly package expects. The build stops with an error
when it is missing or of another version (no silent fallback to the full
bundle). ``tests/test_quality.py`` checks that it defines every trace type
the charts use. The setting ``kzedition_plotly_bundle = "full"`` serves the
plotly package's full bundle instead (the naive baseline that ``make bench``
measures). The EPUB has no JavaScript and gets neither.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import plotly

from kzedition import __version__
from kzedition.paths import ROOT

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"  #: the full bundle (not served)
#: The partial bundle served with the charts (npm ``plotly.js-basic-dist-min``, see package.json).
PLOTLY_BASIC_JS = ROOT / "node_modules" / "plotly.js-basic-dist-min" / "plotly-basic.min.js"
PLOTLY_JS_NAME = "plotly.min.js"  #: its name under ``_static/``
BUNDLES = ("basic", "full")


def bundle_version(path: Path) -> str | None:
    """The plotly.js version in the banner of a plotly.js bundle."""
    head = path.read_text(encoding="utf-8", errors="replace")[:400]
    found = re.search(r"plotly\.js (?:\([^)]*\) )?v(\d+\.\d+\.\d+)", head)
    return found.group(1) if found else None


def checked_bundle(bundle: str) -> Path:
    """The file of bundle ``basic`` or ``full``; :class:`ValueError` saying what to do when it
    is not the plotly.js the installed plotly package writes figures for."""
    from plotly.offline import get_plotlyjs_version

    if bundle not in BUNDLES:
        raise ValueError(f"kzedition_plotly_bundle must be 'basic' or 'full', not {bundle!r}")
    if bundle == "full":  # every trace type, four times the weight: benchmarks only
        return PLOTLY_JS
    if not PLOTLY_BASIC_JS.is_file():
        raise ValueError(
            f"kzedition.sphinxext.plotly_bundle: the plotly.js partial bundle {PLOTLY_BASIC_JS} is missing. "
            "Install the pinned npm packages with 'npm ci --ignore-scripts' in the repository "
            "(make book and make test do it)."
        )
    expected, found = get_plotlyjs_version(), bundle_version(PLOTLY_BASIC_JS)
    if found != expected:
        raise ValueError(
            f"kzedition.sphinxext.plotly_bundle: {PLOTLY_BASIC_JS} is plotly.js {found}, but plotly "
            f"{plotly.__version__} expects plotly.js {expected}: pin plotly.js-basic-dist-min@{expected} "
            "in package.json and run 'npm install --save-exact' then 'npm ci --ignore-scripts'."
        )
    return PLOTLY_BASIC_JS


def _copy_plotly_js(app) -> None:
    """Copy the bundle to ``_static/plotly.min.js`` (HTML builders but the EPUB), before any
    page is written, so Sphinx's ``?v=`` checksum is that of the served file."""
    from sphinx.errors import ExtensionError

    if app.builder.format != "html" or app.builder.name == "epub":  # the EPUB has no JavaScript
        return
    try:
        source = checked_bundle(app.config.kzedition_plotly_bundle)
    except ValueError as exc:
        raise ExtensionError(str(exc)) from None
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, static / PLOTLY_JS_NAME)


def setup(app) -> dict[str, Any]:
    app.add_config_value("kzedition_plotly_bundle", "basic", "html", types=[str])
    app.connect("builder-inited", _copy_plotly_js)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
