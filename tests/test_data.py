"""The data package: the real data validates and loads typed; broken copies fail loudly.

Each bad-input case copies ``data/`` into ``tmp_path``, breaks one file and
checks that :func:`kzedition.data.load` raises :class:`DataError` whose
message names the file, the row and (where there is one) the field.
"""

import csv
import io
import json
import re
import shutil
import time

import pandas as pd
import pytest

from kzedition import data
from kzedition.data import DataError, load, load_all
from kzedition.paths import DATA, DATAPACKAGE, SOURCE_OF_RECORD

DESCRIPTOR = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}

# The column contract other modules code against.
COLUMNS = {
    "elections_candidates": [
        "election_date",
        "candidate",
        "party",
        "votes",
        "share_reported_pct",
        "source_key",
        "quoted_by_key",
        "consulted_copy_url",
        "share_source_key",
        "share_quoted_by_key",
        "share_consulted_copy_url",
        "note",
    ],
    "elections_summary": [
        "election_date",
        "registered_voters",
        "ballots_cast",
        "valid_votes",
        "invalid_votes",
        "turnout_reported_pct",
        "counts_source_key",
        "counts_quoted_by_key",
        "counts_consulted_copy_url",
        "turnout_source_key",
        "turnout_quoted_by_key",
        "turnout_consulted_copy_url",
        "note",
    ],
    "turnout_reports": [
        "election_date",
        "turnout_pct",
        "kind",
        "source_key",
        "quoted_by_key",
        "consulted_copy_url",
        "excerpt",
    ],
    "elections_2011_intraday": [
        "timestamp_local",
        "ballots_received",
        "turnout_pct_reported",
        "source_key",
        "quoted_by_key",
        "consulted_copy_url",
        "note",
    ],
    "internet_counts": [
        "year",
        "measure",
        "value",
        "scope",
        "source_key",
        "quoted_by_key",
        "consulted_copy_url",
        "report_footnote",
        "claim_id",
        "note",
    ],
    "internet_users_pct": [
        "year",
        "value_pct",
        "series",
        "source_key",
        "quoted_by_key",
        "consulted_copy_url",
        "note",
    ],
    "fixed_broadband_per100": [
        "year",
        "per_100_people",
        "source_key",
        "quoted_by_key",
        "consulted_copy_url",
        "note",
    ],
    "population": [
        "date",
        "date_precision",
        "population",
        "measure",
        "source_key",
        "quoted_by_key",
        "consulted_copy_url",
        "note",
    ],
    "campaign_figures": [
        "claim_id",
        "quantity",
        "value",
        "unit",
        "qualifier",
        "date_start",
        "date_end",
        "platform",
        "report_footnote",
        "source_key",
        "quoted_by_key",
        "consulted_copy_url",
        "excerpt",
    ],
    "referendum_signatures": [
        "date",
        "date_precision",
        "signatures",
        "measure",
        "qualifier",
        "source_key",
        "quoted_by_key",
        "consulted_copy_url",
        "note",
    ],
    "publication": ["field", "value", "source_key", "quoted_by_key", "consulted_copy_url", "excerpt"],
    "events": [
        "date",
        "date_precision",
        "event",
        "source_key",
        "quoted_by_key",
        "consulted_copy_url",
        "source_note",
    ],
    "copies_consulted": ["url", "kind", "what_it_is", "read_on"],
}


# --- the real data ----------------------------------------------------------


def test_frictionless_validates_the_whole_package():
    import frictionless

    report = frictionless.Package(str(DATAPACKAGE)).validate()
    assert report.valid, report.flatten(["type", "rowNumber", "fieldName", "message"])


def test_every_csv_is_described_and_every_resource_exists():
    described = {r["path"] for r in DESCRIPTOR["resources"]}
    on_disk = {p.name for p in DATA.glob("*.csv")}
    assert described == on_disk
    assert set(RESOURCES) == set(COLUMNS)


@pytest.mark.parametrize("name", list(COLUMNS))
def test_resource_loads_with_contract_columns_and_schema_dtypes(name):
    df = load(name)
    assert list(df.columns) == COLUMNS[name]
    assert len(df) > 0
    for field in RESOURCES[name]["schema"]["fields"]:
        col, kind = df[field["name"]], field["type"]
        if kind in ("integer", "year"):
            assert col.dtype == "Int64", field["name"]
        elif kind == "number":
            assert col.dtype == "float64", field["name"]
        elif kind in ("date", "datetime"):
            assert pd.api.types.is_datetime64_dtype(col), field["name"]
        else:
            assert pd.api.types.is_string_dtype(col), field["name"]


