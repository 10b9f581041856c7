"""Load the edition's CSVs, validated against ``data/datapackage.json``.

Every table the book uses goes through :func:`load`. It validates the CSV
against its Table Schema with the ``frictionless`` library (types,
constraints, primary and foreign keys, header) and raises :class:`DataError`
on the first problem, naming file, row and field. Only a valid table is
returned, as a :class:`pandas.DataFrame` with typed columns.

Two checks run before frictionless because its own reports are vague there:

- the bytes must decode as UTF-8 (frictionless reports an ``encoding-error``
  with no row number, and would silently guess the encoding if the
  descriptor did not declare ``utf-8``);
- the CSV must parse strictly and its header must equal the schema's field
  names (frictionless reports a missing middle column as a misleading
  chain of ``incorrect-label`` errors against the following columns).

Results are cached by the files' modification times, so repeated calls in
a notebook cost a ``stat`` per file and a DataFrame copy.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path

import pandas as pd

from kzedition.paths import DATAPACKAGE, ROOT

__all__ = ["DataError", "load", "load_all", "resource_names"]


class DataError(ValueError):
    """A data file does not match its schema.

    Attributes: ``path`` (the CSV or descriptor), ``row`` (1-based row in the
    file, header = row 1; ``None`` if the error has no row) and ``field``
    (column name, or ``None``). The message names all three, e.g.
    ``data/elections_candidates.csv, row 3, field 'votes': constraint
    "minimum" is "0", but value is "-5"``.
    """

    def __init__(self, path: Path, row: int | None, field: str | None, message: str):
        self.path, self.row, self.field = Path(path), row, field
        where = [_display(self.path)]
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field {field!r}")
        super().__init__(", ".join(where) + ": " + message)


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def resource_names(package: Path | None = None) -> list[str]:
    """Names of the resources in the data package, in descriptor order."""
    return [r["name"] for r in _descriptor(Path(package or DATAPACKAGE).resolve())["resources"]]


def load(name: str, package: Path | None = None) -> pd.DataFrame:
    """Validate resource ``name`` of the data package and return it typed.

    ``package`` is the path of a ``datapackage.json`` (default: the
    repository's). Integer and year columns come back as nullable ``Int64``,
    numbers as ``float64``, dates and datetimes as ``datetime64``, strings
    as strings with missing values as NA. Raises :class:`DataError`.
    """
    descriptor = Path(package or DATAPACKAGE).resolve()
    res = _resource(descriptor, name)
    csv_path = descriptor.parent / res["path"]
    # Foreign keys make a table's validity depend on the other tables too.
    paths = [descriptor] + [descriptor.parent / r["path"] for r in _descriptor(descriptor)["resources"]]
    stamps = tuple(_stamp(p) for p in paths)
    cached = _CACHE.get((descriptor, name))
    if cached is None or cached[0] != stamps:
        _precheck(csv_path, [f["name"] for f in res["schema"]["fields"]])
        _validate(descriptor, name, csv_path)
        cached = _CACHE[descriptor, name] = (stamps, _frame(csv_path, res["schema"]["fields"]))
    return cached[1].copy()


def load_all(package: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every resource of the data package, validated: ``{name: DataFrame}``."""
    return {name: load(name, package) for name in resource_names(package)}


# --- internals -------------------------------------------------------------

# (descriptor, resource name) -> (stamps of the descriptor and all CSVs, frame)
_CACHE: dict[tuple[Path, str], tuple[tuple, pd.DataFrame]] = {}


def _stamp(path: Path) -> tuple:
    try:
        st = path.stat()
    except FileNotFoundError:
        return (str(path), None)
    return (str(path), st.st_mtime_ns, st.st_size)


def _descriptor(descriptor: Path) -> dict:
    return _read_descriptor(descriptor, _stamp(descriptor))


@functools.lru_cache(maxsize=8)
def _read_descriptor(descriptor: Path, stamp: tuple) -> dict:
    try:
        return json.loads(descriptor.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(descriptor, None, None, f"cannot read the data package descriptor: {exc}") from exc


def _resource(descriptor: Path, name: str) -> dict:
    for res in _descriptor(descriptor)["resources"]:
        if res["name"] == name:
            return res
    raise DataError(descriptor, None, None, f"no resource named {name!r}")


def _precheck(path: Path, fields: list[str]) -> None:
    """UTF-8, strict CSV syntax and an exact header, with row numbers."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(path, None, None, f"cannot read file: {exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}: {exc.reason}); re-save as UTF-8"
        raise DataError(path, row, None, message) from exc
    if not text.strip():
        raise DataError(path, 1, None, "the file is empty; expected the header " + ",".join(fields))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    try:
        for record in reader:
            rows.append(record)
    except csv.Error as exc:  # e.g. an unclosed or stray quote
        raise DataError(path, len(rows) + 1, None, f"malformed CSV: {exc}") from exc
    header = rows[0]
    missing = [f for f in fields if f not in header]
    extra = [h for h in header if h not in fields]
    if missing:
        raise DataError(path, 1, missing[0], "column missing from the header")
    if extra:
        raise DataError(path, 1, extra[0], "column not in the schema")
    if header != fields:
        raise DataError(path, 1, None, f"columns out of order: expected {','.join(fields)}")


def _validate(descriptor: Path, name: str, path: Path) -> None:
    """Full frictionless validation of one resource (within its package, for foreign keys)."""
    import frictionless  # imported lazily: it costs ~0.5 s and is only needed on a cache miss

    try:
        resource = _package(descriptor, _stamp(descriptor)).get_resource(name)
        report = resource.validate(limit_errors=1)
    except frictionless.FrictionlessException as exc:
        raise DataError(descriptor, None, None, str(exc)) from exc
    for task in report.tasks:
        for error in task.errors:
            raise _as_data_error(error, path, resource.schema)
    for error in report.errors:  # descriptor-level problems
        raise DataError(descriptor, None, None, error.message)


@functools.lru_cache(maxsize=8)
def _package(descriptor: Path, stamp: tuple):
    """The frictionless Package of one descriptor version.

    Safe to reuse: frictionless re-reads the CSVs (and lookup tables) on
    every ``validate()``.
    """
    import frictionless

    return frictionless.Package(str(descriptor))


def _as_data_error(error, path: Path, schema) -> DataError:
    """Translate a frictionless error into a DataError naming file, row and field."""
    row = getattr(error, "row_number", None)
    field = getattr(error, "field_name", None) or getattr(error, "label", None) or None
    if "#header" in error.tags:
        row = 1  # header errors carry no row number
    if error.type == "primary-key":
        message = f"duplicate primary key ({', '.join(schema.primary_key)}): {error.note}"
    elif error.type == "foreign-key":
        field = ", ".join(error.field_names)
        message = f"foreign key {error.note}"
    elif error.type == "constraint-error" and error.note.startswith('constraint "required"'):
        message = "a value is required, but the cell is empty or missing"
    elif error.type in {"type-error", "constraint-error"}:
        message = f'{error.note}, but value is "{error.cell}"'
    else:
        message = f"{error.title.lower()}: {error.note}" if error.note else error.message
    return DataError(path, row, field, message)


def _frame(path: Path, fields: list[dict]) -> pd.DataFrame:
    """Read a validated CSV and give each column the dtype its schema type implies."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    for f in fields:
        col, kind = f["name"], f["type"]
        if kind in ("integer", "year"):
            df[col] = pd.to_numeric(df[col]).astype("Int64")
        elif kind == "number":
            df[col] = pd.to_numeric(df[col]).astype("float64")
        elif kind == "date":
            df[col] = pd.to_datetime(df[col], format="%Y-%m-%d")
        elif kind == "datetime":
            df[col] = pd.to_datetime(df[col], format="ISO8601")
    return df
