"""Students: every notebook page has a generated .ipynb in the repository,
in sync with its MyST source; launch and download links point to it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import nbformat
import pytest
from bs4 import BeautifulSoup

from kzedition import notebooks
from kzedition.paths import ROOT

REPO = notebooks.repository_url()
ORG_REPO = urlparse(REPO).path.strip("/")


@pytest.mark.parametrize("page", notebooks.NOTEBOOK_PAGES)
def test_committed_notebook_is_in_sync_with_its_source(page):
    committed = ROOT / Path(page).with_suffix(".ipynb")
    assert committed.exists(), f"{committed.name} missing: run `python -m kzedition.notebooks`"
    assert committed.read_text(encoding="utf-8") == notebooks.notebook_text(ROOT / page), (
        f"{committed.relative_to(ROOT)} is stale: run `python -m kzedition.notebooks`")
    nb = nbformat.reads(committed.read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(nb)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def _links(site: Path, page: str) -> dict[str, str]:
    soup = BeautifulSoup((site / Path(page).with_suffix(".html")).read_text(encoding="utf-8"), "lxml")
    return {a.get_text(strip=True) or a.get("title", ""): a["href"]
            for a in soup.select(".dropdown-launch-buttons a[href], .dropdown-download-buttons a[href]")}


def _repo_path(url: str) -> str:
    """The repository path a launch URL opens."""
    parsed = urlparse(url)
    if "colab" in parsed.netloc:
        return parsed.path.split(f"/github/{ORG_REPO}/blob/main/", 1)[1]
    if "mybinder" in parsed.netloc:
        assert parsed.path.startswith(f"/v2/gh/{ORG_REPO}/main")
        return unquote(parse_qs(parsed.query)["urlpath"][0]).split("lab/tree/", 1)[1]
    raise AssertionError(f"unexpected launch URL {url}")


@pytest.mark.parametrize("page", [p for p in notebooks.NOTEBOOK_PAGES if p != "index.md"])
def test_launch_and_download_links_point_to_the_notebook(site, page):
    links = _links(site, page)
    launch = [u for u in links.values() if "mybinder" in u or "colab" in u]
    assert len(launch) == 2, links
    for url in launch:
        assert _repo_path(url) == str(Path(page).with_suffix(".ipynb"))
        assert (ROOT / _repo_path(url)).exists()
    downloads = [u for u in links.values() if u.endswith(".ipynb") and not u.startswith("http")]
    assert downloads, f"no .ipynb download on {page}: {links}"
    for url in downloads:
        served = (site / Path(page).parent / url).resolve()
        assert json.loads(served.read_text(encoding="utf-8")) == json.loads(
            notebooks.notebook_text(ROOT / page)), "the download is not the generated notebook"
