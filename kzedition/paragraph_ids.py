"""The report's paragraphs and their ids: no Sphinx needed.

**Ids** are numbered in the reading order of the source of record
(:func:`kzedition.reading_text.reading_text`), per part, so that a
paragraph number means what a reader of the printed report counts:

- the chapter: ``p-1``, ``p-2``, … (``para. 12`` is the chapter's 12th paragraph);
- the back cover: ``back-cover-p-1``, …; the dedication: ``dedication-p-1``.

The three prefixes keep ids unique in the single-page build (the PDF) too.

**Print pages.** Only page 167 is attested by the source (its running head;
``page_breaks`` in ``text/repairs.yml``), and the chapter's first page is
unknown. A paragraph before the first known page break is cited "before
p. 167"; the paragraph the break falls in "pp. 166–167"; a paragraph after it
"p. 167" (the source numbers no later break: a page break added to
``page_breaks`` moves the paragraphs after it). The back cover and the
dedication are unnumbered pages and are cited by name.

**How ids are given.** At read time a transform walks the paragraphs of the
three report pages that are report text and pairs them, in order, with the
paragraphs of the reading text (text compared with footnote marks, the
edition's † marks and the page marker left out). A page paragraph that
matches no paragraph of the reading text, or a paragraph of the reading
text with no page paragraph, is a build warning naming it (an error in
the strict build), so ids survive rebuilds and text repairs and never
shift silently.

**The checked-in list** ``text/paragraph-ids.yml`` (id, page, print page,
first words) is what ``tests/test_paragraphs.py`` compares the built pages
and this module's table with; regenerate it after a deliberate change with::

    PYTHONPATH=. python -m kzedition.paragraph_ids --write

(``--check`` exits 1 when the list is stale).

The Sphinx extension that writes the ids and tools into the pages is
:mod:`kzedition.sphinxext.paragraphs`.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from kzedition.i18n import N_, _
from kzedition.paths import PARAGRAPH_IDS, TEXT
from kzedition.reading_text import cached_reading_text, load_repairs, strip_marks

#: The checked-in list of paragraph ids.
IDS_FILE = PARAGRAPH_IDS

#: part of the source -> (docname of its page, id prefix, what follows "paragraph 3" in its name)
PARTS = {
    "back_cover": ("chapters/back-cover", "back-cover-p-", N_("paragraph {n} of the back cover")),
    "dedication": ("chapters/dedication", "dedication-p-", N_("paragraph {n} of the dedication")),
    "chapter": ("chapters/kazakhstan", "p-", N_("paragraph {n}")),
}
DOCNAMES = {docname: part for part, (docname, _prefix, _label) in PARTS.items()}

CHAPTER_CITATION = 'Nurmakov, Adil (2011) "Kazakhstan", in Global Information Society Watch 2011'
VOLUME_CITATION = "APC and Hivos (2011) Global Information Society Watch 2011"
FIRST_WORDS = 8


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the reading text and its permalink."""

    id: str
    part: str
    number: int  # within its part
    text: str  # reading text, footnote marks removed, white space folded
    print_page: str | None  # "before 167", "166–167", "167"; None for unnumbered pages

    @property
    def page(self) -> str:
        """The built page, relative to the site root."""
        return PARTS[self.part][0] + ".html"

    @property
    def first_words(self) -> str:
        return " ".join(self.text.split()[:FIRST_WORDS])

    @property
    def label(self) -> str:
        """How the paragraph is named to readers: "paragraph 12", "paragraph 3 of the back cover"."""
        return self.label_in("en")

    def label_in(self, language: str) -> str:
        """:attr:`label` in ``language`` ("абзац 12")."""
        return _(PARTS[self.part][2], language).format(n=self.number)

    def citation_in(self, language: str) -> str:
        """:attr:`citation`; in a translation, followed by what the address leads to."""
        if language == "en":
            return self.citation
        return self.citation + " " + _("Unofficial translation into Russian:", language)

    @property
    def citation(self) -> str:
        """The citation without the address (the page's script appends ``<page URL>#id``)."""
        if self.part == "chapter":
            return f"{CHAPTER_CITATION}, {cited_pages(self.print_page)}, para. {self.number}."
        where = self.part.replace("_", " ")
        return f"{VOLUME_CITATION}, {where}, para. {self.number}."

    def entry(self) -> dict:
        return {"id": self.id, "page": self.page, "print_page": self.print_page, "starts": self.first_words}

    @classmethod
    def from_entry(cls, entry: dict) -> Paragraph:
        """The paragraph of an entry of ``text/paragraph-ids.yml`` (its text is the first words only)."""
        part = next(name for name, (docname, _, _) in PARTS.items() if entry["page"] == docname + ".html")
        number = int(entry["id"].rsplit("-", 1)[1])
        return cls(entry["id"], part, number, entry["starts"], entry["print_page"])


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def cited_pages(print_page: str | None) -> str:
    """ "167" -> "p. 167", "166–167" -> "pp. 166–167", "before 167" -> "before p. 167"."""
    if print_page is None:
        return ""
    if print_page.startswith("before "):
        return f"before p. {print_page.split()[1]}"
    return f"pp. {print_page}" if "–" in print_page else f"p. {print_page}"