def test_every_row_cites_a_work_and_the_copy_read():
    for name, df in load_all().items():
        if name == "copies_consulted":
            continue
        keys = [c for c in df.columns if c.endswith("source_key")]
        assert keys, name
        for key in keys:
            copy = key.removesuffix("source_key") + "consulted_copy_url"
            # 1999's counts are the one source no one gives: no work, no copy
            assert (df[key].isna() == df[copy].isna()).all(), (name, key)
            if key != "counts_source_key":
                assert df[key].notna().all(), (name, key)


def test_2011_unknowns_stay_empty_and_known_values_are_the_sources():
    s = load("elections_summary").set_index("election_date").loc[pd.Timestamp("2011-04-03")]
    assert pd.isna(s["registered_voters"]) and pd.isna(s["ballots_cast"]) and pd.isna(s["invalid_votes"])
    assert s["valid_votes"] == 8216370
    assert s["turnout_reported_pct"] == 89.98
    reports = load("turnout_reports")
    assert {89.98, 89.99, 89.9} <= set(reports.loc[reports.election_date == "2011-04-03", "turnout_pct"])


def test_chapter_claims_are_present():
    counts = load("internet_counts").dropna(subset=["claim_id"]).set_index("claim_id")
    assert counts["value"].to_dict() == {
        "subscribers_2004": 203000,
        "subscribers_2009": 756500,
        "users_2009": 4700000,
        "users_2011": 4300000,
    }
    assert counts["report_footnote"].to_dict() == {
        "subscribers_2004": 1,
        "subscribers_2009": 1,
        "users_2009": 2,
        "users_2011": 3,
    }
    figures = load("campaign_figures").set_index("claim_id")
    assert figures.loc["elbasy_signatures", "value"] == 604
    assert figures.loc["petition_signatures", "qualifier"] == "approximately"
    assert figures.loc["referendum_vowed_signatures", "qualifier"] == "at_least"


def test_campaign_excerpts_are_verbatim_in_the_chapter():
    normalise = lambda s: re.sub(r"\s+", " ", s.replace("\u2019", "'")).strip()  # noqa: E731
    chapter = normalise(SOURCE_OF_RECORD.read_text(encoding="utf-8"))
    for excerpt in load("campaign_figures")["excerpt"]:
        assert normalise(excerpt) in chapter, excerpt


def test_load_returns_a_copy_and_is_fast_when_cached():
    load_all()
    start = time.perf_counter()
    frames = load_all()
    assert time.perf_counter() - start < 0.5
    frames["publication"].loc[0, "value"] = "changed"
    assert load("publication").loc[0, "value"] != "changed"


# --- broken copies ------------------------------------------------------------


def _lines(path):
    return path.read_text(encoding="utf-8").splitlines()


