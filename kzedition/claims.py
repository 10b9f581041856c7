"""The claims ledger: every figure the report prints, against the value the chapter computes.

The claims are data, in ``text/claims.yml`` (see its header for the fields).
The chapter's code cells compute or look up each value with pandas and hand
it over with :func:`kzedition.prose.paste`; this module only *checks* it:

- :func:`check_value` formats a value as the report prints it
  (:mod:`kzedition.printed`), compares it with the printed text and raises
  :class:`ClaimDrift`, naming the claim, its sentence, the file and rows,
  when the status is not the expected one;
- :func:`evaluate` checks every claim of the ledger against the values the
  chapter pasted (the claims page runs the chapter's code to get them, so
  there is one computation path), and :func:`ledger_html` renders the table.

Statuses: ``reproduced`` (recomputed from independent sourced data, renders
as printed), ``reported`` (only the report or a source quoting it gives the
value; the data carry it with that source), ``discrepancy`` (the best
sourced value differs from the printed one).
"""

from __future__ import annotations

import fnmatch
import functools
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pandas as pd
import yaml

from kzedition import bibliography, printed
from kzedition.i18n import N_, _, data_text, in_english, quotations_marked
from kzedition.paths import CLAIMS

__all__ = [
    "Claim",
    "ClaimDrift",
    "Result",
    "check",
    "check_sources",
    "check_value",
    "evaluate",
    "ledger",
    "ledger_html",
    "provenance",
    "sources",
    "table",
]

REPRODUCED, REPORTED, DISCREPANCY = "reproduced", "reported", "discrepancy"
STATUSES = (REPRODUCED, REPORTED, DISCREPANCY)
#: The statuses as the reader sees them (translated with ``_()`` where shown).
STATUS_LABELS = {REPRODUCED: N_("reproduced"), REPORTED: N_("reported only"), DISCREPANCY: N_("discrepancy")}
NOT_IN_DATA = "not in data/"
FIELDS = ("id", "section", "sentence", "printed", "format", "expected", "rows", "note")


class ClaimDrift(AssertionError):  # noqa: N818 (the ledger's word for it, which messages name)
    """A figure computed from the data no longer matches the printed report."""


@dataclass(frozen=True)
class Claim:
    """One quantitative claim of the chapter, as ``text/claims.yml`` gives it."""

    id: str
    section: str
    sentence: str
    printed: str
    format: str
    expected: str
    rows: dict | None  # {"table": ..., "where": {...}}, or None: no dataset carries the value
    note: str = ""
    entry: int = 0  # its number in the file (1 = the first), for messages


@dataclass(frozen=True)
class Result:
    """A claim checked against the value the chapter computed."""

    claim: Claim
    text: str
    value: object
    provenance: str
    status: str
    #: The works the claim's source rows cite (:func:`sources`), shown in the ledger.
    sources: tuple[bibliography.Citation, ...] = ()


# --- the ledger file ---------------------------------------------------------


#: A claim's id: the keyword the chapter pastes and the anchor ``claim-<id>``.
ID = re.compile(r"[a-z][a-z0-9_]*")


def _claim(entry, path: Path, number: int) -> Claim:
    if not isinstance(entry, dict):
        raise ValueError(
            f"{path.name}, entry {number}: the entry is {'empty' if entry is None else 'not a mapping'}; "
            f"each entry needs the fields {', '.join(FIELDS)}"
        )
    where = f"{path.name}, entry {number} ({str(entry.get('id', '?'))[:40]})"
    missing = [f for f in FIELDS if f not in entry]
    if missing:
        raise ValueError(f"{where}: missing field(s) {', '.join(missing)}")
    if not isinstance(entry["id"], str) or not ID.fullmatch(entry["id"]):
        raise ValueError(
            f"{where}, field 'id': an id is lower-case letters, digits and underscores, "
            "starting with a letter (the chapter pastes it as a keyword)"
        )
    if entry["expected"] not in STATUSES:
        raise ValueError(f"{where}, field 'expected': must be one of {', '.join(STATUSES)}")
    if entry["format"] not in printed.FORMATS:
        raise ValueError(f"{where}, field 'format': unknown format {entry['format']!r}")
    if str(entry["printed"]) not in str(entry["sentence"]):
        raise ValueError(f"{where}, field 'printed': {entry['printed']!r} does not stand in its sentence")
    rows = None if entry["rows"] == "none" else entry["rows"]
    if rows is not None and (
        not isinstance(rows, dict) or set(rows) != {"table", "where"} or not isinstance(rows["where"], dict)
    ):
        raise ValueError(f"{where}, field 'rows': rows needs 'table' and 'where' (or the word none)")
    return Claim(**{**{f: str(entry[f] or "") for f in FIELDS if f != "rows"}, "rows": rows}, entry=number)


