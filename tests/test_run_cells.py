"""The Run control: the pages' code cells run in the reader's browser (Pyodide).

Unit tests of the runtime's declaration and checks, then the built site as a
student meets it in headless chromium: nothing of the runtime before a
click; Python from the site's own files only; every cell of the chapter run
in the page gives the figures the page prints; an edited cell, an error, a
chart, Restart, Shift+Enter; both themes and a phone; the page opened from
disk. The downloaded notebook reads as the page does.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml

from kzedition import notebook_export
from kzedition.paths import ROOT
from kzedition.sphinxext import pyodide_runtime, run_cells
from tools import quality

CHAPTER = "chapters/kazakhstan.html"
READY = "() => document.documentElement.dataset.kzPython === 'ready'"
IDLE = "() => !document.querySelector('.kz-run-output[aria-busy]')"
RUN_TIMEOUT = 180_000  # ms: a cold start on a busy 2-core machine
PASTED = """sel => [...document.querySelectorAll(sel + ' table.kz-pasted tbody tr')]
  .map(r => [r.querySelector('th').textContent.trim(), r.querySelector('td').textContent.trim()])"""


# --- the declaration and its checks (no browser) ----------------------------------


def test_the_browser_computes_with_the_builds_pins_but_numpy():
    """Each package of requirements-pyodide.yml is at requirements.txt's pin,
    numpy aside (no other wasm build of it exists; the browser run below
    compares the figures)."""
    pins = {
        line.split("==")[0].lower(): line.split("==")[1]
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line
    }
    spec = pyodide_runtime.load_spec()
    differing = {
        p.name: (p.requirement.split("==")[1], pins.get(p.name.lower()))
        for p in spec.packages
        if pins.get(p.name.lower()) != p.requirement.split("==")[1]
    }
    assert differing == {"numpy": ("2.0.2", pins["numpy"])}
    npm = json.loads((ROOT / "package.json").read_text())["dependencies"]
    assert npm["pyodide"] == spec.pyodide


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ({"requirement": "pandas"}, "give requirement (name==version)"),
        ({"requirement": "pandas==3.1.1"}, "exactly one of"),
        ({"requirement": "pandas==3.1.1", "sha256": "0" * 64, "sdist_sha256": "1" * 64}, "exactly one of"),
        ({"requirement": "numpy==2.0.2", "inside": "x==1"}, "exactly one of"),
        ({"requirement": "pandas==3.1.1", "sha": "0" * 64}, "fields:"),
        ({"requirement": "pandas==3.1.1", "sha256": int("1" * 64)}, "64 hexadecimal digits"),
    ],
)
def test_a_malformed_declaration_is_named(tmp_path, entry, says):
    path = tmp_path / "requirements-pyodide.yml"
    path.write_text(
        yaml.safe_dump({"pyodide": "0.27.7", "python": "3.12", "platform": "x", "packages": [entry]})
    )
    with pytest.raises(pyodide_runtime.RuntimeUnavailableError) as caught:
        pyodide_runtime.load_spec(path)
    assert says in str(caught.value)
    assert "requirements-pyodide.yml, package 1" in str(caught.value)
    assert pyodide_runtime.OPT_OUT in str(caught.value)


def test_a_wheel_that_differs_from_the_official_lock_is_refused(tmp_path):
    wheel = tmp_path / "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"
    wheel.write_bytes(b"not numpy")
    package = pyodide_runtime.Package("numpy==2.0.2", inside="carrier==1", inside_sha256="0", member="m")
    honest = {"numpy": {"file_name": wheel.name, "sha256": hashlib.sha256(b"not numpy").hexdigest()}}
    pyodide_runtime.check_against_lock(wheel, package, honest)
    with pytest.raises(pyodide_runtime.RuntimeUnavailableError, match="does not match the sha256"):
        pyodide_runtime.check_against_lock(wheel, package, {"numpy": {**honest["numpy"], "sha256": "0" * 64}})
    with pytest.raises(pyodide_runtime.RuntimeUnavailableError, match="not in Pyodide's official"):
        pyodide_runtime.check_against_lock(wheel, package, {})


def test_the_opt_out_takes_on_or_off_only():
    assert run_cells.enabled({}) and not run_cells.enabled({run_cells.SETTING: "off"})
    with pytest.raises(Exception, match="KZEDITION_RUN_CELLS must be 'on' or 'off'"):
        run_cells.enabled({run_cells.SETTING: "maybe"})


def test_glue_roles_become_the_builds_values():
    texts = {"share_2011": "95.55%", "users_2011": "4.3 million"}
    prose = "Turnout {glue:text}`share_2011` of {glue}`users_2011`; again {glue:text}`share_2011:.2f`."
    assert notebook_export.fill_glue(prose, texts, "p.md") == "Turnout 95.55% of 4.3 million; again 95.55%."
    with pytest.raises(ValueError, match="p.md: the prose shows .* 'missing'"):
        notebook_export.fill_glue("{glue:text}`missing`", texts, "p.md")


# --- the built site ---------------------------------------------------------------


@pytest.mark.build
def test_the_site_serves_the_checked_runtime(site):
    """Every runtime file is served as the manifest says, and every wheel the
    official lock lists matches its sha256 there."""
    manifest = json.loads((site / run_cells.RUN_DIR / "runtime.json").read_text())
    lock = json.loads((site / run_cells.PYODIDE_DIR / "pyodide-lock.json").read_text())["packages"]
    by_file = {entry["file_name"]: entry["sha256"] for entry in lock.values()}
    served = sorted(p.name for p in (site / run_cells.PYODIDE_DIR).iterdir())
    listed = sorted(f["name"] for f in manifest["files"] if f["kind"] != "edition")
    assert served == listed
    for file in manifest["files"]:
        path = (site / run_cells.RUN_DIR / file["url"]).resolve()
        assert path.stat().st_size == file["size"], file["name"]
        if file["name"] in by_file:
            assert hashlib.sha256(path.read_bytes()).hexdigest() == by_file[file["name"]], file["name"]
    assert "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl" in by_file  # checked against the lock
    edition = site / notebook_export.BUNDLE
    names = zipfile.ZipFile(edition).namelist()
    assert "kzedition/prose.py" in names and "chapters/kazakhstan.ipynb" in names


@pytest.mark.build
def test_the_loader_is_on_pages_with_visible_code_only(site):
    pages = {p: (site / p).read_text() for p in quality.site_pages(site)}
    with_loader = {p for p, html in pages.items() if run_cells.LOADER in html}
    with_code = {p for p, html in pages.items() if 'class="cell_input' in html}
    assert with_loader == with_code
    assert {CHAPTER, "chapters/exercises.html"} <= with_loader
    assert "chapters/dedication.html" not in with_loader


@pytest.mark.build
def test_the_downloaded_notebook_reads_as_the_page(site):
    notebook = json.loads((site / "_sources" / "chapters" / "kazakhstan.ipynb").read_text())
    prose = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert "{glue" not in prose
    assert "voter turnout was 89.98%" in prose and "received 95.55% of the votes" in prose
    assert any("paste(turnout_2011=turnout_2011" in "".join(c["source"]) for c in code)  # the cells stay


# --- in the browser -----------------------------------------------------------------


def _open_cells(page) -> None:
    page.evaluate("document.querySelectorAll('div.cell details').forEach(d => d.open = true)")


def _editor(page, index: int):
    return page.locator(f'div.cell[data-kz-run-index="{index}"] .cm-content')


def _set_code(page, index: int, code: str) -> None:
    """Replace a cell's code as a student would: select all, then paste."""
    _editor(page, index).click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(code)