def _write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _set_cell(path, row, column, value):
    """Row is 1-based as in the file (header = 1)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[row - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _drop_column(path, column):
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    i = rows[0].index(column)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([r[:i] + r[i + 1 :] for r in rows])
    path.write_text(out.getvalue(), encoding="utf-8")


def _add_column(path, name, value):
    lines = _lines(path)
    _write(path, [f"{lines[0]},{name}"] + [f"{line},{value}" for line in lines[1:]])


def _append_duplicate(path, row):
    lines = _lines(path)
    _write(path, lines + [lines[row - 1]])
    return len(lines) + 1


# (case id, resource, how to break it, expected row, expected field)
CASES = [
    ("missing_column", "elections_candidates", lambda p: _drop_column(p, "party"), 1, "party"),
    ("extra_column", "fixed_broadband_per100", lambda p: _add_column(p, "comment", "x"), 1, "comment"),
    ("wrong_type", "elections_candidates", lambda p: _set_cell(p, 3, "votes", "many"), 3, "votes"),
    ("negative_count", "elections_candidates", lambda p: _set_cell(p, 3, "votes", "-5"), 3, "votes"),
    (
        "share_above_100",
        "elections_candidates",
        lambda p: _set_cell(p, 2, "share_reported_pct", "101.5"),
        2,
        "share_reported_pct",
    ),
    (
        "percentage_below_0",
        "internet_users_pct",
        lambda p: _set_cell(p, 4, "value_pct", "-0.1"),
        4,
        "value_pct",
    ),
    ("duplicate_primary_key", "elections_candidates", lambda p: _append_duplicate(p, 2), "appended", None),
    (
        "unknown_candidate",
        "elections_candidates",
        lambda p: _set_cell(p, 4, "candidate", "Somebody Else"),
        4,
        "candidate",
    ),
    ("unknown_enum_kind", "turnout_reports", lambda p: _set_cell(p, 5, "kind", "final"), 5, "kind"),
    ("bad_date", "population", lambda p: _set_cell(p, 2, "date", "2011-02-30"), 2, "date"),
    (
        "bad_datetime",
        "elections_2011_intraday",
        lambda p: _set_cell(p, 3, "timestamp_local", "16h00"),
        3,
        "timestamp_local",
    ),
    ("missing_source", "internet_counts", lambda p: _set_cell(p, 2, "source_key", ""), 2, "source_key"),
    (
        "source_not_in_the_bibliography",
        "elections_candidates",
        lambda p: _set_cell(p, 3, "source_key", "nohlen2099"),
        3,
        "source_key",
    ),
    (
        "quoting_work_not_in_the_bibliography",
        "turnout_reports",
        lambda p: _set_cell(p, 4, "quoted_by_key", "kazakhstanun"),
        4,
        "quoted_by_key",
    ),
    (
        "copy_not_a_url",
        "campaign_figures",
        lambda p: _set_cell(p, 6, "consulted_copy_url", "the chapter"),
        6,
        "consulted_copy_url",
    ),
    (
        "copy_not_listed_in_copies_consulted",
        "events",
        lambda p: _set_cell(p, 5, "consulted_copy_url", "https://example.org/a-copy"),
        5,
        "consulted_copy_url",
    ),
    (
        "unknown_foreign_key",
        "elections_candidates",
        lambda p: _set_cell(p, 5, "election_date", "2000-01-09"),
        5,
        "election_date",
    ),
    (
        "wrong_encoding_cp1251",
        "elections_2011_intraday",
        lambda p: p.write_bytes(p.read_text(encoding="utf-8").encode("cp1251")),
        2,
        None,
    ),
    ("empty_file", "publication", lambda p: p.write_text("", encoding="utf-8"), 1, None),
    (
        "malformed_quoting",
        "campaign_figures",
        lambda p: _write(p, [line.replace(",views of", ',"views" of', 1) for line in _lines(p)]),
        4,
        None,
    ),
    (
        "unclosed_quote",
        "fixed_broadband_per100",  # quote opened on the last row, never closed
        lambda p: _write(p, _lines(p)[:-1] + [_lines(p)[-1].replace(",https", ',"https', 1)]),
        11,
        None,
    ),
    (
        "missing_cell",
        "fixed_broadband_per100",
        lambda p: _write(p, _lines(p)[:3] + ["2013,1.5"]),
        4,
        "source_key",
    ),
]


@pytest.fixture
def broken_copy(tmp_path):
    """Copy data/ into tmp_path and return (descriptor, path of the named CSV)."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("*.md"))
    return lambda name: (target / "datapackage.json", target / RESOURCES[name]["path"])


@pytest.mark.parametrize("case, name, breaker, row, field", CASES, ids=[c[0] for c in CASES])
def test_broken_copy_raises_naming_file_row_and_field(broken_copy, case, name, breaker, row, field):
    descriptor, csv_path = broken_copy(name)
    load(name, descriptor)  # the untouched copy is valid
    appended = breaker(csv_path)
    if row == "appended":
        row = appended
    with pytest.raises(DataError) as info:
        load(name, descriptor)
    err = info.value
    message = str(err)
    assert csv_path.name in message and err.path.name == csv_path.name, message
    assert err.row == row and f"row {row}" in message, message
    if field is not None:
        assert err.field == field and f"'{field}'" in message, message


def test_duplicate_key_message_names_the_key_fields(broken_copy):
    descriptor, csv_path = broken_copy("elections_candidates")
    _append_duplicate(csv_path, 2)
    with pytest.raises(DataError, match=r"primary key \(election_date, candidate\)"):
        load("elections_candidates", descriptor)


