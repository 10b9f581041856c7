"""The site from disk: the release's site zip, unpacked, opens from the file
system in Chromium, with every page, search and every chart, and no request
leaving the unpacked folder. Every page names the edition's version."""

from __future__ import annotations

import zipfile

import pytest
from bs4 import BeautifulSoup

from kzedition import __version__
from kzedition.notebook_export import toc_sources
from tools import release
from tools.browser import is_local, open_page

pytestmark = [pytest.mark.build, pytest.mark.browser]


@pytest.fixture(scope="module")
def unpacked(site, tmp_path_factory):
    out = release.site_zip(site, tmp_path_factory.mktemp("release"))
    folder = tmp_path_factory.mktemp("reader")
    zipfile.ZipFile(out).extractall(folder)
    return folder / out.stem


def _stays_in(folder, requests):
    return [u for u in requests if not (u.startswith(folder.as_uri() + "/") or is_local(u))]


@pytest.mark.parametrize("source", toc_sources())
def test_every_page_opens_from_disk_with_its_charts(browser, unpacked, source):
    loaded = open_page(browser, (unpacked / source).with_suffix(".html").as_uri(), wait_drawn=True)
    assert loaded.page.title(), source
    assert _stays_in(unpacked, loaded.requests) == []
    assert [e for e in loaded.console_errors if "favicon" not in e] == []
    loaded.page.context.close()


def test_search_works_from_disk(browser, unpacked):
    loaded = open_page(
        browser, (unpacked / "search.html").as_uri() + "?q=Kazakhtelecom", wait_for="#search-results li"
    )
    assert "Kazakhstan" in loaded.page.locator("#search-results").inner_text()
    assert _stays_in(unpacked, loaded.requests) == []
    loaded.page.context.close()


def test_every_page_names_the_version(site):
    for source in toc_sources():
        html = (site / source).with_suffix(".html").read_text(encoding="utf-8")
        footer = BeautifulSoup(html, "lxml").select_one(".edition-version")
        assert footer is not None and footer.get_text(strip=True) == f"Edition version {__version__}.", source