def _cell_code(page, index: int) -> str:
    """The code the build printed for a cell (kept, hidden, under its editor)."""
    return page.evaluate(
        "i => document.querySelector(`div.cell[data-kz-run-index='${i}'] div.highlight pre`).textContent",
        index,
    )


def _run(page, index: int) -> None:
    page.locator(f'div.cell[data-kz-run-index="{index}"] button.kz-run-runCell').click()
    page.wait_for_function(IDLE, timeout=RUN_TIMEOUT)


@pytest.fixture(scope="module")
def chapter(browser, server):
    """The chapter after a student clicked Run on its last cell: Python
    started and every cell ran, in order; requests recorded from page load."""
    from tools.browser import open_page

    loaded = open_page(browser, f"{server}/{CHAPTER}", block_outside=True)
    page = loaded.page
    before_click = list(loaded.requests)
    _open_cells(page)
    last = page.locator("button.kz-run-runCell").count()
    page.locator(f'div.cell[data-kz-run-index="{last}"] button.kz-run-runCell').click()
    page.wait_for_function(READY, timeout=RUN_TIMEOUT)
    page.wait_for_function(
        "n => document.querySelectorAll('.kz-run-output:not([hidden])').length === n && "
        "!document.querySelector('.kz-run-output[aria-busy]')",
        arg=last,
        timeout=RUN_TIMEOUT,
    )
    yield loaded, before_click, server, last
    page.context.close()


@pytest.mark.browser
def test_nothing_of_the_runtime_loads_before_a_click(chapter):
    _, before_click, server, _ = chapter
    assert not [u for u in before_click if "/_static/pyodide/" in u or "kzedition-run-ui" in u]


