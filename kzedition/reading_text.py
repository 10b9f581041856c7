"""The source of record and the documented repairs that turn it into the reading text.

``text/giswatch2011-kazakhstan.txt`` is the report as extracted from the print
PDF, damage included. ``text/repairs.yml`` lists, by line number, everything the
edition changes and why: which lines belong to which part, which are footnotes,
running heads or stray glyphs, where footnotes are referenced, which line-end
hyphens are real, which breaks fall inside a URL, and every restoration of case
or wording with its original form. :func:`reading_text` applies exactly those
repairs, and records each one it applies, so the editorial note and the fidelity
tests are generated from one place.

Everything here is pure: functions take text and repair tables and return
values; only the ``load_*`` helpers read files.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kzedition import russian_titles
from kzedition.i18n import N_, _, data_text
from kzedition.paths import REPAIRS, RUSSIAN_TITLES, SOURCE_OF_RECORD

#: How an undetermined glyph of a restored title is shown to readers.
UNKNOWN_GLYPH = "[?]"

_SENTENCE_END = re.compile(r"[.!?:][”’\")]*$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[”’\")]*\s+(?=[“\"(A-Z0-9])")
_FOOTNOTE_MARK = re.compile(r"\[\^(\d+)\]")


@dataclass(frozen=True)
class Repair:
    """One change from the source of record to the reading text."""

    kind: str  # hyphen-join, hyphen-kept, split-word, case, running-head, stray-glyph, url-join, title
    line: int
    original: str
    restored: str
    note: str = ""


@dataclass
class Part:
    """A part of the source (back cover, dedication, chapter) as reading text.

    ``blocks`` are ``(kind, text)`` pairs with kind ``heading`` or
    ``paragraph``; paragraph text carries footnote marks ``[^n]`` where the
    print has a superscript. ``footnotes`` maps footnote number to its text.
    """

    name: str
    blocks: list[tuple[str, str]] = field(default_factory=list)
    footnotes: dict[int, str] = field(default_factory=dict)
    repairs: list[Repair] = field(default_factory=list)


def load_source(path: Path = SOURCE_OF_RECORD) -> list[str]:
    """The source of record as a list of lines (index 0 is line 1)."""
    return path.read_text(encoding="utf-8").split("\n")


def load_repairs(path: Path = REPAIRS) -> dict:
    """The repair tables (``text/repairs.yml``)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def source_sha256(path: Path = SOURCE_OF_RECORD) -> str:
    """SHA-256 of the source of record; ``repairs.yml`` pins it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _join_lines(numbered: list[tuple[int, str]], repairs: dict, log: list[Repair]) -> list[str]:
    """Join numbered lines into paragraphs, undoing line-end hyphenation.

    A blank line ends a paragraph only when the text before it ends a
    sentence: footnote blocks and page breaks fall mid-paragraph in print.
    """
    keep = set(repairs.get("keep_hyphens", []))
    url_joins = set(repairs.get("url_joins", []))
    paragraphs: list[str] = []
    current = ""
    pending_break = False
    for number, raw in numbered:
        line = raw.strip()
        if not line:
            pending_break = pending_break or bool(_SENTENCE_END.search(current))
            continue
        if pending_break and current:
            paragraphs.append(current)
            current = ""
        pending_break = False
        if not current:
            current = line
            continue
        if current.endswith("-") and line[:1].islower():
            head = re.search(r"(\S+)-$", current).group(1)
            tail = re.match(r"[^\s,.;:)]+", line).group(0)
            kept = f"{head}-{tail}" in keep
            joined = f"{head}-{tail}" if kept else f"{head}{tail}"
            log.append(
                Repair("hyphen-kept" if kept else "hyphen-join", number - 1, f"{head}-|{tail}", joined)
            )
            current = current + line if kept else current[:-1] + line
        elif number - 1 in url_joins:
            log.append(
                Repair(
                    "url-join",
                    number - 1,
                    f"{current.split()[-1]}|{line.split()[0]}",
                    current.split()[-1] + line.split()[0],
                )
            )
            current += line
        else:
            current += " " + line
    if current:
        paragraphs.append(current)
    return paragraphs


def _apply_replacements(text: str, entries: list[dict], kind: str, log: list[Repair]) -> str:
    """Apply ``original -> restored`` replacements; each must match exactly once."""
    for entry in entries:
        original, restored = entry["original"], entry["restored"]
        count = text.count(original)
        if count != 1:
            raise ValueError(
                f"repairs.yml: {kind} {original!r} (line {entry['line']}) "
                f"matches {count} times in the joined text, expected once"
            )
        text = text.replace(original, restored)
        log.append(Repair(kind, entry["line"], original, restored, entry.get("note", "")))
    return text


def restored_title(entry: dict) -> str:
    """The printed form of a garbled title as readers see it, flanking spaces kept.

    Latin-run marks ``[...]`` are dropped and undetermined glyphs shown as
    :data:`UNKNOWN_GLYPH`.
    """
    printed = entry["printed"].replace(russian_titles.LATIN_OPEN, "").replace(russian_titles.LATIN_CLOSE, "")
    return printed.replace(russian_titles.UNKNOWN, UNKNOWN_GLYPH)


def _footnote_text(
    lines: list[str],
    first: int,
    last: int,
    repairs: dict,
    titles: dict[int, dict],
    number: int,
    log: list[Repair],
) -> str:
    """The text of one footnote: titles restored, lines joined, number removed."""
    numbered = [(n, lines[n - 1]) for n in range(first, last + 1)]
    title = titles.get(number)
    if title:
        a, b = title["source_lines"]
        run = "".join(lines[n - 1] for n in range(a, b + 1))
        if title["garbled"] not in run:
            raise ValueError(
                f"text/russian-titles.yml: footnote {number}: garbled title not found in source lines {a}-{b}"
            )
        merged = run.replace(title["garbled"], restored_title(title))
        numbered = (
            [(n, s) for n, s in numbered if n < a] + [(a, merged)] + [(n, s) for n, s in numbered if n > b]
        )
        log.append(
            Repair(
                "title",
                a,
                title["garbled"],
                restored_title(title).strip(),
                TITLE_NOTE.format(number=number),
            )
        )
    text = " ".join(_join_lines(numbered, repairs, log))
    prefix = f"{number} "
    if not text.startswith(prefix):
        raise ValueError(
            f"repairs.yml: footnote {number} (lines {first}-{last}) does not start with its number"
        )
    return re.sub(r"\s+", " ", text[len(prefix) :]).strip()


def reading_text(
    lines: list[str] | None = None, repairs: dict | None = None, titles: list[dict] | None = None
) -> dict[str, Part]:
    """Apply the documented repairs; return the parts keyed by name.

    Raises ``ValueError`` naming the repair that no longer fits the source.
    """
    lines = load_source() if lines is None else lines
    repairs = load_repairs() if repairs is None else repairs
    titles = russian_titles.load_titles(RUSSIAN_TITLES) if titles is None else titles
    by_number = {t["footnote"]: t for t in titles}
    skipped = _skipped_lines(repairs)
    footnote_lines = repairs.get("footnotes", {})
    parts: dict[str, Part] = {}
    for name, (first, last) in repairs["parts"].items():
        part = Part(name)
        for n, (kind, note) in skipped.items():
            if first <= n <= last and kind != "footnote":
                part.repairs.append(Repair(kind, n, lines[n - 1].strip(), "", note))
        _add_blocks(part, lines, range(first, last + 1), skipped, repairs)
        section = repairs.get("replacements", {}).get(name, [])
        refs = [r for r in repairs.get("footnote_refs", []) if first <= r["line"] <= last]
        part.blocks = [
            (kind, _mark_paragraph(text, section, refs, part.repairs) if kind == "paragraph" else text)
            for kind, text in part.blocks
        ]
        _check_all_applied(part, section, refs)
        for number, (a, b) in footnote_lines.items():
            if first <= a <= last:
                part.footnotes[number] = _footnote_text(lines, a, b, repairs, by_number, number, part.repairs)
        parts[name] = part
    return parts


def _skipped_lines(repairs: dict) -> dict[int, tuple[str, str]]:
    """Line number -> (kind, note) of every line that is not reading text: dropped lines, then footnotes."""
    skipped: dict[int, tuple[str, str]] = {}
    for entry in repairs.get("drop", []):
        skipped[entry["line"]] = (entry["kind"], entry.get("note", ""))
    for first, last in repairs.get("footnotes", {}).values():
        for n in range(first, last + 1):
            skipped.setdefault(n, ("footnote", ""))
    return skipped


def _add_blocks(part: Part, lines: list[str], numbers: range, skipped: dict, repairs: dict) -> None:
    """The headings and paragraphs of the lines ``numbers`` into ``part.blocks``, repairs noted."""
    headings = {h["line"]: h for h in repairs.get("headings", [])}
    chunk: list[tuple[int, str]] = []

    def flush() -> None:
        if chunk:
            part.blocks.extend(("paragraph", para) for para in _join_lines(chunk, repairs, part.repairs))
            chunk.clear()

    for n in numbers:
        if n in headings:
            flush()
            h = headings[n]
            text = lines[n - 1].strip()
            if h.get("restored", text) != text:
                part.repairs.append(Repair("case", n, text, h["restored"], h.get("note", "")))
            part.blocks.append(("heading", h.get("restored", text)))
        elif n not in skipped:
            chunk.append((n, lines[n - 1]))
        elif skipped[n][0] == "stray-glyph":
            chunk.append((n, lines[n - 1].replace(_stray_glyph(repairs, n), "")))
    flush()


def _mark_paragraph(text: str, section: list[dict], refs: list[dict], repairs: list[Repair]) -> str:
    """A paragraph with the part's replacements applied and its footnote anchors marked ``[^n]``."""
    for entry in section:
        if entry["original"] in text:
            text = _apply_replacements(text, [entry], entry["kind"], repairs)
    for ref in refs:
        marked = f"{ref['anchor']}{ref['n']}"
        if marked in text:
            text = text.replace(marked, f"{ref['anchor']}[^{ref['n']}]", 1)
    return text


