"""Hostile and careless input (issue 19): text in the data cannot break or script a page,
no setting injects code, nothing undeclared is published, and every stop names its cause.

What the browser makes of the markup is asked of Chromium itself (its own parser,
counting what it shows), never of a Python parser that may disagree with it. The
checking functions are tested directly where the build adds nothing; ``make book``
(``python -m tools.build``) runs end to end where the build's outcome is what is at
stake: its last lines, the site it publishes, two builds of the same tree.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from test_data import RESOURCES, _lines, _set_cell

from kzedition import chart_figure, claims, data, notebook_export, settings
from kzedition.paths import CLAIMS, DATA, ROOT
from tools import build

#: Text a careless or hostile contributor may put in a cell of a CSV.
HOSTILE = [
    "all providers <!--<script>",
    "</script><script>window.__pwned = 1</script>",
    "<img src=x onerror='window.__pwned = 1'>",
    "line\u2028separator\u2029paragraph",
    "a & b \" c ' d ` e <!-- f --> <![CDATA[ g ]]>",
]


def _hostile_spec(text: str, n: int) -> dict:
    return {
        "data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2], "name": text, "customdata": [[text], [text]]}],
        "layout": {
            "meta": {
                "id": f"hostile-{n}",
                "title": text,
                "alt": text,
                "source": [{"url": "javascript:window.__pwned = 1", "label": text}],
                "csv": ["internet_counts.csv"],
            }
        },
    }


def _shown(browser, body: str):
    """A page holding ``body``, as Chromium parses it (scripts enabled); the caller closes its context."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>t</title></head><body>{body}</body></html>"
    )
    return page


def test_data_text_cannot_end_or_comment_out_a_charts_script(browser):
    """Paragraphs around six charts of hostile text: Chromium shows every one of them, and
    each chart's JSON gives back the text as it was."""
    specs = [_hostile_spec(text, n) for n, text in enumerate(HOSTILE)]
    body = "".join(
        f"<p class='para'>paragraph {n}</p>"
        + chart_figure.figure_html(spec, chart_figure.chart_meta(spec), f"chart-{n}", "data")
        for n, spec in enumerate(specs)
    )
    page = _shown(browser, body + "<p class='para'>the last paragraph</p>")
    try:
        assert page.locator("p.para").count() == len(HOSTILE) + 1
        assert page.locator("figure.kz-chart").count() == len(HOSTILE)
        assert page.locator("script.kz-chart-spec").count() == len(HOSTILE)
        parsed = page.evaluate(
            "() => [...document.querySelectorAll('script.kz-chart-spec')]"
            ".map(s => JSON.parse(s.textContent).wide.data[0].customdata[0][0])"
        )
        assert parsed == HOSTILE
        assert page.evaluate("() => window.__pwned") is None
        assert page.locator("img").count() == 0  # text, never markup
        assert page.locator("a[href^='javascript']").count() == 0  # a source that is no address: no link
        assert page.locator("figcaption").all_inner_texts()[:1] == [HOSTILE[0]]
    finally:
        page.context.close()


def test_the_script_payload_has_no_character_that_html_or_old_javascript_reads(tmp_path):
    text = chart_figure.script_json({"k": "".join(HOSTILE)})
    assert not set(text) & set("<>&\u2028\u2029")
    assert json.loads(text) == {"k": "".join(HOSTILE)}


def _claim(claim_id: str) -> claims.Result:
    claim = claims.Claim(
        id=claim_id,
        section="S",
        sentence="about 5%",
        printed="5%",
        format="pct",
        expected="reported",
        rows=None,
    )
    return claims.Result(claim, "5%", 5, claims.NOT_IN_DATA, "reported")


def test_a_claim_id_cannot_add_attributes_to_the_ledger(browser):
    hostile = 'x" onmouseover="window.__pwned = 1" data-x="<script>window.__pwned = 1</script>'
    page = _shown(browser, claims.ledger_html([_claim(hostile), _claim("plain")]))
    try:
        assert page.locator("tbody tr").count() == 2
        assert page.evaluate("() => document.querySelectorAll('[onmouseover], script').length") == 0
        assert page.locator("tbody tr").first.get_attribute("id") == f"claim-{hostile}"
        page.locator("tbody tr").first.hover()
        assert page.evaluate("() => window.__pwned") is None
    finally:
        page.context.close()


# --- the claims ledger: every mistake named -------------------------------------------


