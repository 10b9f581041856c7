"""Load the edition's CSVs, validated against ``data/datapackage.json``.

Every table the book uses goes through :func:`load_all` (or :func:`load`).
The whole package is checked before any table is returned, and the first
problem raises :class:`DataError`, one sentence naming the file, the row and
the field. Only valid tables are returned, as :class:`pandas.DataFrame`
with typed columns. The checks run in this order, so that the broken file is
the one blamed:

1. **each file on its own, as text**: it must decode as UTF-8 (frictionless
   would report an ``encoding-error`` with no row, or guess an encoding), be
   well-formed CSV separated by commas (a file saved with semicolons or tabs
   is named as such), have exactly the schema's columns and at least one row;
2. **each table against its schema** with the ``frictionless`` library
   (types, constraints, required values, primary key), foreign keys aside;
3. **the keys that span files** (foreign keys), once every table is valid.

A field marked ``"bibliographyKey": true`` in the descriptor (``source_key``,
``quoted_by_key``) must hold a key of ``references.bib``, the edition's
bibliography, found beside ``datapackage.json`` (the data zip's layout), in
the folder above it (the repository's and a downloaded notebook's), or else
the edition's own (a copy of ``data/`` elsewhere, as the tests make); its keys
become the field's ``enum`` when the table is checked, and a key that is not
there is named as such.

What spreadsheet programs and editors really write is accepted, as the same
data: a byte-order mark (Excel's "CSV UTF-8"), CRLF line endings, every
field quoted, blank lines at the end, no newline after the last line, and
spaces around a value. The text is normalised (no BOM, LF, trailing blank
lines dropped, cells trimmed) before it is validated and read; row numbers
stay those of the file.

Results are cached by the files' modification times, so repeated calls in
a notebook cost a ``stat`` per file and a DataFrame copy.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
import sys
import tempfile
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
    """Resource ``name`` of the data package, typed, once the whole package is valid.

    ``package`` is the path of a ``datapackage.json`` (default: the
    repository's). Integer and year columns come back as nullable ``Int64``,
    numbers as ``float64``, dates and datetimes as ``datetime64``, strings
    as strings with missing values as NA. Raises :class:`DataError`.
    """
    descriptor = Path(package or DATAPACKAGE).resolve()
    frames = _checked(descriptor)
    if name not in frames:
        raise DataError(descriptor, None, None, f"no resource named {name!r}")
    return frames[name].copy()


def load_all(package: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every resource of the data package, validated: ``{name: DataFrame}``."""
    descriptor = Path(package or DATAPACKAGE).resolve()
    return {name: frame.copy() for name, frame in _checked(descriptor).items()}


# --- internals -------------------------------------------------------------

# descriptor -> (stamps of the descriptor and all CSVs, {name: frame})
_CACHE: dict[Path, tuple[tuple, dict[str, pd.DataFrame]]] = {}


def _checked(descriptor: Path) -> dict[str, pd.DataFrame]:
    """Check the whole package (see the module's docstring) and read every table."""
    resources = _descriptor(descriptor)["resources"]
    paths = [descriptor.parent / r["path"] for r in resources]
    bibliographies = [
        folder / BIBLIOGRAPHY_NAME for folder in (descriptor.parent, descriptor.parent.parent, ROOT)
    ]
    stamps = tuple(_stamp(p) for p in [descriptor, *paths, *bibliographies])
    cached = _CACHE.get(descriptor)
    if cached is None or cached[0] != stamps:
        texts = {
            r["name"]: _normalised(path, [f["name"] for f in r["schema"]["fields"]])
            for r, path in zip(resources, paths, strict=True)
        }
        _validate(descriptor, texts)
        frames = {r["name"]: _frame(texts[r["name"]], r["schema"]["fields"]) for r in resources}
        cached = _CACHE[descriptor] = (stamps, frames)
    return cached[1]


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
        raise DataError(descriptor, None, None, f"the descriptor is not valid JSON ({exc})") from exc


#: Delimiters a spreadsheet may have used instead of the comma, and their names.
OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _normalised(path: Path, fields: list[str]) -> str:
    """The CSV as text that frictionless and pandas read alike; DataError if it cannot be.

    Accepts a BOM, CRLF, quoted fields, trailing blank lines, a missing final
    newline and spaces around values; refuses a wrong encoding or delimiter,
    malformed CSV, other columns than the schema's, and a file without rows.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(path, None, None, f"cannot read the file ({exc.strerror})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        message = (
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}): "
            'save it as UTF-8 (in Excel: "CSV UTF-8")'
        )
        raise DataError(path, row, None, message) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DataError(path, 1, None, "the file is empty; it needs the header " + ",".join(fields))
    rows: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), strict=True):
            rows.append(record)
    except csv.Error as exc:  # e.g. an unclosed or stray quote
        raise DataError(path, len(rows) + 1, None, f"malformed CSV: {exc}") from exc
    while rows and not any(cell.strip() for cell in rows[-1]):  # blank lines at the end
        rows.pop()
    header = [cell.strip() for cell in rows[0]]
    if header != fields:
        _header_error(path, header, fields)
    if len(rows) == 1:
        raise DataError(path, None, None, "the file has its header but no rows of data")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[cell.strip() for cell in row] for row in rows])
    return out.getvalue()


def _header_error(path: Path, header: list[str], fields: list[str]) -> None:
    """Raise the DataError that says best what is wrong with a header."""
    if len(header) == 1:
        for delimiter, name in OTHER_DELIMITERS.items():
            if delimiter in header[0] and {h.strip() for h in header[0].split(delimiter)} & set(fields):
                raise DataError(
                    path,
                    1,
                    None,
                    f"the columns are separated by {name}, not commas: save the file as comma-separated CSV",
                )
    missing = [f for f in fields if f not in header]
    extra = [h for h in header if h not in fields]
    if missing:
        raise DataError(path, 1, missing[0], "column missing from the header")
    if extra:
        raise DataError(path, 1, extra[0], "column not in the schema")
    raise DataError(path, 1, None, f"columns out of order: expected {','.join(fields)}")


#: The bibliography a ``bibliographyKey`` field refers to, looked for beside the descriptor, then above it.
BIBLIOGRAPHY_NAME = "references.bib"


def bibliography_path(descriptor: Path) -> Path:
    """The ``references.bib`` of a data package (see the module's docstring); DataError if there is none."""
    for folder in (descriptor.parent, descriptor.parent.parent, ROOT):
        if (folder / BIBLIOGRAPHY_NAME).is_file():
            return folder / BIBLIOGRAPHY_NAME
    raise DataError(
        descriptor,
        None,
        None,
        f"no {BIBLIOGRAPHY_NAME} beside it, above it or in the edition: the source keys cannot be checked",
    )


def _bibliography_fields(res: dict) -> set[str]:
    return {f["name"] for f in res["schema"]["fields"] if f.get("bibliographyKey")}


def _validate(descriptor: Path, texts: dict[str, str]) -> None:
    """frictionless on the normalised tables: each on its own first, then the foreign keys.

    Skipped in the page's own Python (Pyodide, ``sys.platform == "emscripten"``),
    where frictionless cannot be installed (it needs rpds-py, which has no
    WebAssembly build): the page loads the files this build validated, and
    the checks of step 1 and the typed reading still run there.
    """
    if sys.platform == "emscripten":
        return
    import frictionless  # imported lazily: it costs ~0.5 s and is only needed on a cache miss

    from kzedition import bibliography

    package = copy.deepcopy(_descriptor(descriptor))
    if any(_bibliography_fields(res) for res in package["resources"]):
        path = bibliography_path(descriptor)
        try:
            keys = sorted(bibliography.works(path))
        except bibliography.BibliographyError as exc:
            raise DataError(path, None, None, str(exc)) from exc
        for res in package["resources"]:
            for f in res["schema"]["fields"]:
                if f.get("bibliographyKey"):
                    f.setdefault("constraints", {})["enum"] = keys
    with tempfile.TemporaryDirectory(prefix="kzedition-data-") as tmp:
        for res in package["resources"]:
            target = Path(tmp) / res["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(texts[res["name"]], encoding="utf-8")
        (Path(tmp) / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
        try:
            for res in package["resources"]:  # each table on its own
                alone = copy.deepcopy(res)
                alone["schema"].pop("foreignKeys", None)
                _raise_first(frictionless.Resource(alone, basepath=tmp), descriptor, res)
            spanning = frictionless.Package(str(Path(tmp) / "datapackage.json"))
            for res in package["resources"]:  # the keys that span files
                if res["schema"].get("foreignKeys"):
                    _raise_first(spanning.get_resource(res["name"]), descriptor, res)
        except frictionless.FrictionlessException as exc:
            raise DataError(descriptor, None, None, f"the descriptor is not valid: {exc}") from exc


def _raise_first(resource, descriptor: Path, res: dict) -> None:
    """Validate one frictionless resource; raise its first error as a DataError."""
    report = resource.validate(limit_errors=1)
    for task in report.tasks:
        for error in task.errors:
            raise _as_data_error(
                error, descriptor.parent / res["path"], resource.schema, _bibliography_fields(res)
            )
    for error in report.errors:  # descriptor-level problems
        raise DataError(descriptor, None, None, error.message)


def _as_data_error(error, path: Path, schema, bibliography_fields: set[str] = frozenset()) -> DataError:
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
    elif (
        error.type == "constraint-error"
        and error.note.startswith('constraint "enum"')
        and field in bibliography_fields
    ):
        message = (
            f'"{error.cell}" is not a key of {BIBLIOGRAPHY_NAME}: cite a work of it, or add its entry there'
        )
    elif error.type in {"type-error", "constraint-error"}:
        message = f'{error.note}, but value is "{error.cell}"'
    else:
        message = f"{error.title.lower()}: {error.note}" if error.note else error.message
    return DataError(path, row, field, message)


def _frame(text: str, fields: list[dict]) -> pd.DataFrame:
    """Read a validated, normalised CSV and give each column the dtype its schema type implies."""
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
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