def _stray_glyph(repairs: dict, line: int) -> str:
    """The stray glyph text recorded for ``line``."""
    return next(e["glyph"] for e in repairs["drop"] if e["line"] == line)


def _check_all_applied(part: Part, section: list[dict], refs: list[dict]) -> None:
    """Every listed replacement and footnote reference must have been used."""
    applied = {(r.kind, r.original) for r in part.repairs}
    for entry in section:
        if (entry["kind"], entry["original"]) not in applied:
            raise ValueError(
                f"repairs.yml: {entry['kind']} {entry['original']!r} "
                f"(line {entry['line']}) not found in part {part.name!r}"
            )
    text = " ".join(t for _, t in part.blocks)
    for ref in refs:
        if f"[^{ref['n']}]" not in text:
            raise ValueError(
                f"repairs.yml: footnote reference {ref['n']} after "
                f"{ref['anchor']!r} (line {ref['line']}) not found"
            )


def strip_marks(text: str) -> str:
    """Remove footnote marks ``[^n]`` from reading text."""
    return _FOOTNOTE_MARK.sub("", text)


def sentences(text: str) -> list[str]:
    """Split running text into sentences (the same rule for source and book)."""
    text = re.sub(r"\s+", " ", text).strip()
    return [s for s in _SENTENCE_SPLIT.split(text) if s]