@pytest.mark.browser
def test_python_comes_from_the_site_only(chapter):
    loaded, _, server, _ = chapter
    assert loaded.outside == []
    assert all(u.startswith(server) for u in loaded.requests), [
        u for u in loaded.requests if not u.startswith(server)
    ]
    fetched = {u.rsplit("/", 1)[-1] for u in loaded.requests}
    assert {"pyodide.asm.wasm", "runtime.json", "giswatch2011-kazakhstan.zip"} <= fetched
    assert any(name.startswith("pandas-3.1.1") for name in fetched)


@pytest.mark.browser
def test_every_cell_of_the_chapter_runs_to_the_figures_the_page_prints(chapter):
    loaded, _, _, last = chapter
    page = loaded.page
    errors = page.locator(".kz-run-output pre.kz-run-error").all_text_contents()
    assert errors == []
    live = dict(page.evaluate(PASTED, ".kz-run-output"))
    printed = dict(page.evaluate(PASTED, "div.cell_output"))
    assert len(printed) > 40
    assert live == printed
    for figure in ("95.55%", "89.98%", "3.73"):
        assert figure in live.values() or any(figure in v for v in live.values()), figure
    # every chart of the chapter drawn again, by the page's own plotly.js
    assert page.locator(".kz-run-output figure.kz-chart .js-plotly-plot").count() == 6
    assert loaded.console_errors == []


@pytest.mark.browser
def test_a_changed_number_changes_the_turnout(chapter):
    """The turnout cell given the 2011 counts: it prints the new turnout,
    and the claims ledger then stops it, naming the claim."""
    page = chapter[0].page
    index = next(i for i in range(1, chapter[3] + 1) if "turnout = summary" in _cell_code(page, i))
    code = _cell_code(page, index).replace(
        'summary = frames["elections_summary"].set_index("election_date")',
        'summary = frames["elections_summary"].set_index("election_date")\n'
        'summary.loc[pd.Timestamp("2011-04-03"), ["registered_voters", "ballots_cast"]] = [9_000_000, 8_000_000]',
    )
    _set_code(page, index, code)
    _run(page, index)
    output = page.locator(f'div.cell[data-kz-run-index="{index}"] .kz-run-output').text_content()
    assert "turnout is 88.89%" in output
    assert "ClaimDrift" in output and "turnout_2011" in output


@pytest.mark.browser
def test_an_error_shows_its_traceback_and_the_page_keeps_working(chapter):
    page = chapter[0].page
    _set_code(page, 1, "def ratio(a, b):\n    return a / b\n\nratio(1, 0)")
    _run(page, 1)
    error = page.locator('div.cell[data-kz-run-index="1"] pre.kz-run-error').text_content()
    assert "ZeroDivisionError" in error and 'File "<cell 1>", line 2, in ratio' in error
    assert "_pyodide" not in error  # the runner's own frames are left out
    _set_code(page, 1, "print(6 * 7)\nsum(range(4))")
    _run(page, 1)
    output = page.locator('div.cell[data-kz-run-index="1"] .kz-run-output').text_content()
    assert "42" in output and "6" in output
    assert "Cell 1 ran." in page.locator("#kz-run-status").text_content()


@pytest.mark.browser
def test_a_plotly_cell_draws_one_more_chart(chapter):
    page = chapter[0].page
    before = page.locator(".kz-run-output .js-plotly-plot").count()
    _set_code(page, 1, 'import plotly.express as px\npx.bar(x=["a", "b"], y=[1, 3], title="Mine")')
    _run(page, 1)
    page.wait_for_function(
        f"() => document.querySelectorAll('.kz-run-output .js-plotly-plot').length > {before}"
    )
    assert page.locator('div.cell[data-kz-run-index="1"] .js-plotly-plot g.trace.bars path').count() == 2


@pytest.mark.browser
def test_shift_enter_runs_a_cell_and_moves_on_and_restart_starts_afresh(chapter):
    page = chapter[0].page
    _set_code(page, 1, "answer = 41 + 1\nanswer")
    _editor(page, 1).click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(IDLE, timeout=RUN_TIMEOUT)
    assert "42" in page.locator('div.cell[data-kz-run-index="1"] .kz-run-output').text_content()
    assert page.evaluate("document.activeElement.closest('div.cell').dataset.kzRunIndex") == "2"
    page.locator("button.kz-run-restart").click()
    page.wait_for_function(READY, timeout=RUN_TIMEOUT)
    _set_code(page, 2, "'answer' in globals()")
    _run(page, 2)
    # cell 1 ran again first (Run runs the cells above that have not run since the start)
    assert "True" in page.locator('div.cell[data-kz-run-index="2"] .kz-run-output').text_content()