def _print_pages(texts: list[str], breaks: list[dict]) -> list[str]:
    """The print page of each paragraph of the chapter, from the known page breaks."""
    if not breaks:
        return ["unknown"] * len(texts)
    first = min(b["page"] for b in breaks)
    current: int | None = None
    pages = []
    for text in texts:
        start = current
        for b in sorted(breaks, key=lambda b: b["page"]):
            at = text.find(fold(b["before"]))
            if at == 0:
                start = current = b["page"]
            elif at > 0:
                start = start if start is not None else b["page"] - 1
                current = b["page"]
        if start is None:
            pages.append(f"before {first}")
        elif current != start:
            pages.append(f"{start}–{current}")
        else:
            pages.append(str(start))
    return pages


def paragraph_table(parts=None, repairs: dict | None = None) -> list[Paragraph]:
    """Every paragraph of the reading text with its id, in reading order (back cover, dedication, chapter)."""
    parts = cached_reading_text() if parts is None else parts
    repairs = load_repairs() if repairs is None else repairs
    table = []
    for part, (_docname, prefix, _label) in PARTS.items():
        texts = [fold(strip_marks(t)) for kind, t in parts[part].blocks if kind == "paragraph"]
        pages = (
            _print_pages(texts, repairs.get("page_breaks", [])) if part == "chapter" else [None] * len(texts)
        )
        for number, (text, page) in enumerate(zip(texts, pages, strict=True), start=1):
            table.append(Paragraph(f"{prefix}{number}", part, number, text, page))
    return table


HEADER = """\
# Paragraph ids of the report's pages (the permalinks #p-12, …): id, built page,
# print page and the paragraph's first words, in the reading order of the source
# of record. Generated by `python -m kzedition.paragraph_ids --write`
# (kzedition/paragraph_ids.py says how ids and print pages are given);
# tests/test_paragraphs.py checks the built pages against it, so a change of
# ids is deliberate: regenerate, review the diff, commit.
"""


def render_ids(table: list[Paragraph]) -> str:
    """The text of ``text/paragraph-ids.yml`` for ``table``."""
    body = yaml.safe_dump([p.entry() for p in table], allow_unicode=True, sort_keys=False, width=200)
    return HEADER + body


def load_ids(path: Path = IDS_FILE) -> list[dict]:
    """The checked-in list of paragraph ids."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def paired_in_order(expected: list[Paragraph], count: int) -> tuple[list, list]:
    """Pair a translated page's ``count`` paragraphs with the reading text's, in order.

    A translation keeps each paragraph a message of its own, so the n-th
    paragraph of the translated page is the n-th of the report and carries
    the same id in both languages; a different count is a problem named.
    """
    pairs = list(zip(range(len(expected)), range(count), strict=False))
    if count == len(expected):
        return pairs, []
    problem = f"the translated page has {count} paragraphs of the report, the reading text {len(expected)}"
    return pairs, [(None, problem)]


def match_paragraphs(expected: list[Paragraph], texts: list[str]) -> tuple[list, list]:
    """Pair the reading text's paragraphs with a page's, in order.

    Returns ``(pairs, problems)``: ``(index in expected, index in texts)`` of
    each match, and ``(index in texts or None, message)`` naming each
    paragraph of the reading text the page lacks and each page paragraph that
    matches none.
    """
    import difflib

    matcher = difflib.SequenceMatcher(a=[p.text for p in expected], b=texts, autojunk=False)
    pairs, problems = [], []
    for op, e0, e1, u0, u1 in matcher.get_opcodes():
        if op == "equal":
            pairs += zip(range(e0, e1), range(u0, u1), strict=True)
            continue
        for para in expected[e0:e1]:
            problems.append(
                (
                    None,
                    f"paragraph {para.id} of the reading text ({para.part}: {para.first_words!r}…) "
                    "has no paragraph on the page",
                )
            )
        for u in range(u0, u1):
            words = " ".join(texts[u].split()[:FIRST_WORDS])
            problems.append((u, f"page paragraph {words!r}… matches no paragraph of the reading text"))
    return pairs, problems


# --- the checked-in list ----------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kzedition.paragraph_ids", description=__doc__.split("\n")[0]
    )
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", action="store_true", help=f"write {IDS_FILE.relative_to(TEXT.parent)}")
    group.add_argument("--check", action="store_true", help="exit 1 if the checked-in list is stale")
    args = parser.parse_args(argv)
    text = render_ids(paragraph_table())
    if args.write:
        IDS_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {IDS_FILE.relative_to(TEXT.parent)} ({text.count('- id:')} paragraphs)")
        return 0
    if not IDS_FILE.exists() or IDS_FILE.read_text(encoding="utf-8") != text:
        print(
            f"{IDS_FILE.relative_to(TEXT.parent)} is stale: run --write and review the diff", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