def _ledger_with(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "claims.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _entries_with(change) -> str:
    entries = yaml.safe_load(CLAIMS.read_text(encoding="utf-8"))
    change(entries)
    return yaml.safe_dump(entries, allow_unicode=True)


LEDGER_MISTAKES = [
    ("yaml", "- id: a\n  section: [unclosed\n", r"claims\.yml, line \d+: not valid YAML"),
    ("empty_file", "", r"claims\.yml: the ledger is empty"),
    ("comments_only", "# nothing yet\n", r"claims\.yml: the ledger is empty"),
    ("a_mapping", "id: a\n", r"claims\.yml: the ledger is empty or not a list"),
    ("empty_item", _entries_with(lambda e: e.insert(1, None)), r"claims\.yml, entry 2: the entry is empty"),
    (
        "quote_in_id",
        _entries_with(lambda e: e[0].update(id='x" onmouseover="alert(1)')),
        r"claims\.yml, entry 1 \(x\" onmouseover.*, field 'id': an id is lower-case letters",
    ),
    (
        "rows_not_a_mapping",
        _entries_with(lambda e: e[0].update(rows=[1])),
        r"entry 1 \(subscribers_2004\), field 'rows'",
    ),
]


@pytest.mark.parametrize("case, text, message", LEDGER_MISTAKES, ids=[m[0] for m in LEDGER_MISTAKES])
def test_every_mistake_in_the_ledger_names_the_file_and_entry(tmp_path, case, text, message):
    with pytest.raises(ValueError, match=message):
        claims.ledger(_ledger_with(tmp_path, text))


@pytest.mark.parametrize(
    "where, message",
    [
        ({"table": "internet_count", "where": {"claim_id": "subscribers_2004"}}, "no table 'internet_count'"),
        (
            {"table": "internet_counts", "where": {"claim": "subscribers_2004"}},
            "table 'internet_counts' has no column 'claim'",
        ),
    ],
)
def test_a_wrong_table_or_column_in_a_claim_stops_before_the_build(tmp_path, where, message):
    path = _ledger_with(tmp_path, _entries_with(lambda e: e[0].update(rows=where)))
    with pytest.raises(
        claims.ClaimDrift, match=rf"claims\.yml, entry 1 \(subscribers_2004\), field 'rows': {message}"
    ):
        claims.check_sources(data.load_all(), path)


# --- data: what a careless save or a hostile edit writes --------------------------------


@pytest.fixture
def package(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _csv(folder: Path, name: str) -> Path:
    return folder / RESOURCES[name]["path"]


DATA_MISTAKES = [
    (
        "bare_commas",
        lambda d: _csv(d, "internet_counts").write_text(",,,,,,,,\n,,,,,,,,\n\n"),
        "internet_counts.csv, row 1: every cell is empty",
    ),
    (
        "count_too_large",
        lambda d: _set_cell(_csv(d, "internet_counts"), 2, "value", "99999999999999999999999"),
        "internet_counts.csv, row 2, field 'value': the integer \"99999999999999999999999\" is too large",
    ),
    (
        "javascript_source",
        lambda d: _set_cell(_csv(d, "internet_counts"), 3, "consulted_copy_url", "javascript:alert(1)"),
        "internet_counts.csv, row 3, field 'consulted_copy_url': 'javascript:alert(1)' is not an address",
    ),
    (
        "quote_in_address",
        lambda d: _set_cell(
            _csv(d, "events"), 2, "consulted_copy_url", 'https://example.org/" onmouseover="alert(1)'
        ),
        "events.csv, row 2, field 'consulted_copy_url'",
    ),
    (
        "relative_address",
        lambda d: _set_cell(_csv(d, "copies_consulted"), 2, "url", "www.stat.kz"),
        "copies_consulted.csv, row 2, field 'url': 'www.stat.kz' is not an address",
    ),
]


@pytest.mark.parametrize("case, breaker, message", DATA_MISTAKES, ids=[m[0] for m in DATA_MISTAKES])
def test_a_careless_or_hostile_data_file_is_named_with_row_and_field(package, case, breaker, message):
    breaker(package)
    with pytest.raises(data.DataError) as raised:
        data.load_all(package / "datapackage.json")
    assert message in str(raised.value)


def test_a_data_file_far_larger_than_the_editions_is_refused_with_its_size(package):
    big = _csv(package, "events")
    rows = _lines(big)
    big.write_text("\n".join(rows + rows[1:2] * 12000) + "\n", encoding="utf-8")
    with pytest.raises(build.InputError, match=r"events\.csv is \d+\.\d MB, far larger than"):
        build.check_sizes(data.declared_files(package / "datapackage.json"))


# --- settings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, address",
    [
        ("giswatch-editions/kazakhstan-2011", "https://github.com/giswatch-editions/kazakhstan-2011"),
        ("https://github.com/a-b/c.d_e/", "https://github.com/a-b/c.d_e"),
        ("https://github.com/a/b.git", "https://github.com/a/b"),
        ("", ""),
    ],
)
def test_a_repository_is_taken_as_owner_name_or_its_github_address(value, address):
    assert settings.repository_url({"EDITION_REPOSITORY": value}, {}) == address


@pytest.mark.parametrize(
    "value",
    [
        "owner",
        "a/b/c",
        "https://gitlab.com/a/b",
        'a/b"); import os; os.system("x',
        "git@github.com:a/b.git",
        "https://github.com/a/b?x=1",
    ],
)
def test_any_other_repository_stops_naming_the_setting_and_its_form(value):
    with pytest.raises(
        settings.SettingError, match=r"^EDITION_REPOSITORY is .* owner/name or https://github\.com/owner/name"
    ):
        settings.repository_url({"EDITION_REPOSITORY": value}, {})


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        'https://a.org/"; import os #',
        "https://a.org/x y",
        "ftp://a.org",
        "//a.org",
        "https://a.org/?q=1",
        "https://a.org/\nimport os",
    ],
)
def test_a_site_address_is_http_or_https_only(value):
    with pytest.raises(settings.SettingError, match=r"^EDITION_SITE_URL is .* https://host/path"):
        settings.site_url({"EDITION_SITE_URL": value}, {})


