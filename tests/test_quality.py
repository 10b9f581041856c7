"""Quality gates of the built book, each checked with a real tool.

- **Accessibility.** axe-core (npm, pinned in package-lock.json) runs inside
  headless Chromium on *every* page of the site, in light and in dark mode:
  no violation of serious or critical impact. The search page and the
  general index are theme pages, but readers land on them (the search form
  posts to one, every page links the other), so they are checked too; a test
  proves that no built page escapes the list. Every chart is a named group
  described by its text alternative, and pressing Tab from the top of the
  chapter reaches every visible focusable control.
- **Privacy/offline.** Loading any page requests nothing from another host;
  Binder and Colab are offered as links, and no page carries "Live Code"
  (thebe): the Run control runs the cells from the site itself
  (tests/test_run_cells.py).
- **Links** (``tests/test_links.py``). LinkChecker (PyPI) finds no broken
  internal link, image, script or anchor; every web address of the
  footnotes is on the sources page with a link to its archived copies.
- **Reproducible** (``tests/test_reproducible.py``). Two clean builds, from
  two folders, in two time zones, with different hash seeds and dates, give
  byte-identical sites.
- **HTML validity.** The Nu validator (npm ``vnu-jar``) reports no error on
  the pages (``_static/`` holds theme templates, not pages).
- **Weight levers.** The charts' plotly.js is the partial bundle
  (bar/scatter/pie) of the version the plotly package writes figures for, and
  it defines every trace type the charts use; the theme's icons draw without
  fontawesome.js.

The links and the two builds have modules of their own, so that a parallel
run (``--dist loadscope``) hands them to other workers than this one.
Each tool is first shown to catch a planted fault, so a silent tool cannot
pass a gate. Tools come from the project's files: ``requirements-dev.txt``
(LinkChecker) and ``package.json`` (``tests/ensure-quality-tools.sh``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import plotly
import pytest
from plotly.offline import get_plotlyjs_version

from kzedition import charts
from kzedition.paths import ROOT
from kzedition.sphinxext import plotly_bundle
from tools import quality
from tools.browser import is_local, open_page, script

pytestmark = [pytest.mark.build]

PAGES = quality.toc_pages()
CHAPTER = "chapters/kazakhstan.html"
#: The JavaScript the tests run in pages (:func:`tools.browser.script`).
JS = Path(__file__).parent / "js"


@pytest.fixture
def offline(browser, server):
    opened = []

    def _open(path: str, color_scheme: str = "light"):
        loaded = open_page(
            browser, f"{server}/{path}", color_scheme=color_scheme, block_outside=True, wait_drawn=True
        )
        opened.append(loaded.page.context)
        return loaded.page, loaded.requests, loaded.outside

    yield _open
    for context in opened:
        context.close()


# --- the tools ------------------------------------------------------------------------


def test_npm_tools_are_pinned_and_installed():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    wanted = {"axe-core", "vnu-jar", "plotly.js-basic-dist-min", "@daisy/ace-cli"}
    assert wanted <= set(package["dependencies"])
    for name, version in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name}: pin an exact version, not {version!r}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
        assert quality.npm_version(name) == version, f"node_modules/{name}: {quality.INSTALL_HINT}"
    assert package["dependencies"]["plotly.js-basic-dist-min"] == get_plotlyjs_version()


@pytest.mark.browser
def test_axe_catches_a_planted_violation(browser):
    page = browser.new_page()
    page.set_content(
        '<html lang="en"><title>t</title><main><button aria-label="Close">Search</button>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></html>'
    )
    found = {v["id"] for v in quality.axe_violations(page)}
    page.close()
    assert {"label-content-name-mismatch", "image-alt"} <= found


def test_nu_validator_catches_a_planted_error(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><title>t</title><details><summary><p>x</p></summary>'
        "</details><style scoped>p{}</style></html>"
    )
    messages = quality.nu_validate([bad])
    assert len(messages) >= 2, messages


# --- accessibility --------------------------------------------------------------------


def test_every_built_page_is_checked(site):
    built, listed = set(quality.site_pages(site)), set(PAGES)
    assert not listed - built, f"pages of _toc.yml that were not built: {sorted(listed - built)}"
    assert not built - listed, (
        f"pages the gates would miss: {sorted(built - listed)} (a page left "
        "by an older build? 'make clean' then build again)"
    )


@pytest.mark.browser
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(offline, path, color_scheme):
    page, _, _ = offline(path, color_scheme)
    assert page.evaluate("document.documentElement.dataset.theme") == color_scheme
    violations = quality.axe_violations(page)
    assert violations == [], f"{path} ({color_scheme}):\n" + quality.describe_violations(violations)


@pytest.mark.browser
def test_every_chart_is_named_and_described(offline):
    page, _, _ = offline(CHAPTER)
    plots = page.evaluate(script("chart_alternatives", JS))
    assert len(plots) == page.locator("figure.kz-chart").count() >= 5
    for plot in plots:
        assert plot["role"] in ("group", "img", "figure"), plot
        assert plot["name"], f"chart {plot['id']} has no accessible name"
        assert plot["description"].startswith("Description:") and len(plot["description"]) > 40, plot
    # the accessibility tree exposes each chart as a group named by its caption
    for caption in page.locator("figure.kz-chart > figcaption").all_inner_texts():
        assert page.get_by_role("group", name=caption, exact=True).count() == 1, caption


ACTIVE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  return e.dataset.kzFocus ?? ('unlisted: ' + e.outerHTML.slice(0, 120));
}"""


