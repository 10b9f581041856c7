"""The one way the book is built: ``python -m tools.build`` (``make book``).

Every build of the project goes through :func:`build_book`, which runs
``jupyter-book build`` strictly (``-W -n --keep-going``: any warning fails
the build): ``make book`` and the test suite's session build (both through
:func:`build_site`), the reproducible-build check, the chapter template's
test, the benchmarks and the EPUB edition (:mod:`tools.epub`, with
``builder="epub"``). The single-page build of the PDF edition runs
Sphinx in-process instead (:mod:`tools.pdf` says why) and shares
:func:`refresh`.

:func:`build_site`, what ``make book`` runs, adds three things:

1. **The data first, in a step of its own.** The data package and the
   claims ledger are checked before Sphinx starts; a broken file stops the
   build with one sentence naming the file, row and field.
2. **A staging folder.** The book is built in ``_build/staging/`` (with its
   caches) and copied to ``_build/html`` only when the build succeeded, so
   a failed build never leaves a half-new site, and the last good one stays
   whole.
3. **The cause last.** When the build fails, its last lines say why (the
   edition's error, a cell's own error or the first warning), not Sphinx's
   banner, and point to where to look.

**Stale caches.** Jupyter Book's execution cache is keyed on code cells
only, and Sphinx re-reads a page only when its source file changes, so a
change to ``data/`` (or to the data ``KZEDITION_DATAPACKAGE`` points at), to
the ``kzedition`` package, to ``text/`` or to the pinned requirements would
otherwise be rendered from stale outputs. :func:`refresh` compares a
fingerprint of those inputs with the one stored beside the cache and, when
they differ, removes both the execution cache and the doctrees.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from kzedition.paths import ROOT

INPUTS = ("data", "figures", "kzedition", "text", "requirements.txt", "requirements-dev.txt")
CACHES = (".jupyter_cache", ".doctrees")
STRICT = ("-W", "-n", "--keep-going")
STAGING = "staging"  #: under the build folder: jupyter-book's own ``_build`` (site and caches)

HINTS = {
    "DataError": "Each file's columns, types and sources: data/README.md and data/datapackage.json.",
    "ClaimDrift": "Every printed figure, its sentence and its source rows: text/claims.yml "
    "(the claims ledger page shows the same).",
    "SettingError": "The settings and the forms they take: README.md, 'Addresses and switches'.",
    "InputError": "The book's files and what they hold: README.md, 'Layout'.",
    "TranslationError": "The Russian edition's catalogs and their rules: locales/ru/README.md "
    "(CONTRIBUTING, 'Translating').",
    "RuntimeUnavailableError": "What the browser loads for the Run control: requirements-pyodide.yml "
    "(README, 'The in-page Python').",
    "other": "The full log is above.",
}
#: The largest data file a build accepts: the edition's tables are a few KB, and
#: a table's rows are embedded in the pages and charts that use it.
MAX_DATA_BYTES = 1_000_000


class InputError(ValueError):
    """A file the build reads (``_toc.yml``, a page it lists, a data file's size) cannot be used."""


def fingerprint(root: Path = ROOT, environ: dict | None = None) -> str:
    """SHA-256 over the paths and bytes of every file the cells depend on.

    Includes ``KZEDITION_DATAPACKAGE`` and the files of the folder it points
    at, so a build pointed at other data never reuses outputs of this data.
    """
    environ = os.environ if environ is None else environ
    digest = hashlib.sha256()
    folders = [root / name for name in INPUTS]
    other = environ.get("KZEDITION_DATAPACKAGE")
    if other:
        digest.update(f"KZEDITION_DATAPACKAGE={other}".encode())
        folders.append(Path(other).resolve().parent)
    for base in folders:
        files = sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else [base]
        for path in files:
            if "__pycache__" in path.parts or not path.exists():
                continue
            name = path.relative_to(root) if path.is_relative_to(root) else path  # the other data: absolute
            digest.update(str(name).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def refresh(build_dir: Path, environ: dict | None = None) -> bool:
    """Remove the caches under ``build_dir`` if the inputs changed; True if removed."""
    key_file = build_dir / ".inputs-sha256"
    key = fingerprint(environ=environ)
    stale = not key_file.exists() or key_file.read_text().strip() != key
    if stale:
        for cache in CACHES:
            shutil.rmtree(build_dir / cache, ignore_errors=True)
        build_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(key + "\n")
    return stale


def build_book(
    src: Path = ROOT,
    out: Path | None = None,
    config: Path | None = None,
    env: dict | None = None,
    echo: bool = False,
    builder: str | None = None,
    toc: Path | None = None,
) -> subprocess.CompletedProcess:
    """Build the book in ``src`` strictly, into ``out/_build`` (default ``src/_build``).

    ``config`` replaces ``_config.yml`` and ``toc`` ``_toc.yml`` (another
    edition's: :mod:`tools.editions`); ``env`` is added to the environment
    (e.g. ``EDITION_SITE_URL``). ``builder`` names another Sphinx builder
    than HTML (``"epub"``: ``--builder custom --custom-builder epub``), whose
    output lands in ``out/_build/<builder>``. The output is returned in
    ``stdout`` (stderr merged into it), and also printed as it comes with ``echo``.
    """
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(src), *STRICT]
    if builder is not None:
        command += ["--builder", "custom", "--custom-builder", builder]
    if out is not None:
        command += ["--path-output", str(out)]
    if config is not None:
        command += ["--config", str(config)]
    if toc is not None:
        command += ["--toc", str(toc)]
    with subprocess.Popen(
        command,
        cwd=src,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    ) as proc:
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if echo:
                print(line, end="", flush=True)
    return subprocess.CompletedProcess(command, proc.returncode, "".join(lines), "")


# --- make book ----------------------------------------------------------------

#: An exception line of a traceback: ``kzedition.claims.ClaimDrift: ...``, ``ValueError: ...``.
EXCEPTION = re.compile(
    r"^(?:[\w.]+\.)?(?P<kind>[A-Z]\w*(?:Error|Exception|Drift|Interrupt|Exit))(?::\s*(?P<message>.*))?$"
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: Exceptions that only wrap the cause (the build's, Sphinx's, myst-nb's).
WRAPPERS = ("RuntimeError", "CellExecutionError", "ExtensionError", "ExecutionError")
#: How nbclient introduces a failing cell, and how myst-nb names its page.
CELL_FAILED = "An error occurred while executing the following cell:"
PAGE_FAILED = re.compile(r"^(?P<page>\S+\.(?:md|ipynb)): WARNING: Executing notebook failed")
CELL_RULE = "------------------"
#: IPython's frame of code run from a page (kzedition.prose runs the chapter's cells so).
PAGE_FRAME = re.compile(r"^File (?P<page>[^,\s]+\.(?:md|ipynb)), code cell (?P<cell>\d+):(?P<line>\d+)")


def _exception_at(lines: list[str], i: int, m: re.Match) -> tuple[str, str]:
    """``(kind, message)`` of the exception line ``i``, with the lines its message runs on."""
    message = [m["message"]]
    for line in lines[i + 1 :]:  # a message that runs on (ClaimDrift lists each claim)
        if not line.strip() or EXCEPTION.match(line.strip()) or line.startswith(("Traceback", "  File ")):
            break
        message.append(line.strip())
    return m["kind"], "\n  ".join(part for part in message if part)


def _shown_path(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path


def _failed_cell(lines: list[str], root: Path) -> tuple[str, str] | None:
    """The first failing cell of the log: its page, the cell's first line and its exception."""
    start = next((i for i, line in enumerate(lines) if CELL_FAILED in line), None)
    if start is None:
        return None
    page = next(
        (m["page"] for line in reversed(lines[:start]) if (m := PAGE_FAILED.match(line.strip()))),
        "a page",
    )
    rules = [i for i in range(start + 1, len(lines)) if lines[i].strip() == CELL_RULE][:2]
    if len(rules) < 2:
        return None
    first = next((line.strip() for line in lines[rules[0] + 1 : rules[1]] if line.strip()), "")
    end = next(
        (
            i
            for i in range(rules[1], len(lines))
            if lines[i].startswith(("Traceback (most recent", "Exception occurred"))
        ),
        len(lines),
    )
    found = [
        (i, m)
        for i in range(rules[1] + 1, end)
        if (m := EXCEPTION.match(lines[i].strip())) and m["message"] is not None
    ]
    if not found:
        return None
    kind, message = _exception_at(lines, *found[-1])
    frames = [m for line in lines[rules[1] : end] if (m := PAGE_FRAME.match(line.strip()))]
    raised = (
        f" (raised by {frames[-1]['page']}, code cell {frames[-1]['cell']}, line {frames[-1]['line']})"
        if frames
        else ""
    )
    shown = first if len(first) <= 80 else first[:77] + "..."
    return kind, f"{_shown_path(page, root)}, in the cell that begins “{shown}”: {kind}: {message}{raised}"


def find_cause(log: str, root: Path = ROOT) -> tuple[str, str]:
    """``(kind, message)``: why a build failed, from its log.

    A failing cell first: its page, the cell's first line and its exception
    (the chapter's own code, run from another page, named too); then the
    edition's own errors (``DataError``, ``ClaimDrift``), with the lines
    their message runs on; then the last exception that is not a wrapper;
    then the first warning (the build is strict).
    """
    lines = [ANSI.sub("", line).rstrip() for line in log.splitlines()]
    cell = _failed_cell(lines, root)
    if cell is not None:
        return cell
    found = [(i, EXCEPTION.match(line.strip())) for i, line in enumerate(lines)]
    found = [(i, m) for i, m in found if m and m["message"] is not None]
    own = [(i, m) for i, m in found if m["kind"] in ("DataError", "ClaimDrift")]
    for i, m in own[-1:] or [(i, m) for i, m in found if m["kind"] not in WRAPPERS][-1:]:
        return _exception_at(lines, i, m)
    warnings = [line for line in lines if "WARNING:" in line and "IPKernelApp" not in line]
    if warnings:
        return "warning", warnings[0].strip()
    return "other", "the build failed; see the log above"


def stopped(kind: str, message: str, site: Path) -> str:
    """The block ``make book`` ends with when the build stops: the cause, where to look, the site."""
    hint = HINTS.get(kind, HINTS["other"])
    last = (
        f"The last good site is unchanged in {site}."
        if (site / "index.html").exists()
        else "No site was built."
    )
    return f"\nBuild stopped: {message}\n{hint}\n{last}\n"


def check_toc(root: Path = ROOT) -> list[str]:
    """The pages ``_toc.yml`` lists, each an existing file; :class:`InputError` naming the entry if not."""
    import yaml

    path = root / "_toc.yml"
    try:
        toc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"_toc.yml: cannot be read ({exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"_toc.yml{line}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from exc
    if not isinstance(toc, dict) or not isinstance(toc.get("root"), str):
        raise InputError("_toc.yml: it needs 'root: <page>' and the parts or chapters of the book")
    pages = [("root", toc["root"])]

    def walk(entries, where: str) -> None:
        if entries is None:
            return
        if not isinstance(entries, list):
            raise InputError(f"_toc.yml, {where}: a list of entries (- file: <page>) is expected")
        for n, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict):
                raise InputError(f"_toc.yml, {where}, entry {n}: an entry is '- file: <page>'")
            if "file" in entry:
                pages.append((f"{where}, entry {n}", entry["file"]))
            walk(entry.get("sections"), f"{where}, entry {n}, sections")
            walk(entry.get("chapters"), f"{where}, entry {n}, chapters")

    for n, part in enumerate(toc.get("parts") or [], start=1):
        if not isinstance(part, dict):
            raise InputError(f"_toc.yml, part {n}: a part is 'caption:' and 'chapters:'")
        walk(part.get("chapters"), f"part {n}")
    walk(toc.get("chapters"), "chapters")
    for where, page in pages:
        if not isinstance(page, str) or not any(
            (root / page).with_suffix(ext).is_file() for ext in (".md", ".ipynb")
        ):
            raise InputError(f"_toc.yml, {where}, field 'file': no page {page!r} (a .md or .ipynb file)")
    return [page for _, page in pages]


def check_sizes(files: list[Path], limit: int = MAX_DATA_BYTES) -> None:
    """Refuse a data file far larger than the edition's (:data:`MAX_DATA_BYTES`), naming its size."""
    for path in files:
        size = path.stat().st_size if path.is_file() else 0
        if size > limit:
            raise InputError(
                f"{_shown_path(str(path), ROOT)} is {size / 1e6:.1f} MB, far larger than the edition's "
                f"data files (at most {limit / 1e6:.0f} MB each): its rows would be embedded in the pages "
                "that use it; aggregate or split it"
            )


def check_inputs(environ: dict, root: Path = ROOT) -> None:
    """What the build reads, before Sphinx starts: settings, ``_toc.yml``, the data package's
    sizes and contents, the claims ledger and its source rows (raises their errors)."""
    from kzedition import claims, data, settings
    from kzedition.paths import DATAPACKAGE
    from kzedition.sphinxext import pyodide_runtime, run_cells

    settings.check_all(environ)
    check_toc(root)
    package = settings.datapackage(environ) or DATAPACKAGE
    check_sizes(data.declared_files(package))
    frames = data.load_all(package)
    claims.check_sources(frames)
    if run_cells.enabled(environ):  # the in-page Python's files: fetched once, then cached
        pyodide_runtime.assemble()


def _build_edition(edition, build_dir: Path, src: Path, env: dict | None, environ: dict, echo: bool):
    """Build one edition in its staging folder: ``(the finished process, the line saying its cache)``."""
    from tools import editions

    work = build_dir / edition.staging
    dropped = refresh(work / "_build", environ)
    # Sphinx writes into the output folder what earlier builds left there too
    # (and merges their search index): each build starts from an empty one.
    shutil.rmtree(work / "_build" / "html", ignore_errors=True)
    header = f"[{edition.language}] execution cache: " + (
        "cleared (inputs changed)\n" if dropped else "kept (inputs unchanged)\n"
    )
    if echo:
        print(header, end="", flush=True)
    config = editions.config_file(edition, work, src)
    toc = editions.toc_file(edition, work, src)
    proc = build_book(src, work, config=config, env={**(env or {}), **edition.env}, echo=echo, toc=toc)
    return proc, header


def build_site(
    build_dir: Path = ROOT / "_build",
    env: dict | None = None,
    echo: bool = True,
    src: Path = ROOT,
    languages: tuple[str, ...] | None = None,
) -> tuple[int, str]:
    """What ``make book`` does: check the inputs, build each edition in a clean staging folder,
    publish them together on success.

    The editions (English at the site's root, Russian in ``ru/``: :mod:`tools.editions`)
    are built one after the other, each by its own ``jupyter-book`` process;
    ``languages`` (default: ``KZEDITION_EDITIONS``, else all) chooses some.
    ``src`` is the book's source folder (tests build copies of it). Returns
    ``(status, log)``; the log ends with the cause when the build stopped.
    """
    from sphinx.errors import ConfigError

    from kzedition.claims import ClaimDrift
    from kzedition.data import DataError
    from kzedition.i18n import LanguageError
    from kzedition.settings import SettingError
    from kzedition.sphinxext.pyodide_runtime import RuntimeUnavailableError
    from tools import editions, translations

    environ = {**os.environ, **(env or {})}
    site = build_dir / "html"
    try:
        chosen = editions.chosen(languages, environ)
        check_inputs(environ, src)
        translations.check([e.language for e in chosen], src)
    except (DataError, SettingError, InputError) as exc:
        return 1, stopped(type(exc).__name__, str(exc), site)
    except (LanguageError, translations.TranslationError) as exc:
        return 1, stopped("TranslationError", str(exc), site)
    except (ValueError, ClaimDrift) as exc:  # text/claims.yml
        return 1, stopped("ClaimDrift", str(exc), site)
    except (RuntimeUnavailableError, ConfigError) as exc:  # the Run control's runtime or setting
        return 1, stopped("RuntimeUnavailableError", str(exc), site)
    # One edition after the other, not at the same time: two builds at once run twice as many
    # kernels, and under load a kernel then logged "Uncaught exception in ZMQStream callback"
    # (a test run with the suite's builds beside it); on 2 cores the time saved was small.
    log = ""
    for edition in chosen:
        proc, header = _build_edition(edition, build_dir, src, env, environ, echo)
        log += header + proc.stdout
        if proc.returncode != 0:  # the sources are the same: a later edition fails alone, or not at all
            kind, message = find_cause(proc.stdout, src)
            where = "" if edition is chosen[0] else f"the {editions.NAMES[edition.language]} edition: "
            return proc.returncode, log + stopped(kind, where + message, site)
    publish({e.folder: build_dir / e.staging / "_build" / "html" for e in chosen}, site)
    return 0, log + f"\nBuilt: {site / 'index.html'}\n"


def publish(staged: dict[str, Path], site: Path) -> None:
    """Replace ``site`` with copies of the staged editions (``{folder under the site: staged}``),
    swapping whole folders; the edition at ``""`` is the site's root."""
    fresh, old = site.with_name(site.name + ".new"), site.with_name(site.name + ".old")
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    for folder, path in sorted(staged.items()):  # the root first
        shutil.copytree(path, fresh / folder if folder else fresh, dirs_exist_ok=bool(folder))
        if folder:
            merge_headers(fresh, folder)
    if site.exists():
        site.rename(old)
    fresh.rename(site)
    shutil.rmtree(old, ignore_errors=True)


HEADERS = "_headers"  #: per-path response headers (the pages' CSP), read by static hosts at the root only


def merge_headers(site: Path, folder: str) -> None:
    """Move the ``_headers`` of the edition in ``site/folder`` into the site's, its paths under ``/folder``."""
    inner = site / folder / HEADERS
    if not inner.is_file():
        return
    lines = [
        line if line.startswith((" ", "\t")) or not line.strip() else f"/{folder}{line}"
        for line in inner.read_text(encoding="utf-8").splitlines(keepends=True)
    ]
    with (site / HEADERS).open("a", encoding="utf-8") as out:
        out.writelines(lines)
    inner.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.build", description=__doc__.split("\n")[0])
    parser.add_argument("--build-dir", type=Path, default=ROOT / "_build", help="default: _build")
    parser.add_argument(
        "--src", type=Path, default=ROOT, help="the book's sources (default: this repository)"
    )
    args = parser.parse_args(argv)
    status, log = build_site(args.build_dir.resolve(), src=args.src.resolve())
    tail = log.split("\nBuild stopped: ", 1)
    if len(tail) == 2:
        print("\nBuild stopped: " + tail[1], end="", file=sys.stderr)
    else:
        print(log.rsplit("\n", 2)[-2])
        print(f"Preview: .venv/bin/python -m http.server -d {args.build_dir / 'html'} -b 127.0.0.1 8000")
    return status


if __name__ == "__main__":
    sys.exit(main())