def test_settings_from_the_config_are_named_as_such():
    cfg = {"html": {"baseurl": "javascript:x"}, "repository": {"url": "nope", "branch": "main; rm"}}
    with pytest.raises(settings.SettingError, match=r"^html\.baseurl in _config\.yml is 'javascript:x'"):
        settings.site_url({}, cfg)
    with pytest.raises(settings.SettingError, match=r"^repository\.url in _config\.yml is 'nope'"):
        settings.repository_url({}, cfg)
    with pytest.raises(settings.SettingError, match=r"^repository\.branch in _config\.yml"):
        settings.branch(cfg)
    with pytest.raises(settings.SettingError, match=r"^launch_buttons\.binderhub_url in _config\.yml"):
        settings.launch_urls({"launch_buttons": {"binderhub_url": "http://x.org"}})
    with pytest.raises(
        settings.SettingError, match=r"^KZEDITION_DATAPACKAGE is '/nowhere/datapackage\.json'"
    ):
        settings.datapackage({"KZEDITION_DATAPACKAGE": "/nowhere/datapackage.json"})


def test_the_notebooks_setup_cell_holds_the_site_as_a_literal_whatever_it_is():
    """Even a value the settings would refuse cannot run as code: the cell assigns it as a string."""
    hostile = 'https://a.org/"\nimport os; os.system("echo pwned")  #'
    tree = ast.parse(notebook_export.setup_cell(hostile).source)
    assigned = {
        node.targets[0].id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and len(node.targets) == 1
    }
    assert ast.literal_eval(assigned["SITE"]) == hostile
    assert not any(isinstance(node, ast.Expr) and "system" in ast.dump(node) for node in tree.body)


# --- only what is declared is published ----------------------------------------------

UNDECLARED = ("data/.env", "data/events.csv~", "data/scratch.csv", "text/notes.txt", "chapters/draft.md~")


