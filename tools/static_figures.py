"""Static SVG (and PNG) versions of every chart, and a manifest to detect staleness.

``python -m tools.static_figures`` (``make figures``) writes, for every chart
of :data:`kzedition.charts.CHARTS`, one SVG per variant of
:data:`kzedition.figure_files.VARIANTS` (wide and narrow, light and dark:
``figures/<id>[-narrow][-dark].svg``), a PNG of the wide light one, and
``figures/manifest.json``, which records per chart the SHA-256 of the
figure's JSON spec. The spec is everything data-dependent (and the style),
so :func:`stale_figures` can tell, without a browser, which static figures
no longer match the current data: the test suite fails on any, so a data
change without ``make figures`` cannot go unnoticed, and the book shows no
image that does not match its chart (:func:`kzedition.figure_files.current_files`).
It also records the SHA-256 of the specs the files draw (each variant's), so
that a change of the phone layout or of the dark colours, which leave the
chart's spec as it is, makes its figures stale too.

All images come from one kaleido session on Debian's chromium
(``BROWSER_PATH``, default ``/usr/bin/chromium``), with the plotly.js bundled
in the plotly package and MathJax disabled: nothing is fetched from a CDN.
The images leave out the title: pages and the PDF print it as the figure's
caption. Images themselves are not byte-reproducible (plotly.js draws random
clip-path ids), which is why the manifest hashes the spec, not the files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import plotly
import plotly.graph_objects as go

from kzedition import charts
from kzedition.figure_files import (
    MANIFEST,
    VARIANTS,
    WIDTHS,
    file_name,
    read_manifest,
    spec_hash,
    spec_json,
    variant_spec,
)
from kzedition.paths import FIGURES

__all__ = [
    "manifest_entries",
    "stale_figures",
    "write_figures",
    "main",
]

PNG_SCALE = 2  #: PNG resolution multiplier (print quality); the PNG is of the wide light variant
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
DEFAULT_BROWSER = "/usr/bin/chromium"


def exports(chart_id: str, fig: go.Figure) -> list[tuple[str, dict, int, int]]:
    """What to draw for a chart: (file name, spec, width, height) per file."""
    spec = json.loads(spec_json(fig))
    out = []
    for width, theme in VARIANTS:
        shown = variant_spec(spec, width, theme)
        size = (WIDTHS[width], int(shown["layout"].get("height") or charts.HEIGHT))
        out.append((file_name(chart_id, width, theme), shown, *size))
        if (width, theme) == VARIANTS[0]:
            out.append((file_name(chart_id, width, theme, "png"), shown, *size))
    return out


def manifest_entries(figs: Mapping[str, go.Figure]) -> dict[str, dict]:
    """The manifest record of each figure: spec hash, files with their layout sizes, and the
    hash of the specs the files are drawn from (``drawn_sha256``: the phone layout and the
    dark colours change it, the chart's spec alone does not)."""
    entries = {}
    for chart_id, fig in sorted(figs.items()):
        drawn = exports(chart_id, fig)
        entries[chart_id] = {
            "spec_sha256": spec_hash(fig),
            "drawn_sha256": spec_hash([[name, shown] for name, shown, _w, _h in drawn]),
            "files": {name: [w, h] for name, _spec, w, h in drawn},
        }
    return entries


def stale_figures(figures_dir: Path = FIGURES, data: Mapping[str, pd.DataFrame] | None = None) -> list[str]:
    """Ids of charts whose static files are missing or were made from other data or layouts.

    Compares the manifest with specs built now (from ``data`` or the
    repository's data), the chart's own and those its files draw (wide and
    narrow, light and dark). Charts the manifest does not know are stale too.
    """
    recorded = read_manifest(figures_dir)
    current = manifest_entries(charts.build_all(data))
    stale = []
    for chart_id, entry in current.items():
        old = recorded.get(chart_id, {})
        missing = any(not (Path(figures_dir) / f).exists() for f in entry["files"])
        if missing or any(old.get(key) != entry[key] for key in ("spec_sha256", "drawn_sha256")):
            stale.append(chart_id)
    return stale


def write_figures(
    chart_ids: list[str] | None = None,
    figures_dir: Path = FIGURES,
    data: Mapping[str, pd.DataFrame] | None = None,
) -> dict[str, dict]:
    """Export the charts (all by default) in one kaleido session; update the manifest.

    Returns the manifest's ``charts`` mapping as written.
    """
    import kaleido  # only needed here; the book build does not need it

    figures_dir = Path(figures_dir)
    figures_dir.mkdir(parents=True, exist_ok=True)
    figs = charts.build_all(data)
    chosen = sorted(figs) if chart_ids is None else sorted(chart_ids)
    specs = [
        {
            "fig": shown,
            "path": figures_dir / name,
            "opts": {
                "format": Path(name).suffix[1:],
                "width": width,
                "height": height,
                "scale": PNG_SCALE if name.endswith(".png") else 1,
            },
        }
        for chart_id in chosen
        for name, shown, width, height in exports(chart_id, figs[chart_id])
    ]
    os.environ.setdefault("BROWSER_PATH", DEFAULT_BROWSER)
    kaleido.write_fig_from_object_sync(specs, kopts={"mathjax": False, "plotlyjs": str(PLOTLY_JS)})

    entries = {**read_manifest(figures_dir), **manifest_entries({c: figs[c] for c in chosen})}
    entries = {c: entries[c] for c in sorted(entries) if c in figs}  # drop charts that are gone
    manifest = {
        "generator": "python -m tools.static_figures",
        "plotly": plotly.__version__,
        "charts": entries,
    }
    (figures_dir / MANIFEST).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.static_figures", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--stale",
        action="store_true",
        help="only regenerate charts whose manifest entry or files are out of date",
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if any figure is stale")
    parser.add_argument("--dir", type=Path, default=FIGURES, help="output folder (default: figures/)")
    args = parser.parse_args(argv)

    if args.check or args.stale:
        stale = stale_figures(args.dir)
        if args.check:
            print("stale: " + (", ".join(stale) if stale else "none"))
            return 1 if stale else 0
        if not stale:
            print("all figures are up to date")
            return 0
        chart_ids = stale
    else:
        chart_ids = None
    start = time.perf_counter()
    written = write_figures(chart_ids, args.dir)
    seconds = time.perf_counter() - start
    chosen = chart_ids or list(written)
    files = sum(len(written[c]["files"]) for c in chosen)
    print(f"wrote {files} files for {len(chosen)} charts to {args.dir} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
