"""The site from disk: the release's site zip, unpacked, opens from the file
system in Chromium, with every page, search and every chart, and no request
leaving the unpacked folder. Every page names the edition's version."""

from __future__ import annotations

import zipfile

import pytest
from bs4 import BeautifulSoup

from kzedition import __version__
from kzedition.sphinxext.notebooks import toc_sources
from tools import release
from tools.browser import ALL_DRAWN, is_local

pytestmark = [pytest.mark.build, pytest.mark.browser]


@pytest.fixture(scope="module")
def unpacked(site, tmp_path_factory):
    out = release.site_zip(site, tmp_path_factory.mktemp("release"))
    folder = tmp_path_factory.mktemp("reader")
    zipfile.ZipFile(out).extractall(folder)
    return folder / out.stem


def _open(browser, url):
    context = browser.new_context()
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    return page, requests, errors


def _stays_in(folder, requests):
    return [u for u in requests if not (u.startswith(folder.as_uri() + "/") or is_local(u))]


@pytest.mark.parametrize("source", toc_sources())
def test_every_page_opens_from_disk_with_its_charts(browser, unpacked, source):
    page, requests, errors = _open(browser, (unpacked / source).with_suffix(".html").as_uri())
    page.wait_for_function(ALL_DRAWN, timeout=20000)
    assert page.title(), source
    assert _stays_in(unpacked, requests) == []
    assert [e for e in errors if "favicon" not in e] == []
    page.context.close()


def test_search_works_from_disk(browser, unpacked):
    page, requests, _ = _open(browser, (unpacked / "search.html").as_uri() + "?q=Kazakhtelecom")
    page.wait_for_selector("#search-results li", timeout=20000)
    assert "Kazakhstan" in page.locator("#search-results").inner_text()
    assert _stays_in(unpacked, requests) == []
    page.context.close()


def test_every_page_names_the_version(site):
    for source in toc_sources():
        html = (site / source).with_suffix(".html").read_text(encoding="utf-8")
        footer = BeautifulSoup(html, "lxml").select_one(".edition-version")
        assert footer is not None and footer.get_text(strip=True) == f"Edition version {__version__}.", source