def test_the_notebooks_zip_and_the_data_zip_hold_declared_files_only(tmp_path):
    root = tmp_path / "edition"
    for name in ("kzedition", "data", "text", "chapters"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    for name in ("_toc.yml", notebook_export.NOTEBOOK_REQUIREMENTS):
        shutil.copyfile(ROOT / name, root / name)
    for name in UNDECLARED:
        (root / name).write_text("SECRET=1\n", encoding="utf-8")
    (root / "kzedition" / ".scratch.py").write_text("x = 1\n", encoding="utf-8")
    held = {p.relative_to(root).as_posix() for p in notebook_export.bundle_files(root)}
    assert not held & {*UNDECLARED, "kzedition/.scratch.py"}
    declared = {
        p.relative_to(root).as_posix() for p in data.declared_files(root / "data" / "datapackage.json")
    }
    assert declared <= held and {"kzedition/data.py", "text/claims.yml", "chapters/kazakhstan.md"} <= held
    from tools import release

    names = zipfile.ZipFile(release.data_zip(root / "data", tmp_path / "release")).namelist()
    # the declared files, and the bibliography their rows cite
    assert {n.split("/", 1)[1] for n in names} == {p.split("/", 1)[1] for p in declared} | {"references.bib"}


# --- stops: the cause in the last lines --------------------------------------------------


def test_a_broken_toc_is_named_with_its_entry(tmp_path):
    (tmp_path / "index.md").write_text("# x\n")
    (tmp_path / "_toc.yml").write_text("root: index\nparts:\n  - chapters:\n      - file: chapters/nope\n")
    with pytest.raises(
        build.InputError, match=r"_toc\.yml, part 1, entry 1, field 'file': no page 'chapters/nope'"
    ):
        build.check_toc(tmp_path)
    (tmp_path / "_toc.yml").write_text("root: index\nparts: [\n")
    with pytest.raises(build.InputError, match=r"_toc\.yml, line \d+: not valid YAML"):
        build.check_toc(tmp_path)


#: How jupyter-book and nbclient report a failing cell (the lines the cause is read from).
CELL_LOG = """\
\x1b[91m/repo/chapters/claims.md: WARNING: Executing notebook failed: CellExecutionError [mystnb.exec]\x1b[39;49;00m
Traceback (most recent call last):
  File "/x/nbclient/client.py", line 918, in _check_raise_for_error
nbclient.exceptions.CellExecutionError: An error occurred while executing the following cell:
------------------

from IPython.display import HTML
ledger = claims.evaluate(prose.chapter_values(), data.load_all())
------------------


\x1b[31mTypeError\x1b[39m                                 Traceback (most recent call last)
Cell In[1], line 7
File kazakhstan.md, code cell 8:11

\x1b[31mTypeError\x1b[39m: paste(independense_year=...): not a claim of text/claims.yml

Exception occurred:
myst_nb.core.execute.base.ExecutionError: /repo/chapters/claims.md
RuntimeError: There was an error in building your book.
"""


def test_a_failing_cell_is_named_by_page_first_line_and_exception():
    kind, message = build.find_cause(CELL_LOG, Path("/repo"))
    assert kind == "TypeError"
    assert message == (
        "chapters/claims.md, in the cell that begins “from IPython.display import HTML”: "
        "TypeError: paste(independense_year=...): not a claim of text/claims.yml "
        "(raised by kazakhstan.md, code cell 8, line 11)"
    )


def make_book(build_dir: Path, env: dict, src: Path | None = None) -> tuple[int, list[str]]:
    """``python -m tools.build``, as ``make book`` runs it; its exit status and output lines."""
    command = [sys.executable, "-m", "tools.build", "--build-dir", str(build_dir)]
    if src is not None:
        command += ["--src", str(src)]
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("EDITION_", "KZEDITION_"))}
    proc = subprocess.run(
        command, cwd=ROOT, env={**environ, **env}, capture_output=True, text=True, timeout=1800
    )
    return proc.returncode, (proc.stdout + proc.stderr).rstrip().splitlines()


STOPS = [
    (
        {"EDITION_SITE_URL": "javascript:alert(document.domain)"},
        None,
        "EDITION_SITE_URL is 'javascript:alert",
    ),
    ({"EDITION_SITE_URL": 'https://a.org/"+__import__("os").system("x")+"'}, None, "EDITION_SITE_URL is"),
    (
        {"EDITION_REPOSITORY": "https://gitlab.com/a/b"},
        None,
        "EDITION_REPOSITORY is 'https://gitlab.com/a/b'",
    ),
    ({"KZEDITION_DATAPACKAGE": "/nowhere/datapackage.json"}, None, "KZEDITION_DATAPACKAGE is"),
    ({}, "bare_commas", "internet_counts.csv, row 1: every cell is empty"),
    ({}, "javascript_source", "field 'consulted_copy_url': 'javascript:alert(1)' is not an address"),
    ({}, "count_too_large", "field 'value': the integer"),
]


@pytest.mark.parametrize("env, breaker, cause", STOPS, ids=[f"stop-{n}" for n in range(len(STOPS))])
def test_make_book_stops_on_a_bad_setting_or_file_with_one_sentence_last(
    tmp_path, package, env, breaker, cause
):
    if breaker is not None:
        dict((m[0], m[1]) for m in DATA_MISTAKES)[breaker](package)
        env = {**env, "KZEDITION_DATAPACKAGE": str(package / "datapackage.json")}
    status, lines = make_book(tmp_path / "_build", env)
    assert status != 0
    assert lines[-3].startswith("Build stopped: ") and cause in lines[-3], "\n".join(lines[-6:])
    assert not any("Traceback" in line for line in lines), "\n".join(lines)
    assert not any("Running Sphinx" in line for line in lines), "Sphinx started"
    assert lines[-1] == "No site was built."


