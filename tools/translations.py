"""The translated editions' catalogs: checked before every build, updated by ``make translations``.

Two kinds of catalog, both under ``locales/<lang>/LC_MESSAGES/``:

- one per page (``chapters/kazakhstan.po``, …), made by Sphinx's gettext
  builder and ``sphinx-intl update``: the pages' text, which Sphinx translates;
- ``kzedition.po``: the package's own words (chart titles, table headers,
  labels of the edition's controls, the table of contents' captions),
  marked ``_("…")`` (or ``N_("…")``) in ``kzedition/`` (:mod:`kzedition.i18n`) and compiled into
  ``kzedition/locale/<lang>/LC_MESSAGES/kzedition.mo``, which the package reads
  with the standard library wherever it runs (a notebook, Pyodide).

:func:`check` (before Sphinx starts; ``make book``) stops the build with
:class:`TranslationError` naming the file and the message when a message is
untranslated or fuzzy, when a translation's roles (pasted values
``{glue:text}``, footnote marks, glossary and cross-references, link targets)
differ from its English message's, or when the compiled package catalog is not
the one its ``.po`` gives. A page's message that no catalog holds yet (a new
English paragraph) is caught during the build by
:mod:`kzedition.sphinxext.languages`.

``python -m tools.translations update`` (``make translations``) extracts the
messages again and merges them into every catalog: new ones come in empty,
changed ones fuzzy, so the next build names them until they are translated.
"""

from __future__ import annotations

import argparse
import io
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
        po, mo = package_catalog(lang, root)
        if not mo.is_file() or mo.read_bytes() != compiled(po, root):
            raise TranslationError(
                f"{mo.relative_to(root)} is not compiled from {po.relative_to(root)}: run make translations"
            )


# --- make translations -----------------------------------------------------------


def toc_captions(root: Path = ROOT) -> list[str]:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return [part["caption"] for part in toc.get("parts") or [] if "caption" in part]


def package_template(root: Path = ROOT):
    """The package's messages: ``_()``/``ngettext()`` in ``kzedition/``, and the TOC's captions."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    template = Catalog(project="kzedition", fuzzy=False)
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    method_map = [("**/run_static/**", "ignore"), ("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        root / "kzedition", method_map=method_map, keywords=keywords
    ):
        template.add(
            message, None, [(f"kzedition/{filename}", lineno)], auto_comments=comments, context=context
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


def update(languages: list[str], root: Path = ROOT) -> None:
    """Extract the pages' and the package's messages and merge them into each language's catalogs."""
    from babel.messages.pofile import read_po, write_po

    gettext_dir = root / "_build" / "gettext"
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [str(bin_dir / "jupyter-book"), "build", str(root), "--builder", "custom",
         "--custom-builder", "gettext", "--path-output", str(root)],
        check=True,
    )  # fmt: skip
    template = package_template(root)
    for lang in languages:
        if lang == i18n.DEFAULT:
            continue
        subprocess.run(
            [str(bin_dir / "sphinx-intl"), "update", "-p", str(gettext_dir), "-l", lang, "-d", str(root / LOCALES)],
            check=True,
        )  # fmt: skip
        po, mo = package_catalog(lang, root)
        if po.is_file():
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=lang, project="kzedition")
        catalog.update(template, update_header_comment=False)
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as handle:
            write_po(handle, catalog, width=100, ignore_obsolete=True, sort_output=True, include_lineno=False)
        mo.parent.mkdir(parents=True, exist_ok=True)
        mo.write_bytes(compiled(po, root))
        print(f"{po.relative_to(root)}: {len(catalog)} messages; compiled {mo.relative_to(root)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.translations", description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("check", "update", "compile"))
    args = parser.parse_args(argv)
    languages = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT]
    if args.action == "update":
        update(languages)
    elif args.action == "compile":
        for lang in languages:
            po, mo = package_catalog(lang)
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
