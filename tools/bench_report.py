"""The report of ``make bench``: BENCHMARKS.md (or ``--quick``'s) from the measurements.

The text and the tables' shape are the templates of ``tools/templates/``
(``benchmarks.md.j2``, ``benchmarks-quick.md.j2`` and the sections both
share, ``bench-sections.md.j2``), rendered with Jinja2; this module turns
the measurements of :mod:`tools.bench_measure` and
:mod:`tools.bench_lighthouse` into the cells of their rows: sizes in KiB,
seconds, medians with their spread, and a verdict for each target
(:data:`TARGETS`). Measured, never asserted: a target not met is written
as such, it fails nothing.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import jinja2

from tools.bench_lighthouse import CATEGORIES, LIGHTHOUSE_PAGES, LIGHTHOUSE_RUNS, METRICS, lighthouse_version
from tools.bench_measure import CHAPTER, ENVIRONMENTS, KIB, KINDS, MIB, TEXT_PAGE, Load, kib

TEMPLATES = Path(__file__).parent / "templates"
#: Targets of the edition (bytes, a fraction of the cold build time, Lighthouse scores).
TARGETS = {
    "chapter_first_gzip": 1 * MIB,
    "second_page_new": 150 * KIB,
    "cached_fraction": 0.2,
    "cells_seconds": 5.0,
    "text_first_view_gzip": 150 * KIB,
    "chapter_first_view_gzip": 400 * KIB,
    "performance_text": 95,
    "performance_chapter": 90,
    "accessibility": 100,
    "best-practices": 100,
}
#: How a Lighthouse value is written, by unit (scores, milliseconds as seconds or ms, CLS).
FORMATS = {
    "score": "{:.0f}".format,
    "s": lambda v: f"{v / 1000:.1f} s",
    "ms": lambda v: f"{v:.0f} ms",
    "": "{:.3f}".format,
}


def render(template: str, **context) -> str:
    """``tools/templates/<template>`` rendered with ``context``, ending in one newline."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML
    )
    env.filters["suffix"] = lambda value, suffix: f"{value}{suffix}"
    env.filters["code"] = lambda value: f"`{value}`"
    return env.get_template(template).render(**context).rstrip("\n") + "\n"


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def median_spread(values: list[float], unit: str) -> str:
    """``median (min–max)``, or the median alone when every run gave the same."""
    med, low, high = (FORMATS[unit](v) for v in (statistics.median(values), min(values), max(values)))
    return med if low == high else f"{med} ({low}–{high})"


def _median(results: dict, page: str, category: str) -> float:
    return statistics.median(r[category] for r in results[page])


# --- issue 13: first view and Lighthouse ------------------------------------------------


def first_view_targets(
    views: dict[str, Load], stock_views: dict[str, Load], lh: dict, stock_lh: dict
) -> list:
    """The rows of issue 13's targets: first view bytes and Lighthouse medians, with the stock book's."""
    stock_page = {ours: theirs for _kind, ours, theirs in LIGHTHOUSE_PAGES}
    rows = []
    for page, target, label in (
        (TEXT_PAGE, "text_first_view_gzip", "text page"),
        (CHAPTER, "chapter_first_view_gzip", "chapter"),
    ):
        ours, theirs = views[page].total()[1], stock_views[stock_page[page]].total()[1]
        rows.append(
            [
                f"{label} (`{page}`), first view before scrolling, gzip ≤ {kib(TARGETS[target])}",
                kib(ours),
                kib(theirs),
                verdict(ours <= TARGETS[target]),
            ]
        )
    for kind, page, theirs in LIGHTHOUSE_PAGES:
        target = TARGETS["performance_chapter" if page == CHAPTER else "performance_text"]
        rows.append(
            [
                f"Lighthouse mobile performance, median of {LIGHTHOUSE_RUNS}, ≥ {target}: {kind} (`{page}`)",
                median_spread([r["performance"] for r in lh[page]], "score"),
                median_spread([r["performance"] for r in stock_lh[theirs]], "score"),
                verdict(_median(lh, page, "performance") >= target),
            ]
        )
    for category in CATEGORIES[1:]:
        worst = min(lh, key=lambda p: _median(lh, p, category))
        stock_worst = min(stock_lh, key=lambda p: _median(stock_lh, p, category))
        rows.append(
            [
                f"Lighthouse {category} = {TARGETS[category]} on every page measured (lowest median: `{worst}`)",
                f"{_median(lh, worst, category):.0f}",
                f"{_median(stock_lh, stock_worst, category):.0f}",
                verdict(_median(lh, worst, category) >= TARGETS[category]),
            ]
        )
    return rows


def _sides(edition: dict, stock: dict):
    """``(kind, site, page, value)`` for each of :data:`LIGHTHOUSE_PAGES`, the edition's, then the stock book's."""
    for kind, ours, theirs in LIGHTHOUSE_PAGES:
        yield kind, "edition", ours, edition.get(ours)
        yield kind, "stock Jupyter Book", theirs, stock.get(theirs)