def segments(blocks: list[tuple[str, str]]) -> list[str]:
    """Headings as their own segments, running text split into sentences."""
    out: list[str] = []
    running: list[str] = []
    for kind, text in blocks:
        if kind == "heading":
            out += sentences(" ".join(running))
            running.clear()
            out.append(re.sub(r"\s+", " ", text).strip())
        else:
            running.append(strip_marks(text))
    out += sentences(" ".join(running))
    return out


@lru_cache(maxsize=1)
def cached_reading_text() -> dict[str, Part]:
    """:func:`reading_text` of the files in ``text/``, computed once per process."""
    return reading_text()


REPAIR_LABELS = {
    "hyphen-join": N_("line-end hyphenation removed"),
    "hyphen-kept": N_("line-end hyphen kept (a real hyphen)"),
    "url-join": N_("URL broken across lines joined"),
    "split-word": N_("word split by the extraction joined"),
    "case": N_("capitalisation restored (small capitals)"),
    "running-head": N_("running head removed"),
    "stray-glyph": N_("stray glyph removed"),
    "title": N_("Russian title restored from the font encoding"),
}


#: The note of a restored Russian title's repair (kept English in the record, translated where shown).
TITLE_NOTE = N_("footnote {number}: Russian title restored from the subset-font encoding")


def _note_shown(note: str) -> str:
    """A repair's note in the build's language: the restored titles' note from the package's
    catalog, the notes of ``text/repairs.yml`` from the data's."""
    m = re.fullmatch(re.escape(TITLE_NOTE).replace(r"\{number\}", r"(\d+)"), note)
    return _(TITLE_NOTE).format(number=m[1]) if m else data_text(note)


#: The parts of the text as the repairs table names them (translated where shown).
PART_LABELS = {"back_cover": N_("back cover"), "dedication": N_("dedication"), "chapter": N_("chapter")}


def repairs_table(parts: dict[str, Part]):
    """Every repair applied, as a table for the editorial note (sorted by line), its words in the
    build's language (the columns' names are translated where shown: ``N_``); the source's and
    the edition's text, quotations of the English report, are named in ``attrs["english"]``."""
    import pandas as pd

    source, edition = N_("source (| = line break)"), N_("edition")
    rows = [
        {
            N_("line"): r.line,
            N_("part"): _(PART_LABELS.get(name, name.replace("_", " "))),
            N_("repair"): _(REPAIR_LABELS[r.kind]),
            source: r.original,
            edition: r.restored,
            N_("note"): _note_shown(r.note),
        }
        for name, part in parts.items()
        for r in part.repairs
    ]
    order = [N_("line"), N_("repair")]
    frame = pd.DataFrame(rows).sort_values(order, kind="stable").reset_index(drop=True)
    frame.attrs["english"] = (source, edition)
    return frame