@functools.lru_cache(maxsize=4)
def _read(path: Path, stamp: float) -> tuple[Claim, ...]:
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ValueError(f"{path.name}{line}: not valid YAML ({problem})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path.name}: cannot be read ({exc})") from exc
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path.name}: the ledger is empty or not a list of claims (each entry: - id: ...)")
    claims = tuple(_claim(e, path, n) for n, e in enumerate(entries, start=1))
    ids = [c.id for c in claims]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"{path.name}: duplicate claim id(s) {', '.join(dupes)}")
    return claims


def ledger(path: Path = CLAIMS) -> dict[str, Claim]:
    """The claims of ``text/claims.yml``, by id, in the order of the file."""
    path = Path(path)
    return {c.id: c for c in _read(path, path.stat().st_mtime_ns)}


# --- provenance: which rows of which file --------------------------------------


def _matches(column: pd.Series, wanted) -> pd.Series:
    """Rows whose value (as the CSV writes it) is ``wanted``, one of a list, or a ``*`` pattern."""
    options = [str(w) for w in (wanted if isinstance(wanted, list) else [wanted])]

    def as_written(v) -> str:
        return "" if pd.isna(v) else (f"{v:%Y-%m-%d}" if isinstance(v, pd.Timestamp) else str(v))

    return pd.Series(
        [any(fnmatch.fnmatchcase(as_written(v), o) for o in options) for v in column],
        index=column.index,
        dtype=bool,
    )


def select(frames: dict[str, pd.DataFrame], rows: dict) -> pd.DataFrame:
    """The rows of ``rows['table']`` whose columns match ``rows['where']``."""
    frame = frames[rows["table"]]
    mask = pd.Series(True, index=frame.index)
    for column, wanted in rows["where"].items():
        mask &= _matches(frame[column], wanted)
    return frame[mask]


def provenance(claim: Claim, frames: dict[str, pd.DataFrame]) -> str:
    """``data/<table>.csv, rows a, b`` (header = row 1) for a claim's source rows.

    Raises :class:`ClaimDrift` when no row matches: the file has lost the
    rows the claim is computed from.
    """
    if claim.rows is None:
        return NOT_IN_DATA
    table, columns = claim.rows["table"], list(claim.rows["where"])
    unknown = (
        f"no table {table!r} in the data package"
        if table not in frames
        else next((f"table {table!r} has no column {c!r}" for c in columns if c not in frames[table]), None)
    )
    if unknown:
        raise ClaimDrift(f"{CLAIMS.name}, entry {claim.entry} ({claim.id}), field 'rows': {unknown}")
    sel = select(frames, claim.rows)
    name = f"data/{table}.csv"
    if sel.empty:
        where = ", ".join(f"{k} = {v}" for k, v in claim.rows["where"].items())
        raise ClaimDrift(
            f"claim {claim.id!r} ({claim.section}): {name} has no row with {where}, "
            f"so “{claim.sentence}” cannot be checked (see text/claims.yml)"
        )
    numbers = ", ".join(str(i + 2) for i in sel.index)
    return f"{name}, row{'s' if len(sel) > 1 else ''} {numbers}"


def sources(claim: Claim, frames: dict[str, pd.DataFrame]) -> tuple[bibliography.Citation, ...]:
    """The works the claim's source rows cite (every ``*source_key`` column), in order; none
    when no dataset carries the claim."""
    if claim.rows is None:
        return ()
    return tuple(bibliography.all_citations(select(frames, claim.rows)))


# --- checking ----------------------------------------------------------------


def _status(claim: Claim, text: str) -> str:
    if claim.expected == DISCREPANCY:
        return DISCREPANCY if text != claim.printed else REPRODUCED
    return claim.expected if text == claim.printed else DISCREPANCY


def _drift_message(result: Result) -> str:
    c = result.claim
    return (
        f"claim {c.id!r} ({c.section}): the report prints {c.printed!r} in “{c.sentence}”, "
        f"the data give {result.text!r} ({result.provenance}); "
        f"expected status {c.expected!r}, got {result.status!r}"
    )


def result(claim: Claim, value, frames: dict[str, pd.DataFrame]) -> Result:
    """The claim checked against ``value`` (not raising; see :func:`check`)."""
    source = provenance(claim, frames)
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        if claim.rows is not None:
            raise ClaimDrift(
                f"claim {claim.id!r} ({claim.section}): the value is missing "
                f"({source}), so “{claim.sentence}” cannot be checked"
            )
        return Result(claim, "—", None, source, REPORTED)
    text = printed.format_as(claim.format, value, "en")  # the report's own form, in every edition
    return Result(claim, text, value, source, _status(claim, text), sources(claim, frames))


def check(results: list[Result]) -> None:
    """Raise :class:`ClaimDrift` naming every claim whose status is not the expected one."""
    drifted = [r for r in results if r.status != r.claim.expected]
    if drifted:
        raise ClaimDrift(
            "figures no longer match the printed report:\n" + "\n".join(_drift_message(r) for r in drifted)
        )


