"""The translated editions' catalogs: checked before every build, updated by ``make translations``.

Two kinds of catalog, both under ``locales/<lang>/LC_MESSAGES/``:

- one per page (``chapters/kazakhstan.po``, …), made by Sphinx's gettext
  builder and ``sphinx-intl update``: the pages' text, which Sphinx translates;
- ``kzedition.po``: the package's own words (chart titles, table headers,
  labels of the edition's controls, the table of contents' captions),
  marked ``_("…")`` (or ``N_("…")``) in ``kzedition/`` (:mod:`kzedition.i18n`) and compiled into
  ``kzedition/locale/<lang>/LC_MESSAGES/kzedition.mo``, which the package reads
  with the standard library wherever it runs (a notebook, Pyodide);
- ``kzedition-data.po``: the data's reader-facing texts (an event of the
  timeline, what a copy consulted is, a claim's note, a resource's title),
  the fields :data:`DATA_TEXTS` declares, extracted by :func:`data_template`
  and read by :func:`kzedition.i18n.data_text` from
  ``kzedition/locale/<lang>/LC_MESSAGES/kzedition-data.mo``.

:func:`check` (before Sphinx starts; ``make book``) stops the build with
:class:`TranslationError` naming the file and the message when a message is
untranslated or fuzzy, when a translation's roles (pasted values
``{glue:text}``, footnote marks, glossary and cross-references, link targets)
differ from its English message's, or when the compiled package catalog is not
the one its ``.po`` gives, and when a text of the data (:data:`DATA_TEXTS`) has
no translation in ``kzedition-data.po`` (:func:`check_data`). A page's message that no catalog holds yet (a new
English paragraph) is caught during the build by
:mod:`kzedition.sphinxext.languages`.

``python -m tools.translations update`` (``make translations``) extracts the
messages again and merges them into every catalog: new ones come in empty,
changed ones fuzzy, so the next build names them until they are translated.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

from kzedition import i18n
from kzedition.paths import ROOT

LOCALES = "locales"
#: What a translation must carry over from its message unchanged: pasted values, footnote
#: marks, the targets of glossary terms, cross-references, citations and links.
ROLE = re.compile(r"\{glue(?::\w+)?\}`[^`]*`|\[\^[\w-]+\]")
TARGETED = re.compile(r"\{(?P<role>term|ref|doc|numref|cite(?::\w+)?)\}`(?P<body>[^`]*)`")
#: An exercise's title, the argument of sphinx-exercise's directive (not in the pages' catalogs).
EXERCISE_TITLE = re.compile(r"^[`:]{3,}\{exercise\}[ \t]+(.+)$", re.MULTILINE)
#: A hidden cell's own prompt in its metadata (``code_prompt_show: "How this figure is computed"``).
CELL_PROMPT = re.compile(r"^\s*code_prompt_(?:show|hide):\s*\"([^\"]+)\"", re.MULTILINE)
LINK_TARGET = re.compile(r"\]\((?P<target>[^)\s]+)\)|href=\"(?P<href>[^\"]*)\"")


#: The data's texts a reader sees, translated through the ``kzedition-data`` catalog (the one
#: place that says so): ``(file, field, rows)``. ``field`` is a column of a CSV file or of a
#: list of mappings (``text/claims.yml``; in ``text/repairs.yml``, of every repair, by line),
#: or ``resources/<key>`` of the data package's
#: resources; ``rows`` keeps only the rows whose column has one of the values given. Every other
#: value (numbers, dates, names, keys, addresses, quotations) is shown as the data give it.
DATA_TEXTS: tuple[tuple[str, str, dict[str, tuple[str, ...]] | None], ...] = (
    ("data/events.csv", "event", None),
    ("data/events.csv", "source_note", None),
    ("data/copies_consulted.csv", "what_it_is", None),
    ("data/publication.csv", "value", {"field": ("place", "publisher", "printer", "licence")}),
    ("data/datapackage.json", "resources/title", None),
    ("text/claims.yml", "section", None),
    ("text/claims.yml", "note", None),
    ("text/repairs.yml", "note", None),
    ("references.bib", "institution", None),  # a body as author, editor or institution: {World Bank}
    ("references.bib", "supplied_title", None),  # a [title] the edition supplied
    ("references.bib", "note", None),
    ("references.bib", "address", None),  # where a work was published: a place
    ("references.bib", "publisher", None),
)


class TranslationError(ValueError):
    """A translation catalog the build cannot use (the message names the file and the message)."""


def carried(text: str) -> Counter:
    """The roles, marks and targets of ``text`` that its translation must keep (a multiset)."""
    found = Counter(ROLE.findall(text))
    for m in TARGETED.finditer(text):
        target = re.search(r"<([^<>]*)>$", m["body"])
        found[f"{{{m['role']}}}{target.group(1) if target else m['body']}"] += 1
    for m in LINK_TARGET.finditer(text):
        found[f"link:{m['target'] or m['href']}"] += 1
    return found


def _words(text: str, n: int = 10) -> str:
    return " ".join(text.split()[:n]) + ("…" if len(text.split()) > n else "")


def _read(path: Path, root: Path):
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as handle:
            return read_po(handle, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError) as exc:
        raise TranslationError(f"{path.relative_to(root)}: not a valid PO file ({exc})") from exc


def check_catalog(path: Path, root: Path = ROOT) -> None:
    """One ``.po`` file: every message translated, none fuzzy, each keeping its roles."""
    shown = path.relative_to(root)
    for message in _read(path, root):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            raise TranslationError(f"{shown}: the message {_words(ids[0])!r} is not translated")
        if message.fuzzy:
            raise TranslationError(
                f"{shown}: the translation of {_words(ids[0])!r} is marked fuzzy (its English "
                "message changed): check it and remove the 'fuzzy' flag"
            )
        want, got = carried(ids[0]), carried(strings[0])
        if want != got:
            missing, extra = sorted((want - got).elements()), sorted((got - want).elements())
            raise TranslationError(
                f"{shown}: the translation of {_words(ids[0])!r} does not keep the message's roles"
                + (f"; missing {', '.join(missing)}" if missing else "")
                + (f"; not in the message {', '.join(extra)}" if extra else "")
            )
        if path.name.startswith(i18n.DOMAIN):  # the package's and the data's catalogs
            _check_placeholders(shown, ids[0], strings)


#: A placeholder of ``str.format`` in the package's messages: ``{works}``, ``{n}``.
PLACEHOLDER = re.compile(r"\{\w*\}")


def _check_placeholders(shown: Path, message: str, strings: tuple[str, ...]) -> None:
    """Each translation (each plural form) keeps the message's ``{placeholders}``, no more."""
    want = sorted(PLACEHOLDER.findall(message))
    for string in strings:
        if sorted(PLACEHOLDER.findall(string)) != want:
            raise TranslationError(
                f"{shown}: the translation {_words(string)!r} of {_words(message)!r} must keep "
                f"the placeholders {', '.join(want) or '(none)'} as they are"
            )


