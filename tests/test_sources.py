"""Sources a scholar can trust: what a reader sees as a source is the work that published
the figure, never the copy it was read in.

The hosts of mirrors, scrapers, document dumps, reposts and aggregators are test data
(``tests/mirror_hosts.txt``). None may appear where a reader sees a source: the built
pages' visible text and links (except the sources page's "Copies consulted"), the data
package's ``sources`` and the charts' specs. Each copy of ``data/copies_consulted.csv``
that is not its publisher's own page must be on the list, so that the list grows with
the data. The bibliography module's own behaviour (parsing, "as quoted by") is checked too.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kzedition import bibliography, charts, claims, data, notebook_export
from kzedition.bibliography import BibliographyError, Citation
from kzedition.paths import DATAPACKAGE
from tools import sources

HOSTS_FILE = Path(__file__).parent / "mirror_hosts.txt"
MARKERS = tuple(
    line.strip().lower()
    for line in HOSTS_FILE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.lstrip().startswith("#")
)
#: Kinds of copies_consulted that are the work's own page, or not known to be a copy.
NOT_COPIES = {"publisher", "unconfirmed"}
COPIES_SECTION = "copies-consulted"


def mirrors_in(text: str) -> list[str]:
    """The markers of :data:`MARKERS` that ``text`` contains (case-insensitive)."""
    lowered = text.lower()
    return [m for m in MARKERS if m in lowered]


# --- the check itself -----------------------------------------------------------


def test_the_check_finds_a_mirror_and_passes_a_work():
    assert "wikimili.com" in mirrors_in("Source: <a href='https://WikiMili.com/en/x'>x</a>")
    assert "github.com/youssif-alashry" in mirrors_in(
        "https://github.com/Youssif-Alashry/dashboard/blob/x.csv"
    )
    assert mirrors_in("World Bank (n.d.), Individuals using the Internet, indicator IT.NET.USER.ZS") == []


def test_every_copy_that_is_not_the_publishers_page_is_on_the_list():
    copies = data.load("copies_consulted")
    unlisted = [
        url
        for url, kind in zip(copies["url"], copies["kind"], strict=True)
        if kind not in NOT_COPIES
        if not mirrors_in(url)
    ]
    assert unlisted == [], f"add their hosts to {HOSTS_FILE.name}"


# --- the data package and the charts --------------------------------------------


def test_the_data_package_sources_are_written_from_the_rows():
    current = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    assert sources.text(sources.with_sources(current)) == DATAPACKAGE.read_text(encoding="utf-8"), (
        "run python -m tools.sources"
    )


def test_the_data_package_sources_name_works_not_copies():
    descriptor = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    copies = data.load("copies_consulted")
    copy_urls = set(copies.loc[~copies["kind"].isin(NOT_COPIES), "url"])
    cited = [*descriptor["sources"], *(s for r in descriptor["resources"] for s in r.get("sources", []))]
    assert cited
    for source in cited:
        assert mirrors_in(json.dumps(source, ensure_ascii=False)) == [], source
        assert source.get("path") not in copy_urls, source


def test_the_charts_cite_works_not_copies():
    for chart_id, fig in charts.build_all().items():
        spec = json.dumps(fig.to_plotly_json(), ensure_ascii=False, default=str)
        assert mirrors_in(spec) == [], chart_id
        meta = fig.layout.meta
        assert meta["source"], chart_id
        assert all(s["label"] for s in meta["source"]), chart_id


def test_every_claim_with_data_names_its_works():
    frames = data.load_all()
    for claim in claims.ledger().values():
        if claim.rows is not None:
            works = claims.sources(claim, frames)
            assert works, claim.id
            assert mirrors_in("; ".join(bibliography.cite(c) for c in works)) == [], claim.id


def test_a_downloaded_notebooks_bundle_carries_the_bibliography(tmp_path):
    """The files a downloaded notebook unpacks check the rows' keys against their own references.bib."""
    zipfile.ZipFile(notebook_export.bundle(tmp_path / "bundle.zip")).extractall(tmp_path / "unpacked")
    descriptor = tmp_path / "unpacked" / "data" / "datapackage.json"
    assert data.bibliography_path(descriptor) == tmp_path / "unpacked" / "references.bib"
    assert len(data.load("events", descriptor)) == len(data.load("events"))


# --- the bibliography module ------------------------------------------------------

SAMPLE = r"""
% a comment line: @misc{ignored, title={no}}
@techreport{body2011,
  author = {{Office for Democratic Institutions and Human Rights}},
  title  = {{Final Report}},
  year   = {2011}, month = jun, day = {16},
  note   = {50\% of it read}
}
@book{eds2001,
  editor = {Nohlen, Dieter and Grotz, Florian and Hartmann, Christof},
  title = {{Elections in Asia}}, publisher = {Oxford University Press}, address = {Oxford},
  year = 2001, pages = {416, 424},
  url = {https://example.org/handbook}
}
"""