@pytest.mark.browser
def test_tab_reaches_every_focusable_control_of_the_chapter(offline):
    page, _, _ = offline(CHAPTER)
    controls = page.evaluate(script("focusable", JS))
    assert len(controls) > 20
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    reached, unlisted = [], []
    for _ in range(3 * len(controls) + 20):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if active is None:
            if reached:
                break  # focus left the page after the last control
            continue
        if active.startswith("unlisted: "):
            unlisted.append(active)  # e.g. a scrollable box Chromium makes focusable
            continue
        if reached and active == reached[0]:
            break  # wrapped around
        reached.append(active)
    missed = [controls[i] for i in range(len(controls)) if str(i) not in set(reached)]
    assert missed == [], f"Tab never reaches {len(missed)} of {len(controls)} controls: {missed[:8]}"


# --- privacy / offline -----------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_loading_a_page_requests_nothing_from_another_host(offline, server, path):
    page, requests, outside = offline(path)
    assert requests and all(is_local(u) for u in requests if u not in outside)
    assert outside == [], f"{path} contacted other hosts on load: {outside}"


@pytest.mark.browser
def test_launch_links_are_links_and_no_page_loads_thebe(offline, site):
    """Binder and Colab are plain links (nothing is contacted until a click);
    sphinx-thebe's loader, its settings and its "Live Code" button are on no page."""
    page, requests, outside = offline(CHAPTER)
    hrefs = page.eval_on_selector_all(".dropdown-launch-buttons a[href]", "as => as.map(a => a.href)")
    hosts = {urlsplit(h).hostname for h in hrefs}
    assert {"mybinder.org", "colab.research.google.com"} <= hosts, hrefs
    assert page.locator("button.btn-launch-thebe").count() == 0
    assert outside == [], f"contacted on load: {outside}"
    assert not [u for u in requests if "thebe" in u]
    carrying = [
        p for p in PAGES if re.search(r"thebe", (site / p).read_text(encoding="utf-8"), re.IGNORECASE)
    ]
    assert carrying == [], f"pages with thebe's assets: {carrying}"


# --- HTML validity ---------------------------------------------------------------------


def test_pages_have_no_nu_validator_errors(site):
    pages = [site / p for p in quality.site_pages(site)]
    errors = quality.nu_validate(pages)
    assert errors == [], "\n".join(
        f"{m.get('url', '').rsplit('/html/', 1)[-1]}:{m.get('lastLine')}: {m['message']} "
        f"[{m.get('extract', '')[:80]!r}]"
        for m in errors[:30]
    )


# --- weight levers ----------------------------------------------------------------------


def chart_trace_types() -> set[str]:
    return {trace.type for chart_id in charts.CHARTS for trace in charts.build(chart_id).data}


@pytest.mark.browser
def test_plotly_partial_bundle_defines_every_trace_type_of_the_charts(browser):
    bundle = quality.require(quality.PLOTLY_BASIC_JS)
    assert plotly_bundle.bundle_version(bundle) == get_plotlyjs_version()
    page = browser.new_page()
    page.set_content("<!DOCTYPE html><title>bundle</title>")
    page.add_script_tag(content=bundle.read_text(encoding="utf-8"))
    defined = set(page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)"))
    version = page.evaluate("Plotly.version")
    page.close()
    assert version == get_plotlyjs_version(), f"plotly {plotly.__version__} expects {get_plotlyjs_version()}"
    used = chart_trace_types()
    assert used and used <= defined, f"trace types missing from the partial bundle: {used - defined}"


def test_the_site_serves_the_partial_bundle(site):
    served = site / "_static" / plotly_bundle.PLOTLY_JS_NAME
    assert served.read_bytes() == quality.require(quality.PLOTLY_BASIC_JS).read_bytes()
    assert served.stat().st_size < plotly_bundle.PLOTLY_JS.stat().st_size / 3


ICONS = """() => [...document.querySelectorAll('i[class*="fa-"]')]
  .filter(i => i.getClientRects().length && getComputedStyle(i).visibility === 'visible')
  .map(i => ({cls: i.className, content: getComputedStyle(i, '::before').content,
              font: getComputedStyle(i, '::before').fontFamily, width: i.getBoundingClientRect().width}))"""


@pytest.mark.browser
def test_theme_icons_draw_without_fontawesome_js(site, offline):
    for path in PAGES:
        assert "fontawesome.js" not in (site / path).read_text(encoding="utf-8"), path
    page, requests, _ = offline(CHAPTER)
    assert not [u for u in requests if "fontawesome" in u and u.endswith(".js")]
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.evaluate("""document.fonts.check('900 16px "Font Awesome 6 Free"')""")
    icons = page.evaluate(ICONS)
    assert len(icons) >= 5
    for icon in icons:
        assert icon["content"] not in ("none", "normal", '""') and "Font Awesome" in icon["font"], icon
        assert icon["width"] > 0, icon
