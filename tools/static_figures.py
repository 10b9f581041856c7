"""Static SVG and PNG versions of every chart, and a manifest to detect staleness.

``python -m tools.static_figures`` (``make figures``) writes ``figures/<id>.svg``
and ``figures/<id>.png`` for every chart of :data:`kzedition.charts.CHARTS`
and ``figures/manifest.json``, which records per chart the SHA-256 of the
figure's JSON spec. The spec is everything data-dependent (and the style),
so :func:`stale_figures` can tell, without a browser, which static figures
no longer match the current data: the test suite fails on any, so a data
change without ``make figures`` cannot go unnoticed.

All images come from one kaleido session on Debian's chromium
(``BROWSER_PATH``, default ``/usr/bin/chromium``), with the plotly.js bundled
in the plotly package and MathJax disabled: nothing is fetched from a CDN.
The images leave out the title: the PDF prints it as the figure's caption.
Images themselves are not byte-reproducible (plotly.js draws random clip-path
ids), which is why the manifest hashes the spec, not the files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import plotly
import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

from kzedition import charts
from kzedition.paths import FIGURES

__all__ = [
    "FORMATS",
    "spec_hash",
    "manifest_entries",
    "read_manifest",
    "stale_figures",
    "write_figures",
    "main",
]

FORMATS = ("svg", "png")
WIDTH = 960  #: layout pixels of the static export
PNG_SCALE = 2  #: PNG resolution multiplier (print quality)
MANIFEST = "manifest.json"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
DEFAULT_BROWSER = "/usr/bin/chromium"


def spec_json(fig: go.Figure) -> str:
    """The figure's spec as canonical JSON (sorted keys, no whitespace)."""
    return json.dumps(
        fig.to_plotly_json(), cls=PlotlyJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def spec_hash(fig: go.Figure) -> str:
    """SHA-256 of :func:`spec_json`: changes whenever data or style change."""
    return hashlib.sha256(spec_json(fig).encode("utf-8")).hexdigest()


def size(fig: go.Figure) -> tuple[int, int]:
    """Export size in layout pixels: fixed width, the figure's own height."""
    return WIDTH, int(fig.layout.height or charts.HEIGHT)


def manifest_entries(figs: Mapping[str, go.Figure]) -> dict[str, dict]:
    """The manifest record of each figure: spec hash, files and export size."""
    return {
        chart_id: {
            "spec_sha256": spec_hash(fig),
            "files": [f"{chart_id}.{fmt}" for fmt in FORMATS],
            "width": size(fig)[0],
            "height": size(fig)[1],
        }
        for chart_id, fig in sorted(figs.items())
    }


def read_manifest(figures_dir: Path = FIGURES) -> dict[str, dict]:
    """The ``charts`` part of ``manifest.json`` (empty if there is none)."""
    path = Path(figures_dir) / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["charts"]


def stale_figures(figures_dir: Path = FIGURES, data: Mapping[str, pd.DataFrame] | None = None) -> list[str]:
    """Ids of charts whose static files are missing or were made from other data.

    Compares the manifest with specs built now (from ``data`` or the
    repository's data). Charts the manifest does not know are stale too.
    """
    recorded = read_manifest(figures_dir)
    current = manifest_entries(charts.build_all(data))
    stale = []
    for chart_id, entry in current.items():
        old = recorded.get(chart_id, {})
        missing = any(not (Path(figures_dir) / f).exists() for f in entry["files"])
        if missing or old.get("spec_sha256") != entry["spec_sha256"]:
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
    specs = []
    for chart_id in chosen:
        fig = figs[chart_id]
        width, height = size(fig)
        for fmt in FORMATS:
            specs.append(
                {
                    "fig": charts.for_caption(fig.to_plotly_json()),
                    "path": figures_dir / f"{chart_id}.{fmt}",
                    "opts": {
                        "format": fmt,
                        "width": width,
                        "height": height,
                        "scale": PNG_SCALE if fmt == "png" else 1,
                    },
                }
            )
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
    count = len(chart_ids or written)
    print(f"wrote {count * len(FORMATS)} files for {count} charts to {args.dir} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