def compiled(po: Path, root: Path = ROOT) -> bytes:
    """The ``.mo`` bytes of a catalog (Babel's compiler: the same bytes for the same catalog)."""
    from babel.messages.mofile import write_mo

    out = io.BytesIO()
    write_mo(out, _read(po, root))
    return out.getvalue()


def package_catalog(lang: str, root: Path = ROOT) -> tuple[Path, Path]:
    """``(the .po, the compiled .mo)`` of the package's own words in ``lang``."""
    po = root / LOCALES / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    mo = root / "kzedition" / "locale" / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    return po, mo


def _data_rows(path: Path, field: str) -> list[tuple[str, dict]]:
    """``(row, record)`` of a data file, ``row`` as messages name it: a CSV's line (header = 1),
    a resource's, a claim's or a bibliography entry's name."""
    if path.suffix == ".bib":
        return _bibliography_rows(path)
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return [(f"row {n}", r) for n, r in enumerate(csv.DictReader(handle), start=2)]
    if path.suffix == ".json":
        key = field.split("/")[0]
        return [(f"{key} {r['name']}", r) for r in json.loads(path.read_text(encoding="utf-8"))[key]]
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(entries, list):
        return [(f"entry {n} ({e['id']})", e) for n, e in enumerate(entries, start=1)]
    found: list[tuple[str, dict]] = []

    def walk(node) -> None:  # the repairs: every mapping with a line number, at any depth
        if isinstance(node, dict):
            if "line" in node:
                found.append((f"line {node['line']}", node))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(entries)
    return found