def check_sources(frames: dict[str, pd.DataFrame], path: Path = CLAIMS) -> None:
    """Every claim's source rows exist (table, columns, at least one row); raise ClaimDrift if not."""
    for claim in ledger(path).values():
        provenance(claim, frames)


def check_value(claim_id: str, value, frames: dict[str, pd.DataFrame]) -> Result:
    """Check one value against its claim; raise :class:`ClaimDrift` if it drifted."""
    claims = ledger()
    if claim_id not in claims:
        raise KeyError(f"no claim {claim_id!r} in text/claims.yml")
    checked = result(claims[claim_id], value, frames)
    check([checked])
    return checked


def evaluate(values: dict[str, object], frames: dict[str, pd.DataFrame]) -> list[Result]:
    """Every claim of the ledger checked against the chapter's ``values``.

    A claim whose value the chapter does not paste is an error, unless no
    dataset carries it (``rows: none``): then it is reported only.
    """
    results = []
    for claim in ledger().values():
        if claim.id not in values and claim.rows is not None:
            raise ClaimDrift(
                f"claim {claim.id!r} ({claim.section}) is in text/claims.yml, but the chapter never pastes it"
            )
        results.append(result(claim, values.get(claim.id), frames))
    return results


# --- showing -----------------------------------------------------------------


def table(results: list[Result]) -> pd.DataFrame:
    """The ledger as a table."""
    return pd.DataFrame(
        {
            "claim": [r.claim.id for r in results],
            "section": [r.claim.section for r in results],
            "sentence": [r.claim.sentence for r in results],
            "printed": [r.claim.printed for r in results],
            "from the data": [r.text for r in results],
            "status": [r.status for r in results],
            "source": [r.provenance for r in results],
            "works": ["; ".join(bibliography.cite(c) for c in r.sources) for r in results],
            "note": [r.claim.note for r in results],
        }
    )


#: The ledger's column headings (translated with ``_()`` where shown).
LEDGER_COLUMNS = (
    N_("Claim in the report"),
    N_("Printed"),
    N_("From the data"),
    N_("Status"),
    N_("Where from"),
)
#: ``data/<table>.csv, row(s) <numbers>`` as :func:`provenance` writes it.
_PROVENANCE = re.compile(r"(?P<file>\S+), rows? (?P<rows>.+)")


def status_label(status: str) -> str:
    """A status as the reader sees it, in the build's language."""
    return _(STATUS_LABELS[status])


def provenance_shown(text: str) -> str:
    """:func:`provenance`'s text in the build's language (it stays English in messages)."""
    if text == NOT_IN_DATA:
        return _("not in data/")
    m = _PROVENANCE.fullmatch(text)
    if m is None:
        return text
    # not ngettext: a list of row numbers takes the plural whatever its length
    one = "," not in m["rows"]
    return (_("{file}, row {rows}") if one else _("{file}, rows {rows}")).format(
        file=m["file"], rows=m["rows"]
    )


def _ledger_cells(r: Result) -> tuple[str, ...]:
    """A row's cells: the claim (its section and sentence, quoted in English), the printed
    and recomputed figures (the report's English form), the status and where it comes from."""
    sentence = in_english(escape(r.claim.sentence))
    claim = f'<span class="claim-section">{escape(data_text(r.claim.section))}</span> ' + _(
        "“{quotation}”"
    ).format(quotation=sentence)
    works = "; ".join(bibliography.cite_html(c) for c in r.sources)
    cited = _("Source: {works}").format(works=works)
    where = (
        escape(provenance_shown(r.provenance))
        + (f'<br><span class="claim-work">{cited}</span>' if works else "")
        + (
            f'<br><span class="claim-note">{quotations_marked(escape(data_text(r.claim.note)))}</span>'
            if r.claim.note
            else ""
        )
    )
    return (
        claim,
        in_english(escape(r.claim.printed)),
        in_english(escape(r.text)),
        f'<span class="claim-status">{escape(status_label(r.status))}</span>',
        where,
    )


def ledger_html(results: list[Result]) -> str:
    """The ledger as an HTML table; each row has the anchor ``claim-<id>``.

    Every cell but the claim's names its column in ``data-label``: on a phone
    the stylesheet stacks each row and shows the label before the value.
    """
    labels = [escape(_(c)) for c in LEDGER_COLUMNS]
    head = "".join(f'<th scope="col">{c}</th>' for c in labels)
    body = []
    for r in results:
        cells = _ledger_cells(r)
        tds = f"<td>{cells[0]}</td>" + "".join(
            f'<td data-label="{label}">{c}</td>' for label, c in zip(labels[1:], cells[1:], strict=True)
        )
        body.append(f'<tr id="claim-{escape(r.claim.id)}" class="status-{escape(r.status)}">{tds}</tr>')
    return (
        f'<table class="claims-ledger table kz-stack"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )
