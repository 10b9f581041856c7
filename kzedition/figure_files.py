"""The static figures of ``figures/``: their variants, names and manifest.

``make figures`` (:mod:`tools.static_figures`) draws every chart of
:data:`kzedition.charts.CHARTS` once per variant, a page width (``wide``
for the text column of a desktop or tablet, ``narrow`` for a phone) times a
page theme (``light``, ``dark``), as ``figures/<id>[-narrow][-dark].svg``, and
records in ``figures/manifest.json`` the SHA-256 of the chart's spec
(:func:`spec_hash`: the spec holds every number and the style).

Each language of the edition has its own drawings, since a chart's words
and numbers are in its language (:mod:`kzedition.i18n`): English in
``figures/`` itself, every other language in a folder of its own with the
same names and its own manifest (``figures/ru/campaign-reach-narrow.svg``,
``figures/ru/manifest.json``): :func:`folder`. Functions that take a
``language`` default to the build's (``KZEDITION_LANGUAGE``).

The web edition shows these images first and lets plotly.js replace them
when a chart comes near the viewport (:mod:`kzedition.sphinxext.plotly_charts`);
readers without JavaScript, print and feeds keep the images. The EPUB uses
the wide light image. A page shows a chart's images only when its spec is
the one they were drawn from (:func:`current_files`): a chart drawn from
other data never shows a stale picture.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from kzedition import charts, i18n
from kzedition.paths import FIGURES

__all__ = [
    "MANIFEST",
    "VARIANTS",
    "WIDTHS",
    "current_files",
    "file_name",
    "folder",
    "read_manifest",
    "spec_hash",
    "spec_json",
    "variant_spec",
]

MANIFEST = "manifest.json"
#: Layout pixels each width is drawn for: the desktop text column
#: (688–790 px wide) and a phone's (328 px on a 360 px screen).
WIDTHS = {"wide": 720, "narrow": charts.NARROW_WIDTH}
#: Every (width, theme) variant of a chart, the wide light one first.
VARIANTS = tuple((width, theme) for width in WIDTHS for theme in charts.THEMES)


def folder(language: str | None = None, figures_dir: Path = FIGURES) -> Path:
    """Where the static figures of ``language`` are: ``figures/`` for English,
    ``figures/<language>/`` for the others (``figures_dir`` is the English folder)."""
    lang = language or i18n.language()
    if lang not in i18n.LANGUAGES:
        raise i18n.LanguageError(
            f"no edition in {lang!r}; the edition is made in {', '.join(i18n.LANGUAGES)}"
        )
    return Path(figures_dir) if lang == i18n.DEFAULT else Path(figures_dir) / lang


def file_name(chart_id: str, width: str = "wide", theme: str = "light", ext: str = "svg") -> str:
    """``campaign-reach``, ``narrow``, ``dark`` -> ``campaign-reach-narrow-dark.svg``."""
    if width not in WIDTHS or theme not in charts.THEMES:
        raise ValueError(f"no variant {width!r}, {theme!r}")
    suffix = ("" if width == "wide" else f"-{width}") + ("" if theme == "light" else f"-{theme}")
    return f"{chart_id}{suffix}.{ext}"


def spec_json(fig) -> str:
    """A figure's spec (a :class:`plotly.graph_objects.Figure` or its JSON dict)
    as canonical JSON: sorted keys, no whitespace."""
    from plotly.utils import PlotlyJSONEncoder

    spec = fig.to_plotly_json() if hasattr(fig, "to_plotly_json") else fig
    return json.dumps(spec, cls=PlotlyJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def spec_hash(fig) -> str:
    """SHA-256 of :func:`spec_json`: it changes whenever data or style change."""
    return hashlib.sha256(spec_json(fig).encode("utf-8")).hexdigest()


def variant_spec(spec: dict, width: str, theme: str) -> dict:
    """The spec a variant draws: no title or meta (the caption shows them),
    laid out for ``width`` and coloured for ``theme``."""
    if width not in WIDTHS:
        raise ValueError(f"width must be one of {tuple(WIDTHS)}, not {width!r}")
    shown = json.loads(spec_json(spec))
    if width == "narrow":
        shown = charts.narrow(shown)  # before for_caption: it reads the chart id in the meta
    return charts.for_theme(charts.for_caption(shown), theme)


def read_manifest(figures_dir: Path | None = None, language: str | None = None) -> dict[str, dict]:
    """The ``charts`` part of ``manifest.json`` in ``figures_dir`` (by default, the folder of
    ``language``: :func:`folder`); empty if there is none."""
    path = Path(figures_dir or folder(language)) / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["charts"]


def current_files(
    spec: dict, figures_dir: Path | None = None, language: str | None = None
) -> dict[tuple[str, str], Path] | None:
    """The static files of a chart by variant, if they were drawn from this very spec.

    They are looked for in ``figures_dir``, by default the folder of
    ``language`` (:func:`folder`; the build's language unless given).
    ``None`` for a chart that has no static figures (one drawn in an
    exercise), that was drawn from other data than the images (or in
    another language), or whose files are missing.
    """
    figures_dir = Path(figures_dir or folder(language))
    chart_id = (spec.get("layout", {}).get("meta") or {}).get("id")
    entry = read_manifest(figures_dir).get(chart_id) if chart_id else None
    if not entry or entry.get("spec_sha256") != spec_hash(spec):
        return None
    files = {variant: Path(figures_dir) / file_name(chart_id, *variant) for variant in VARIANTS}
    return files if all(path.is_file() for path in files.values()) else None