def _bibliography_rows(path: Path) -> list[tuple[str, dict]]:
    """The bibliography's texts the edition wrote or that name a body or place: each entry's
    ``note``, supplied ``[title]``, ``address`` and ``publisher``, and each of its bodies (its
    ``institution``, :attr:`kzedition.bibliography.Work.institutions`)."""
    from kzedition import bibliography

    rows = []
    for key, work in bibliography.parse(path.read_text(encoding="utf-8"), path.name).items():
        record = {f: work.fields.get(f) for f in ("note", "address", "publisher")}
        record["supplied_title"] = work.fields["title"] if work.supplied else None
        rows.append((f"entry {key}", record))
        bodies = [*work.institutions, *([work.fields["institution"]] if "institution" in work.fields else [])]
        rows += [(f"entry {key}", {"institution": name}) for name in bodies]
    return rows


def data_texts(root: Path = ROOT) -> list[tuple[str, str, str, str]]:
    """Every translatable text of the data (:data:`DATA_TEXTS`): ``(file, row, field, text)``."""
    out = []
    for name, field, rows in DATA_TEXTS:
        column = field.split("/")[-1]
        for row, record in _data_rows(root / name, field):
            if rows and any(record.get(k) not in wanted for k, wanted in rows.items()):
                continue
            text = record.get(column)
            if isinstance(text, str) and text.strip():
                out.append((name, row, column, text))
    return out


def data_catalog(lang: str, root: Path = ROOT) -> tuple[Path, Path]:
    """``(the .po, the compiled .mo)`` of the data's texts in ``lang``."""
    po = root / LOCALES / lang / "LC_MESSAGES" / f"{i18n.DATA_DOMAIN}.po"
    mo = root / "kzedition" / "locale" / lang / "LC_MESSAGES" / f"{i18n.DATA_DOMAIN}.mo"
    return po, mo


def check_data(lang: str, root: Path = ROOT) -> None:
    """Every text of :data:`DATA_TEXTS` has a message in ``lang``'s data catalog (whose
    translations :func:`check_catalog` checks); raise :class:`TranslationError` naming the
    file, the row and the field of the first that has none."""
    po, _mo = data_catalog(lang, root)
    if not po.is_file():
        raise TranslationError(f"{po.relative_to(root)} is missing: run python -m tools.translations update")
    held = {m.id for m in _read(po, root) if m.id}
    for name, row, field, text in data_texts(root):
        if text not in held:
            raise TranslationError(
                f"{name}, {row}, field {field!r}: {_words(text)!r} has no translation in "
                f"{po.relative_to(root)} (python -m tools.translations update, then translate it)"
            )


def check(languages: list[str], root: Path = ROOT) -> None:
    """Every catalog of each translated language in ``languages`` (see the module docstring)."""
    for lang in languages:
        if lang == i18n.DEFAULT:
            continue
        folder = root / LOCALES / lang / "LC_MESSAGES"
        catalogs = sorted(folder.rglob("*.po"))
        if not catalogs:
            raise TranslationError(f"{folder.relative_to(root)}: no catalogs for the {lang} edition")
        for path in catalogs:
            check_catalog(path, root)
        check_data(lang, root)
        for po, mo in (package_catalog(lang, root), data_catalog(lang, root)):
            if not mo.is_file() or mo.read_bytes() != compiled(po, root):
                raise TranslationError(
                    f"{mo.relative_to(root)} is not compiled from {po.relative_to(root)}: run make translations"
                )


# --- make translations -----------------------------------------------------------


def toc_captions(root: Path = ROOT) -> list[str]:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return [part["caption"] for part in toc.get("parts") or [] if "caption" in part]


