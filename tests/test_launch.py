"""Students: every notebook page has a generated .ipynb in the repository,
in sync with its MyST source; launch and download links point to it; the
downloaded notebook runs in a fresh environment to the page's figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlparse

import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import SITE_URL, TEST_REPOSITORY

from kzedition import notebook_export
from kzedition.paths import ROOT
from tools.build import STAGING

ORG_REPO = urlparse(TEST_REPOSITORY).path.strip("/")


@pytest.mark.parametrize("page", notebook_export.NOTEBOOK_PAGES)
def test_committed_notebook_is_in_sync_with_its_source(page):
    committed = ROOT / Path(page).with_suffix(".ipynb")
    assert committed.exists(), f"{committed.name} missing: run `make notebooks`"
    assert committed.read_text(encoding="utf-8") == notebook_export.notebook_text(ROOT / page), (
        f"{committed.relative_to(ROOT)} is stale: run `make notebooks`"
    )
    nb = nbformat.reads(committed.read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(nb)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert nb.cells[0].source.startswith("# Setup: run this cell first.")


def _links(site: Path, page: str) -> dict[str, str]:
    soup = BeautifulSoup((site / Path(page).with_suffix(".html")).read_text(encoding="utf-8"), "lxml")
    return {
        a.get_text(strip=True) or a.get("title", ""): a["href"]
        for a in soup.select(".dropdown-launch-buttons a[href], .dropdown-download-buttons a[href]")
    }


def _repo_path(url: str) -> str:
    """The repository path a launch URL opens."""
    parsed = urlparse(url)
    if "colab" in parsed.netloc:
        return parsed.path.split(f"/github/{ORG_REPO}/blob/main/", 1)[1]
    if "mybinder" in parsed.netloc:
        assert parsed.path.startswith(f"/v2/gh/{ORG_REPO}/main")
        return unquote(parse_qs(parsed.query)["urlpath"][0]).split("lab/tree/", 1)[1]
    raise AssertionError(f"unexpected launch URL {url}")


@pytest.mark.parametrize("page", [p for p in notebook_export.NOTEBOOK_PAGES if p != "index.md"])
def test_launch_and_download_links_point_to_the_notebook(site, page):
    links = _links(site, page)
    launch = [u for u in links.values() if "mybinder" in u or "colab" in u]
    assert len(launch) == 2, links
    for url in launch:
        assert _repo_path(url) == str(Path(page).with_suffix(".ipynb"))
        assert (ROOT / _repo_path(url)).exists()
    downloads = [u for u in links.values() if u.endswith(".ipynb") and not u.startswith("http")]
    assert downloads, f"no .ipynb download on {page}: {links}"
    # the prose carries the values this build glued (myst-nb's glue data, kept in the staging folder)
    glue_file = (
        ROOT / "_build" / STAGING / "_build" / "jupyter_execute" / Path(page).with_suffix(".glue.json")
    )
    glued = notebook_export.glued_texts(glue_file) if glue_file.is_file() else None
    for url in downloads:
        served = (site / Path(page).parent / url).resolve()
        assert json.loads(served.read_text(encoding="utf-8")) == json.loads(
            notebook_export.notebook_text(ROOT / page, SITE_URL, glued)
        ), "the download is not the generated notebook"


def test_addresses_come_from_the_environment_first():
    assert (
        notebook_export.repository_url({"EDITION_REPOSITORY": "https://github.com/a/b/"})
        == "https://github.com/a/b"
    )
    assert notebook_export.site_url({"EDITION_SITE_URL": "https://a.github.io/b/"}) == "https://a.github.io/b"
    # neither set: _config.yml, which names no repository until the edition is published
    assert notebook_export.repository_url({}) == ""


def test_without_a_repository_there_are_no_launch_links(monkeypatch):
    from types import SimpleNamespace

    from kzedition.sphinxext import launch_and_downloads

    monkeypatch.delenv("EDITION_REPOSITORY", raising=False)
    monkeypatch.delenv("EDITION_SITE_URL", raising=False)
    config = SimpleNamespace(
        language="en",
        html_baseurl="",
        myst_substitutions={},
        html_theme_options={
            "repository_url": "",
            "launch_buttons": {
                "binderhub_url": "https://mybinder.org",
                "colab_url": "https://colab.research.google.com",
                "thebe": True,
                "notebook_interface": "jupyterlab",
            },
        },
    )
    launch_and_downloads._addresses(None, config)
    assert "repository_url" not in config.html_theme_options
    assert config.html_theme_options["launch_buttons"] == {"notebook_interface": "jupyterlab"}
    assert config.myst_substitutions["repository"] == "the repository (not yet published)"


def pasted_values(cells_html: list[str]) -> dict[str, str]:
    """``name -> value`` from the tables that paste() shows."""
    values = {}
    for html in cells_html:
        for row in BeautifulSoup(html, "lxml").select("table.kz-pasted tbody tr"):
            name, value = row.th.get_text(strip=True), row.td.get_text(strip=True)
            values[name] = value
    return values


def _requirement(name: str) -> str:
    return next(
        line
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.lower().startswith(f"{name}==")
    )


@pytest.mark.build
def test_downloaded_chapter_runs_in_a_fresh_environment_to_the_pages_figures(site, server, tmp_path):
    """As a student meets it: the page's own download link, a new virtual
    environment with nbclient and ipykernel only, no clone; the setup cell
    fetches the rest from the (loopback) site."""
    page = "chapters/kazakhstan.md"
    html_path = site / Path(page).with_suffix(".html")
    link = next(u for u in _links(site, page).values() if u.endswith(".ipynb") and not u.startswith("http"))
    url = urljoin(f"{server}/{Path(page).with_suffix('.html').as_posix()}", link)
    student = tmp_path / "student"
    student.mkdir()
    with urllib.request.urlopen(url) as response:
        (student / "kazakhstan.ipynb").write_bytes(response.read())

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            _requirement("nbclient"),
            _requirement("ipykernel"),
            "-c",
            str(ROOT / "requirements.txt"),
        ],
        check=True,
    )
    runner = (
        "import sys, nbformat\nfrom nbclient import NotebookClient\n"
        "nb = nbformat.read(sys.argv[1], 4)\n"
        "NotebookClient(nb, timeout=900, kernel_name='python3',"
        " resources={'metadata': {'path': sys.argv[2]}}).execute()\n"
        "nbformat.write(nb, sys.argv[3])\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KZEDITION_", "PYTHON", "JUPYTER"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    proc = subprocess.run(
        [
            str(python),
            "-c",
            runner,
            str(student / "kazakhstan.ipynb"),
            str(student),
            str(student / "executed.ipynb"),
        ],
        cwd=student,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert (student / notebook_export.BUNDLE_FOLDER / "data" / "datapackage.json").exists()

    executed = nbformat.read(student / "executed.ipynb", 4)
    in_notebook = pasted_values(
        [
            o.get("data", {}).get("text/html", "")
            for c in executed.cells
            if c.cell_type == "code"
            for o in c.get("outputs", [])
        ]
    )
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "lxml")
    on_page = pasted_values([str(t) for t in soup.select("table.kz-pasted")])
    assert len(on_page) >= 50
    assert in_notebook == on_page
    assert in_notebook["share_2011"] == "95.55%" and in_notebook["growth_cagr"] == "30.1%"
