"""Links of the built book, checked with a real tool.

LinkChecker (PyPI, ``requirements-dev.txt``) finds no broken internal link,
image, script or anchor on any page; it is first shown to catch planted
broken links, so a silent tool cannot pass. Every web address of the
footnotes is on the sources page with a link to its archived copies.
(One of the quality gates of ``tests/test_quality.py``, in a module of its
own so that a parallel run gives it a worker of its own.)
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from kzedition import reading_text
from tools import quality

pytestmark = [pytest.mark.build]

PAGES = quality.toc_pages()
SOURCES = "chapters/sources.html"


@pytest.fixture
def readable_tmp():
    """A temporary folder that LinkChecker, run as 'nobody', can read (pytest's are 0700)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="kz-quality-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_linkchecker_catches_planted_broken_links(readable_tmp):
    tmp_path = readable_tmp
    (tmp_path / "a.html").write_text(
        '<!DOCTYPE html><title>a</title><p id="here">'
        '<a href="b.html#nowhere">1</a> <a href="#missing">2</a> '
        '<a href="gone.html">3</a> <img src="_static/none.png" alt="">'
        '<a href="b.html#there">ok</a> <a href="https://example.org/">out</a>'
    )
    (tmp_path / "b.html").write_text('<!DOCTYPE html><title>b</title><p id="there">b')
    problems = quality.check_links(tmp_path, ["a.html", "b.html"])
    broken = {
        urlsplit(p["url"]).path.rsplit("/", 1)[-1]
        + ("#" + urlsplit(p["url"]).fragment if urlsplit(p["url"]).fragment else "")
        for p in problems
    }
    assert broken == {"b.html#nowhere", "a.html#missing", "gone.html", "none.png"}, problems


# --- links ------------------------------------------------------------------------------


def test_no_broken_internal_link_or_anchor(site):
    problems = quality.check_links(site, PAGES)
    assert problems == [], "\n".join(
        f"{p['parentname']}:{p['line']}: {p['url']}: {p['result'] or p['warningstring'][:200]}"
        for p in problems
    )


#: A web address in a footnote: a host name with a dot and a top-level domain, then a path.
ADDRESS = re.compile(r"(?<![\w@/.])(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,}(?:/[^\s]*)?)", re.I)


def footnote_addresses() -> dict[str, int]:
    notes = reading_text.reading_text()["chapter"].footnotes
    found = {}
    for number, note in notes.items():
        for address in ADDRESS.findall(note):
            found[address.rstrip(".,;)")] = number
    return found


def test_every_footnote_address_is_listed_with_an_archived_copy(site):
    addresses = footnote_addresses()
    assert len(addresses) >= 9
    soup = BeautifulSoup((site / SOURCES).read_text(encoding="utf-8"), "lxml")
    rows = {}
    for tr in soup.select("tr"):
        links = [a["href"] for a in tr.select("a[href]")]
        for href in links:
            parts = urlsplit(href)
            if parts.hostname and "archive.org" not in parts.hostname:
                rows[href.split("://", 1)[1]] = links
    for address, number in addresses.items():
        assert address in rows, f"footnote {number}: {address} is not linked on {SOURCES}"
        archived = [h for h in rows[address] if urlsplit(h).hostname == "web.archive.org"]
        assert archived and all(h.endswith(address) for h in archived), (
            f"footnote {number}: {address} has no archived-copy link: {rows[address]}"
        )