# --- end to end: a hostile data package, built twice -------------------------------------


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.build
def test_a_hostile_data_package_builds_a_whole_chapter_and_publishes_nothing_undeclared(
    tmp_path, package, site, browser, open_page
):
    """Hostile text in the chart data and undeclared files beside it: Chromium shows the
    chapter's every paragraph and chart; only declared files reach ``_static/data``;
    a second build of the same tree is identical, with what was left in staging gone."""
    counts = _csv(package, "internet_counts")
    _set_cell(counts, 2, "scope", HOSTILE[0])
    _set_cell(counts, 3, "scope", HOSTILE[1])
    _set_cell(counts, 2, "note", HOSTILE[3])
    for name in ("data/.env", "data/events.csv~", "data/scratch.csv"):
        (package / Path(name).name).write_text("SECRET=1\n", encoding="utf-8")
    env = {
        "KZEDITION_DATAPACKAGE": str(package / "datapackage.json"),
        "EDITION_REPOSITORY": "giswatch-editions/kazakhstan-2011",  # GitHub's own form
        "EDITION_SITE_URL": "https://giswatch-editions.github.io/kazakhstan-2011",
    }
    build_dir = tmp_path / "_build"
    status, lines = make_book(build_dir, env)
    assert status == 0, "\n".join(lines[-30:])
    hostile_site = build_dir / "html"
    published = {p.name for p in (hostile_site / "_static" / "data").iterdir()}
    assert published == {p.name for p in data.declared_files(package / "datapackage.json")} - {"README.md"}

    # The chapter's paragraphs (a chart's own, such as "drawn here by JavaScript" where the
    # static figure is of other data, aside), its charts, and no script of the data run.
    count = (
        "() => [[...document.querySelectorAll('article p')].filter(p => !p.closest('figure')).length, "
        "document.querySelectorAll('figure.kz-chart').length, window.__pwned === undefined]"
    )
    reference = open_page("chapters/kazakhstan.html").page.evaluate(count)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((hostile_site / "chapters" / "kazakhstan.html").as_uri(), wait_until="load")
        assert page.evaluate(count) == reference, "Chromium shows less of the chapter built from hostile data"
        assert reference[0] >= 28 and reference[1] >= 6 and reference[2]
    finally:
        context.close()
    html = (hostile_site / "chapters" / "kazakhstan.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/giswatch-editions/kazakhstan-2011' in html

    first = _tree(hostile_site)
    stale = build_dir / build.STAGING / "_build" / "html" / "_static" / "data" / "scratch.csv"
    stale.write_text("left over\n", encoding="utf-8")
    status, lines = make_book(build_dir, env)
    assert status == 0, "\n".join(lines[-30:])
    second = _tree(hostile_site)
    assert "_static/data/scratch.csv" not in second
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.build
def test_a_typo_in_a_paste_keyword_ends_the_build_naming_page_cell_and_exception(tmp_path):
    """The issue's case: the build used to end with only the page's path."""
    from tools.quality import copy_sources

    src = copy_sources(tmp_path / "book")
    chapter = src / "chapters" / "kazakhstan.md"
    text = chapter.read_text(encoding="utf-8")
    assert text.count("paste(independence_year=") == 1
    chapter.write_text(text.replace("paste(independence_year=", "paste(independense_year="), encoding="utf-8")
    status, lines = make_book(tmp_path / "_build", {}, src=src)
    assert status != 0
    stop = lines[-3]
    assert stop.startswith("Build stopped: chapters/kazakhstan.md, in the cell that begins “"), "\n".join(
        lines[-5:]
    )
    assert "TypeError: paste(independense_year=...): not a claim of text/claims.yml" in stop, stop
    assert lines[-1] == "No site was built."


def test_a_broken_config_is_named_with_its_line(tmp_path):
    (tmp_path / "_config.yml").write_text("title: x\nhtml:\n  baseurl: [unclosed\n", encoding="utf-8")
    with pytest.raises(settings.SettingError, match=r"^_config\.yml, line \d+: not valid YAML"):
        settings.config(tmp_path)
    (tmp_path / "_config.yml").write_text("just text\n", encoding="utf-8")
    with pytest.raises(settings.SettingError, match=r"^_config\.yml: the file holds no settings"):
        settings.config(tmp_path)