def test_latin1_file_fails_as_not_utf8(broken_copy):
    descriptor, csv_path = broken_copy("elections_summary")  # row 2 has 'válidos'
    csv_path.write_bytes(csv_path.read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(DataError, match=r"elections_summary\.csv, row 2: not valid UTF-8"):
        load("elections_summary", descriptor)


def test_columns_out_of_order(broken_copy):
    descriptor, csv_path = broken_copy("fixed_broadband_per100")
    lines = _lines(csv_path)
    _write(csv_path, ["per_100_people,year,source_key,quoted_by_key,consulted_copy_url,note"] + lines[1:])
    with pytest.raises(DataError, match="row 1: columns out of order"):
        load("fixed_broadband_per100", descriptor)


def test_unknown_resource_and_error_type(broken_copy):
    descriptor, _ = broken_copy("publication")
    with pytest.raises(DataError, match="no resource named 'nope'") as info:
        load("nope", descriptor)
    assert isinstance(info.value, ValueError)
    assert info.value.row is None and info.value.field is None


def test_cache_sees_edits(broken_copy):
    descriptor, csv_path = broken_copy("fixed_broadband_per100")
    assert len(load("fixed_broadband_per100", descriptor)) == 10
    _write(csv_path, _lines(csv_path)[:-1])
    assert len(load("fixed_broadband_per100", descriptor)) == 9
    assert data.resource_names(descriptor) == list(COLUMNS)


# --- what spreadsheet programs and editors write ------------------------------


def _rewrite(path, transform):
    """Rewrite a CSV's rows through ``transform(rows) -> bytes``."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    path.write_bytes(transform(rows))


def _as_excel_utf8(rows):  # BOM and CRLF, as Excel's "CSV UTF-8" saves
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def _all_quoted(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    return out.getvalue().encode("utf-8")


def _trailing_blank_lines(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return (out.getvalue() + "\n\n  \n").encode("utf-8")


def _no_final_newline(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().rstrip("\n").encode("utf-8")


def _spaces_around_values(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[f" {c} " if c else c for c in r] for r in rows])
    return out.getvalue().encode("utf-8")


#: (how a real tool wrote the file, the file) -- each is the same data as data/.
ACCEPTED = [
    ("excel_csv_utf8_bom_crlf", _as_excel_utf8, "elections_candidates"),
    ("every_field_quoted", _all_quoted, "internet_counts"),
    ("trailing_blank_lines", _trailing_blank_lines, "campaign_figures"),
    ("no_final_newline", _no_final_newline, "population"),
    ("spaces_around_values", _spaces_around_values, "elections_summary"),
]


@pytest.mark.parametrize("case, transform, name", ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_what_real_tools_write_loads_as_the_same_data(broken_copy, case, transform, name):
    descriptor, csv_path = broken_copy(name)
    _rewrite(csv_path, transform)
    pd.testing.assert_frame_equal(load(name, descriptor), load(name))


def test_a_semicolon_file_is_named_for_its_delimiter(broken_copy):
    descriptor, csv_path = broken_copy("elections_summary")
    _rewrite(csv_path, lambda rows: "\n".join(";".join(r) for r in rows).encode("utf-8"))
    with pytest.raises(
        DataError, match=r"elections_summary\.csv, row 1: the columns are separated by semicolons"
    ):
        load("elections_candidates", descriptor)  # the file that refers to it is not blamed


def test_a_header_only_file_says_it_has_no_rows(broken_copy):
    descriptor, csv_path = broken_copy("elections_candidates")
    _write(csv_path, _lines(csv_path)[:1])
    with pytest.raises(DataError, match=r"elections_candidates\.csv: the file has its header but no rows"):
        load_all(descriptor)


def test_each_file_is_checked_before_keys_that_span_files(broken_copy):
    # a broken summary must be blamed, not the candidates whose foreign key points at it
    descriptor, summary = broken_copy("elections_summary")
    _set_cell(summary, 2, "turnout_reported_pct", "lots")
    with pytest.raises(DataError, match=r"elections_summary\.csv, row 2, field 'turnout_reported_pct'"):
        load("elections_candidates", descriptor)


def test_invalid_json_in_the_descriptor_is_named(broken_copy):
    descriptor, _ = broken_copy("publication")
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace('"resources"', '"resources" "', 1))
    with pytest.raises(DataError, match=r"datapackage\.json: the descriptor is not valid JSON"):
        load_all(descriptor)
