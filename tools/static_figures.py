"""Static SVG (and PNG) versions of every chart, and a manifest to detect staleness.

``python -m tools.static_figures`` (``make figures``) writes, for every chart
of :data:`kzedition.charts.CHARTS`, one SVG per variant of
:data:`kzedition.figure_files.VARIANTS` (wide and narrow, light and dark:
``figures/<id>[-narrow][-dark].svg``), a PNG of the wide light one, and
``figures/manifest.json``, which records per chart the SHA-256 of the
figure's JSON spec. It does so for every language of the edition, each
chart built in that language (:func:`kzedition.i18n.speaking`): English in
``figures/``, Russian in ``figures/ru/`` with the same names and a manifest
of its own (:func:`kzedition.figure_files.folder`). The spec is everything data-dependent (and the style),
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

from kzedition import charts, i18n
from kzedition.figure_files import (
    MANIFEST,
    VARIANTS,
    WIDTHS,
    file_name,
    folder,
    read_manifest,
    spec_hash,
    spec_json,
    variant_spec,
)
from kzedition.paths import FIGURES

__all__ = [
    "manifest_entries",
    "stale_by_language",
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


def stale_figures(
    figures_dir: Path = FIGURES, data: Mapping[str, pd.DataFrame] | None = None, language: str | None = None
) -> list[str]:
    """Ids of charts whose static files in ``language`` (the build's unless given) are missing or
    were made from other data or layouts.

    Compares the manifest of the language's folder (``figures_dir`` for
    English, ``figures_dir/<language>/`` for another) with specs built now
    in that language (from ``data`` or the repository's data), the chart's
    own and those its files draw (wide and narrow, light and dark). Charts
    the manifest does not know are stale too.
    """
    language = language or i18n.language()
    where = folder(language, figures_dir)
    recorded = read_manifest(where)
    with i18n.speaking(language):
        current = manifest_entries(charts.build_all(data))
    stale = []
    for chart_id, entry in current.items():
        old = recorded.get(chart_id, {})
        missing = any(not (where / f).exists() for f in entry["files"])
        if missing or any(old.get(key) != entry[key] for key in ("spec_sha256", "drawn_sha256")):
            stale.append(chart_id)
    return stale


def stale_by_language(
    figures_dir: Path = FIGURES, data: Mapping[str, pd.DataFrame] | None = None
) -> dict[str, list[str]]:
    """:func:`stale_figures` of every language of the edition (those with none included)."""
    return {lang: stale_figures(figures_dir, data, lang) for lang in i18n.LANGUAGES}


def write_figures(
    chart_ids: list[str] | Mapping[str, list[str]] | None = None,
    figures_dir: Path = FIGURES,
    data: Mapping[str, pd.DataFrame] | None = None,
) -> dict[str, dict[str, dict]]:
    """Export the charts in one kaleido session, each language's in its folder; update the manifests.

    ``chart_ids`` are the charts to draw in every language (all by
    default), or, as a mapping, each language's own (languages not in it
    are left as they are). Returns each language's manifest ``charts``
    mapping as written.
    """
    import kaleido  # only needed here; the book build does not need it

    wanted = (
        dict(chart_ids) if isinstance(chart_ids, Mapping) else {lang: chart_ids for lang in i18n.LANGUAGES}
    )
    jobs, figures = [], {}
    for lang, ids in wanted.items():
        where = folder(lang, figures_dir)
        where.mkdir(parents=True, exist_ok=True)
        with i18n.speaking(lang):
            figs = figures[lang] = charts.build_all(data)
            chosen = sorted(figs) if ids is None else sorted(ids)
            jobs += [
                {
                    "fig": shown,
                    "path": where / name,
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
        wanted[lang] = chosen
    os.environ.setdefault("BROWSER_PATH", DEFAULT_BROWSER)
    kaleido.write_fig_from_object_sync(jobs, kopts={"mathjax": False, "plotlyjs": str(PLOTLY_JS)})
    return {
        lang: _write_manifest(folder(lang, figures_dir), figures[lang], ids) for lang, ids in wanted.items()
    }


def _write_manifest(where: Path, figs: Mapping[str, go.Figure], chosen: list[str]) -> dict[str, dict]:
    """Record the charts just drawn in ``where/manifest.json``, keeping the others' entries."""
    entries = {**read_manifest(where), **manifest_entries({c: figs[c] for c in chosen})}
    entries = {c: entries[c] for c in sorted(entries) if c in figs}  # drop charts that are gone
    manifest = {
        "generator": "python -m tools.static_figures",
        "plotly": plotly.__version__,
        "charts": entries,
    }
    (where / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
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
        stale = {lang: ids for lang, ids in stale_by_language(args.dir).items() if ids}
        if args.check:
            said = "; ".join(f"{lang}: {', '.join(ids)}" for lang, ids in stale.items())
            print("stale: " + (said or "none"))
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
    for lang, entries in written.items():
        chosen = chart_ids[lang] if chart_ids else list(entries)
        files = sum(len(entries[c]["files"]) for c in chosen)
        print(f"{lang}: wrote {files} files for {len(chosen)} charts to {folder(lang, args.dir)}")
    print(f"in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