def test_the_parser_reads_names_dates_pages_and_addresses():
    works = bibliography.parse(SAMPLE)
    assert set(works) == {"body2011", "eds2001"}
    body, book = works["body2011"], works["eds2001"]
    assert body.creators == "Office for Democratic Institutions and Human Rights"  # its "and" is a name's
    assert body.date == "16 June 2011" and body.url is None
    assert book.creators == "Nohlen, Grotz and Hartmann (eds.)" and book.date == "2001"
    assert bibliography.reference("body2011", works).endswith("50% of it read.")
    assert bibliography.reference("eds2001", works) == (
        "Nohlen, Grotz and Hartmann (eds.) (2001), Elections in Asia, pp. 416, 424. Oxford: Oxford University Press."
    )


def test_a_work_not_seen_is_cited_as_quoted_by_the_work_that_was():
    works = bibliography.parse(SAMPLE)
    citation = Citation("body2011", "eds2001")
    assert bibliography.cite(citation, works) == (
        "Office for Democratic Institutions and Human Rights (16 June 2011), Final Report, "
        "as quoted by Nohlen, Grotz and Hartmann (eds.) (2001), Elections in Asia, pp. 416, 424"
    )
    html = bibliography.cite_html(citation, "sources.html", works)
    assert '<a class="reference external" href="https://example.org/handbook">Elections in Asia</a>' in html
    assert 'href="sources.html#work-body2011"' in html and 'href="sources.html#work-eds2001"' in html
    assert bibliography.address(citation, works) == "https://example.org/handbook"  # the one confirmed


def test_an_unknown_key_and_a_duplicate_key_are_named():
    with pytest.raises(BibliographyError, match="'nobody' is not a key of references.bib"):
        bibliography.cite(Citation("nobody"), bibliography.parse(SAMPLE))
    with pytest.raises(BibliographyError, match=r"line 9, entry 'body2011': the key is used twice"):
        bibliography.parse(SAMPLE.replace("eds2001", "body2011"))


# --- the built site ---------------------------------------------------------------


def _copies_section(soup: BeautifulSoup):
    """The sources page's "Copies consulted" section (its label may sit on the section or inside it)."""
    found = soup.find(id=COPIES_SECTION)
    if found is None or found.name == "section":
        return found
    return found.find_parent("section")


def _seen(page: Path) -> tuple[str, list[str], BeautifulSoup]:
    """A page's visible text and its links, without the copies consulted."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    for hidden in soup.select("script, style, noscript, template, head"):
        hidden.decompose()
    copies = _copies_section(soup)
    if copies is not None:
        copies.decompose()
    links = [a["href"] for a in soup.select("[href]")] + [i["src"] for i in soup.select("[src]")]
    return soup.get_text(" "), links, soup


@pytest.mark.build
def test_no_page_shows_a_copy_as_a_source(site):
    pages = [p for p in site.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts]
    assert len(pages) > 10
    found = {}
    for page in pages:
        text, links, _ = _seen(page)
        hits = mirrors_in(text) + [m for link in links for m in mirrors_in(link)]
        if hits:
            found[page.relative_to(site).as_posix()] = sorted(set(hits))
    assert found == {}


@pytest.mark.build
def test_the_copies_consulted_are_listed_as_copies(site):
    soup = BeautifulSoup((site / "chapters/sources.html").read_text(encoding="utf-8"), "lxml")
    section = _copies_section(soup)
    rows = section.select("table.copies tbody tr")
    assert len(rows) == len(data.load("copies_consulted"))
    assert mirrors_in(section.get_text(" "))  # the mirrors are here, and only here
    works = soup.select('ul.works > li[id^="work-"]')
    cited = {
        k for f in data.load_all().values() for c in f.columns if c.endswith("_key") for k in f[c].dropna()
    }
    assert {li["id"].removeprefix("work-") for li in works} == cited


@pytest.mark.build
def test_the_timeline_and_the_ledger_name_works_linked_to_the_bibliography(site):
    for page in ("chapters/timeline.html", "chapters/claims.html", "chapters/data.html"):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
        targets = {a["href"] for a in soup.select("a.kz-bib-link")}
        assert targets, page
        assert all(re.fullmatch(r"sources\.html#work-[A-Za-z0-9_:-]+", t) for t in targets), page
    timeline = (site / "chapters/timeline.html").read_text(encoding="utf-8")
    assert "OSCE Office for Democratic Institutions and Human Rights (16 June 2011)" in timeline
