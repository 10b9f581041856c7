"""The Content-Security-Policy (kzedition.sphinxext.csp): the policy of a page, and every
page of the built site loaded under it in Chromium, failing on any violation the
browser reports, with its charts, toggles, search and header buttons working."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from kzedition.sphinxext import csp
from tools import quality

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8" /><title>t</title>
<script>let a = 1;</script><script src="_static/x.js"></script>
<script type="application/json">{"data": 1}</script></head><body><p>x</p></body></html>"""


def directives(value: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in value.split("; ")}


def test_a_page_runs_its_own_files_and_its_inline_scripts_by_hash_only():
    files, inline = csp.page_scripts(PAGE)
    assert files == ["_static/x.js"] and inline == ["let a = 1;"]  # JSON is data, not script
    policy = directives(csp.policy(files, inline))
    digest = base64.b64encode(hashlib.sha256(b"let a = 1;").digest()).decode()
    assert policy["script-src"] == ["'self'", f"'sha256-{digest}'"]
    assert policy["default-src"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert not {"worker-src", "connect-src", "frame-ancestors"} & set(policy)


@pytest.mark.parametrize(
    "files, runs",
    [
        (["../_static/kzedition-run.js?v=1a2b"], True),
        (["_static/kzedition-run.js"], True),
        (["_static/kzedition-charts.js", "_static/not-kzedition-run.js.map"], False),
        (["_static/searchtools.js"], False),
        ([], False),
    ],
)
def test_only_pages_that_run_python_may_compile_wasm_start_workers_and_connect(files, runs):
    policy = directives(csp.policy(files, []))
    assert ("'wasm-unsafe-eval'" in policy["script-src"]) is runs
    assert (policy.get("worker-src") == ["'self'"]) is runs
    searches = any(f.endswith("searchtools.js") for f in files)  # it fetches the pages it finds
    assert (policy.get("connect-src") == ["'self'"]) is (runs or searches)
    assert "'unsafe-eval'" not in policy["script-src"]


def test_no_policy_lets_a_page_reach_another_host():
    for scripts in (
        ["../_static/sphinx-thebe.js?v=1"],
        ["_static/run/kzedition-run.js"],
        ["searchtools.js"],
        [],
    ):
        policy = csp.policy(scripts, [])
        assert "://" not in policy and "unpkg" not in policy, policy


def test_the_policy_goes_before_every_script_and_writing_twice_changes_nothing():
    once, header = csp.with_policy(PAGE)
    twice, _ = csp.with_policy(once)
    assert once == twice
    head = once.split("</head>")[0]
    assert head.index('http-equiv="Content-Security-Policy"') < head.index("<script")
    assert directives(header)["frame-ancestors"] == ["'self'"]
    assert "frame-ancestors" not in once  # a <meta> policy cannot carry it


def test_the_headers_file_gives_each_page_its_policy():
    text = csp.headers_file({"index.html": "a", "chapters/x.html": "b"})
    assert "/\n  Content-Security-Policy: a\n" in text and "/index.html\n  Content-Security-Policy: a" in text
    assert "/chapters/x\n  Content-Security-Policy: b" in text and "/chapters/x.html\n" in text


# --- the built site in Chromium ------------------------------------------------------

#: Recorded before any script of the page runs (Playwright's init scripts are not subject to the page's CSP).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def strict_page(browser, server):
    """Open a page of the site; yield it with the violations and errors it reported."""
    contexts = []

    def _open(path: str):
        context = browser.new_context(service_workers="block")
        contexts.append(context)
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server}/{path}", wait_until="load")
        page.wait_for_timeout(300)
        return page, errors

    yield _open
    for context in contexts:
        context.close()


def violations(page, errors) -> list[str]:
    return page.evaluate("window.__violations") + [e for e in errors if "Content Security Policy" in e]


@pytest.mark.build
def test_every_page_carries_its_policy_and_the_headers_file_the_same(site):
    headers = (site / "_headers").read_text(encoding="utf-8")
    for name in quality.site_pages(site):
        html = (site / name).read_text(encoding="utf-8")
        found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert len(found) == 1, name
        assert " onclick=" not in html and " onload=" not in html, name
        policy = directives(found[0])
        assert "'unsafe-inline'" not in policy["script-src"], name
        assert f"/{name}\n  Content-Security-Policy: {found[0]}; frame-ancestors 'self'\n" in headers, name


@pytest.mark.build
def test_no_page_reports_a_violation_under_its_policy(site, strict_page):
    problems = {}
    for name in quality.site_pages(site):
        page, errors = strict_page(name)
        found = violations(page, errors)
        if found:
            problems[name] = found
    assert problems == {}, problems


@pytest.mark.build
def test_charts_toggles_and_buttons_work_under_the_policy(strict_page):
    page, errors = strict_page("chapters/kazakhstan.html")
    assert page.evaluate("() => window.kzCharts.drawAll().then(() => true)")
    page.wait_for_function(
        "() => [...document.querySelectorAll('figure.kz-chart')].every(f => f.querySelector('svg.main-svg'))"
    )
    toggle = page.locator("details.hide summary").first
    toggle.click()
    assert page.locator("details.hide").first.evaluate("d => d.open")
    printed = page.evaluate(
        """() => { let called = false; window.print = () => { called = true; };
        document.querySelector('[data-kz-action="window.print()"]').click(); return called; }"""
    )
    assert printed, "the print button does nothing under the policy"
    assert violations(page, errors) == []


@pytest.mark.build
def test_search_works_under_the_policy(strict_page):
    page, errors = strict_page("search.html?q=internet")
    page.wait_for_selector("#search-results li", timeout=20000)
    assert page.locator("#search-results li").count() > 0
    assert violations(page, errors) == []


@pytest.mark.build
def test_the_run_control_runs_python_under_its_pages_policy_and_only_there(site, strict_page):
    """Pages that load kzedition-run.js may compile WebAssembly; a cell runs there with no violation."""
    for name in quality.site_pages(site):
        html = (site / name).read_text(encoding="utf-8")
        policy = directives(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)[1])
        assert ("'wasm-unsafe-eval'" in policy["script-src"]) is (csp.RUN_SCRIPT in html), name
    page, errors = strict_page("chapters/kazakhstan.html")
    page.locator(
        'div.cell[data-kz-run-index="1"] details summary'
    ).first.click()  # "How this figure is computed"
    page.locator('div.cell[data-kz-run-index="1"] button.kz-run-runCell').click()
    page.wait_for_function(
        "() => document.documentElement.dataset.kzPython === 'ready' && "
        "!document.querySelector('.kz-run-output[aria-busy]')",
        timeout=180_000,
    )
    output = page.locator('div.cell[data-kz-run-index="1"] .kz-run-output')
    assert output.is_visible() and output.inner_text().strip()
    assert violations(page, errors) == []