@pytest.mark.browser
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_editors_follow_the_theme_and_axe_finds_nothing_serious(browser, server, color_scheme):
    from tools.browser import open_page

    loaded = open_page(
        browser, f"{server}/chapters/exercises.html", color_scheme=color_scheme, block_outside=True
    )
    page = loaded.page
    try:
        page.locator("button.kz-run-runCell").first.click()
        page.wait_for_function(READY, timeout=RUN_TIMEOUT)
        page.wait_for_function(IDLE, timeout=RUN_TIMEOUT)
        keyword = page.locator(".kz-run-editor .tok-keyword").first
        colour = keyword.evaluate("e => getComputedStyle(e).color")
        background = page.locator(".kz-run-editor .cm-editor").first.evaluate(
            "e => getComputedStyle(e).backgroundColor"
        )
        dark = color_scheme == "dark"
        assert colour == ("rgb(229, 160, 240)" if dark else "rgb(139, 0, 139)")
        luminance = sum(int(v) for v in re.findall(r"\d+", background)[:3])
        assert (luminance < 200) == dark, background
        violations = quality.axe_violations(page)
        assert violations == [], quality.describe_violations(violations)
        assert loaded.outside == []
    finally:
        page.context.close()


@pytest.mark.browser
def test_editors_and_outputs_fit_a_phone(browser, server):
    from tools.browser import open_page

    loaded = open_page(browser, f"{server}/{CHAPTER}", viewport=(360, 740), mobile=True, block_outside=True)
    page = loaded.page
    try:
        _open_cells(page)
        index = page.locator("button.kz-run-runCell").count()
        page.locator(f'div.cell[data-kz-run-index="{index}"] button.kz-run-runCell').tap()
        page.wait_for_function(READY, timeout=RUN_TIMEOUT)
        page.wait_for_function(IDLE, timeout=RUN_TIMEOUT)
        overflow = page.evaluate(
            """() => {
              const width = document.documentElement.clientWidth;
              const wide = [...document.querySelectorAll('.kz-run-editor, .kz-run-output, .kz-run-panel')]
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .map(e => e.className);
              return {scroll: document.scrollingElement.scrollWidth - width, wide};
            }"""
        )
        assert overflow == {"scroll": 0, "wide": []}
    finally:
        page.context.close()


@pytest.mark.browser
def test_from_disk_the_click_says_to_serve_the_folder(browser, site):
    page = browser.new_page()
    try:
        page.goto((site / "chapters" / "exercises.html").as_uri())
        page.locator("button.kz-run-runCell").first.click()
        status = page.locator("#kz-run-status")
        status.wait_for()
        assert "python -m http.server" in status.text_content()
        assert status.get_attribute("aria-live") == "polite"
    finally:
        page.close()


def test_page_kernel_and_loader_are_what_the_site_serves(site):
    for name in run_cells.COPIED:
        assert (site / run_cells.RUN_DIR / name).read_bytes() == (run_cells.STATIC / name).read_bytes()
    bundle = (site / run_cells.RUN_DIR / run_cells.UI_BUNDLE).read_text()
    assert "kzRun" in bundle
    assert re.findall(r"https?://[\w./-]+", bundle) == [
        "http://www.w3.org/2000/svg"
    ]  # a namespace, not a request


def test_the_runtime_cache_is_reused(tmp_path):
    """A second assemble of the same declaration fetches nothing (the cached folder is checked and returned)."""
    runtime = pyodide_runtime.assemble()
    again = pyodide_runtime.assemble()
    assert again == runtime
    assert Path(runtime.folder, "manifest.json").is_file()


def test_a_download_that_does_not_match_its_pin_stops_with_one_sentence(tmp_path):
    """pip in hash-checking mode refuses the file; nothing is cached."""
    text = pyodide_runtime.SPEC.read_text()
    spec_file = tmp_path / "requirements-pyodide.yml"
    good = "0a10eec6e13ef16b627fabed9a5f2ba61a62b1c67f327305f4e7e412a70b4aec"  # tzdata's
    assert good in text
    spec_file.write_text(text.replace(good, "f" * 64))
    with pytest.raises(pyodide_runtime.RuntimeUnavailableError) as caught:
        pyodide_runtime.assemble(pyodide_runtime.load_spec(spec_file), cache=tmp_path / "cache")
    assert str(caught.value) == (
        "the download of tzdata==2026.6 does not match the sha256 pinned in requirements-pyodide.yml. "
        "Build without the Run control with KZEDITION_RUN_CELLS=off."
    )
    assert [p.name for p in (tmp_path / "cache").iterdir()] == []