def lighter_pages(views: dict[str, Load], stock_views: dict[str, Load], lh: dict, stock_lh: dict) -> dict:
    """The first views and Lighthouse runs as the templates' rows: targets, views, scores, failing audits."""
    view_rows = [
        [f"{kind}: `{page}`", site, kib(load.total()[1]), *(kib(load.total(kind=k)[1]) for k in KINDS)]
        for kind, site, page, load in _sides(views, stock_views)
    ]
    score_rows = [
        [
            f"{kind}: `{page}`",
            site,
            *(median_spread([r[c] for r in runs], "score") for c in CATEGORIES),
            *(median_spread([r[label] for r in runs], unit) for label, (_audit, unit) in METRICS.items()),
        ]
        for kind, site, page, runs in _sides(lh, stock_lh)
        if runs
    ]
    findings = [
        (site, page, sorted({f for r in runs for f in r["findings"]}))
        for site, results in (("edition", lh), ("stock Jupyter Book", stock_lh))
        for page, runs in results.items()
    ]
    return {
        "targets": first_view_targets(views, stock_views, lh, stock_lh),
        "views": view_rows,
        "lighthouse": score_rows,
        "findings": findings,
    }


def _lighthouse() -> dict:
    """What the templates say of Lighthouse itself: version, runs per page, columns."""
    return {"version": lighthouse_version(), "runs": LIGHTHOUSE_RUNS, "columns": [*CATEGORIES, *METRICS]}


def quick_report(info, views, stock_views, lh, stock_lh) -> str:
    """``_build/BENCHMARKS-quick.md``: the machine, issue 13's targets, first views and Lighthouse."""
    return render(
        "benchmarks-quick.md.j2",
        info=info,
        kinds=KINDS,
        lighter=lighter_pages(views, stock_views, lh, stock_lh),
        lighthouse=_lighthouse(),
    )


# --- the full report ---------------------------------------------------------------------


def edition_targets(first, second, base_first, base_second, builds, cells) -> tuple[list, dict]:
    """The rows of the edition's own targets, and the chapter's first load, baseline / edition."""
    chapter_raw, chapter_gz = first[CHAPTER].total()
    base_raw, base_gz = base_first[CHAPTER].total()
    after_chapter = {k: v for k, v in second.items() if k[0] == CHAPTER}
    (_, worst), load = max(after_chapter.items(), key=lambda kv: kv[1].total(new_only=True)[0])
    new = load.total(new_only=True)[0]
    cold, cached = statistics.median(builds["edition cold"]), statistics.median(builds["edition cached"])
    slowest = max(cells, key=lambda r: r[1])
    rows = [
        [
            "chapter page, first load, gzip ≤ 1 MiB (all its charts)",
            f"{kib(chapter_gz)} ({kib(chapter_raw)} raw)",
            f"{kib(base_gz)} ({kib(base_raw)} raw)",
            verdict(chapter_gz <= TARGETS["chapter_first_gzip"]),
        ],
        [
            f"a second page after the chapter, new bytes ≤ 150 KiB (worst: {worst})",
            f"{kib(new)} raw",
            f"{kib(base_second[(CHAPTER, worst)].total(new_only=True)[0])} raw",
            verdict(new <= TARGETS["second_page_new"]),
        ],
        [
            "cached rebuild ≤ 1/5 of the cold build",
            f"{cached:.1f} s / {cold:.1f} s = {cached / cold:.2f}",
            "–",
            verdict(cached / cold <= TARGETS["cached_fraction"]),
        ],
        [
            f"each chapter's cells < 5 s (slowest: {slowest[0]})",
            f"{slowest[1]:.2f} s",
            "–",
            verdict(slowest[1] < TARGETS["cells_seconds"]),
        ],
    ]
    return rows, {"gzip": base_gz / chapter_gz, "raw": base_raw / chapter_raw}


def first_load_rows(first: dict[str, Load], base_first: dict[str, Load]) -> list[list[str]]:
    """Each page's first load: raw, gzip, per kind, plotly.js's share, the baseline's gzip."""
    rows = []
    for path, load in first.items():
        raw, gz = load.total()
        p_raw, p_gz = load.total(plotly=True)
        share = f"{kib(p_raw)} / {kib(p_gz)} ({p_gz / gz:.0%})" if p_raw else "–"
        base = kib(base_first[path].total()[1]) if path in base_first else "–"
        rows.append([path, kib(raw), kib(gz), *(kib(load.total(kind=k)[1]) for k in KINDS), share, base])
    return rows


def second_load_rows(second: dict, base_second: dict) -> list[list[str]]:
    """A second page after a first: new bytes, of which plotly.js, and the baseline's."""
    rows = []
    for (a, b), load in second.items():
        raw, gz = load.total(new_only=True)
        p_gz = load.total(new_only=True, plotly=True)[1]
        b_raw, b_gz = base_second[(a, b)].total(new_only=True)
        rows.append([f"{a} → {b}", kib(raw), kib(gz), kib(p_gz) if p_gz else "–", kib(b_raw), kib(b_gz)])
    return rows


def report(info, first, second, base_first, base_second, builds, cells, repeat, environments, lighter) -> str:
    """BENCHMARKS.md (but for the sections of ``make bench-tests`` and the Run control)."""
    targets, ratio = edition_targets(first, second, base_first, base_second, builds, cells)
    return render(
        "benchmarks.md.j2",
        info=info,
        kinds=KINDS,
        targets=targets,
        ratio=ratio,
        lighter=lighter_pages(*lighter),
        lighthouse=_lighthouse(),
        first_loads=first_load_rows(first, base_first),
        second_loads=second_load_rows(second, base_second),
        repeat=repeat,
        builds=[
            [name, *(f"{v:.1f} s" for v in (min(t), max(t), statistics.median(t)))]
            for name, t in builds.items()
        ],
        cells_run=[[page, f"{c:.2f} s", f"{w:.2f} s"] for page, c, w in cells],
        environments=[
            [name, f"`{ENVIRONMENTS[name]}`", f"{size / MIB:.0f} MiB", f"{seconds:.0f} s"]
            for name, (size, seconds) in environments.items()
        ],
    )