def package_template(root: Path = ROOT):
    """The package's messages: ``_()``/``ngettext()`` in ``kzedition/`` (and in ``tools/pdf.py``,
    the PDF's metadata), the scripts' ``kzT()``, the TOC's captions, exercise titles, cells' prompts."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    template = Catalog(project="kzedition", fuzzy=False)
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    method_map = [("**/run_static/**", "ignore"), ("**.py", "python")]
    for folder, files in (("kzedition", method_map), ("tools", [("pdf.py", "python"), ("**", "ignore")])):
        for filename, lineno, message, comments, context in extract_from_dir(
            root / folder, method_map=files, keywords=keywords
        ):
            template.add(
                message, None, [(f"{folder}/{filename}", lineno)], auto_comments=comments, context=context
            )
    for caption in toc_captions(root):
        template.add(caption, None, [("_toc.yml", 0)])
    from kzedition.sphinxext.languages import script_messages  # the scripts' kzT("…")

    for message in script_messages():
        template.add(message, None, [("kzedition/sphinxext (scripts)", 0)])
    for page in sorted((root / "chapters").glob("*.md")):  # kzedition.sphinxext.languages
        text = page.read_text(encoding="utf-8")
        for found in [*EXERCISE_TITLE.findall(text), *CELL_PROMPT.findall(text)]:
            template.add(found.strip(), None, [(f"chapters/{page.name}", 0)])
    return template


def data_template(root: Path = ROOT):
    """The data's messages: every text of :data:`DATA_TEXTS`, each with the files and rows it is in."""
    from babel.messages.catalog import Catalog

    template = Catalog(project="kzedition-data", fuzzy=False)
    for name, row, field, text in data_texts(root):
        template.add(text, None, [(f"{name}:{field}", 0)], auto_comments=[row])
    return template


def merge(po: Path, template, lang: str, root: Path = ROOT) -> int:
    """Merge ``template`` into the catalog ``po`` (new messages empty, changed ones fuzzy,
    dropped ones removed), write it sorted and compile it next to the package; its size."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    if po.is_file():
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
    else:
        catalog = Catalog(locale=lang, project=template.project, fuzzy=False)
    catalog.update(template, update_header_comment=False)
    po.parent.mkdir(parents=True, exist_ok=True)
    with po.open("wb") as handle:
        write_po(handle, catalog, width=100, ignore_obsolete=True, sort_output=True, include_lineno=False)
    mo = root / "kzedition" / "locale" / lang / "LC_MESSAGES" / po.with_suffix(".mo").name
    mo.parent.mkdir(parents=True, exist_ok=True)
    mo.write_bytes(compiled(po, root))
    return len(catalog)


def update(languages: list[str], root: Path = ROOT) -> None:
    """Extract the pages', the package's and the data's messages and merge them into each
    language's catalogs."""
    gettext_dir = root / "_build" / "gettext"
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [str(bin_dir / "jupyter-book"), "build", str(root), "--builder", "custom",
         "--custom-builder", "gettext", "--path-output", str(root)],
        check=True,
    )  # fmt: skip
    templates = ((package_catalog, package_template(root)), (data_catalog, data_template(root)))
    for lang in languages:
        if lang == i18n.DEFAULT:
            continue
        subprocess.run(
            [str(bin_dir / "sphinx-intl"), "update", "-p", str(gettext_dir), "-l", lang, "-d", str(root / LOCALES)],
            check=True,
        )  # fmt: skip
        for paths, template in templates:
            po, mo = paths(lang, root)
            size = merge(po, template, lang, root)
            print(f"{po.relative_to(root)}: {size} messages; compiled {mo.relative_to(root)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.translations", description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("check", "update", "compile"))
    args = parser.parse_args(argv)
    languages = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT]
    if args.action == "update":
        update(languages)
    elif args.action == "compile":
        for lang in languages:
            for po, mo in (package_catalog(lang), data_catalog(lang)):
                mo.parent.mkdir(parents=True, exist_ok=True)
                mo.write_bytes(compiled(po))
    try:
        check(languages)
    except TranslationError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
