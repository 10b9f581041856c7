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
    "RuntimeUnavailableError": "What the browser loads for the Run control: requirements-pyodide.yml "
    "(README, 'The in-page Python').",
    "other": "The full log is above; a failing notebook's report is in {reports}.",
}


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
) -> subprocess.CompletedProcess:
    """Build the book in ``src`` strictly, into ``out/_build`` (default ``src/_build``).

    ``config`` replaces ``_config.yml``; ``env`` is added to the environment
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
EXCEPTION = re.compile(r"^(?:[\w.]+\.)?(?P<kind>[A-Z]\w*(?:Error|Exception|Drift))(?::\s*(?P<message>.*))?$")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def find_cause(log: str) -> tuple[str, str]:
    """``(kind, message)``: why a build failed, from its log.

    The edition's own errors (``DataError``, ``ClaimDrift``) first, with the
    lines their message runs on; then the last exception of a cell's
    traceback; then the first warning (the build is strict).
    """
    lines = [ANSI.sub("", line).rstrip() for line in log.splitlines()]
    found = [(i, EXCEPTION.match(line.strip())) for i, line in enumerate(lines)]
    found = [(i, m) for i, m in found if m and m["message"] is not None]
    own = [(i, m) for i, m in found if m["kind"] in ("DataError", "ClaimDrift")]
    for i, m in (
        own[-1:]
        or [
            (i, m)
            for i, m in found
            if m["kind"] not in ("RuntimeError", "CellExecutionError", "ExtensionError")
        ][-1:]
    ):
        message = [m["message"]]
        for line in lines[i + 1 :]:  # a message that runs on (ClaimDrift lists each claim)
            if not line.strip() or EXCEPTION.match(line.strip()) or line.startswith(("Traceback", "  File ")):
                break
            message.append(line.strip())
        return m["kind"], "\n  ".join(part for part in message if part)
    warnings = [line for line in lines if "WARNING:" in line and "IPKernelApp" not in line]
    if warnings:
        return "warning", warnings[0].strip()
    return "other", "the build failed; see the log above"


def stopped(kind: str, message: str, site: Path, reports: Path) -> str:
    """The block ``make book`` ends with when the build stops."""
    hint = HINTS.get(kind, HINTS["other"]).format(reports=reports)
    last = (
        f"The last good site is unchanged in {site}."
        if (site / "index.html").exists()
        else "No site was built."
    )
    return f"\nBuild stopped: {message}\n{hint}\n{last}\n"


def check_inputs(environ: dict) -> None:
    """The data package and the claims ledger, before Sphinx starts (raises their errors)."""
    from kzedition import claims, data
    from kzedition.paths import DATAPACKAGE
    from kzedition.sphinxext import pyodide_runtime, run_cells

    data.load_all(Path(environ.get("KZEDITION_DATAPACKAGE") or DATAPACKAGE))
    claims.ledger()
    if run_cells.enabled(environ):  # the in-page Python's files: fetched once, then cached
        pyodide_runtime.assemble()


def build_site(
    build_dir: Path = ROOT / "_build", env: dict | None = None, echo: bool = True
) -> tuple[int, str]:
    """What ``make book`` does: check the data, build in staging, publish on success.

    Returns ``(status, log)``; the log ends with the cause when the build stopped.
    """
    from sphinx.errors import ConfigError

    from kzedition.data import DataError
    from kzedition.sphinxext.pyodide_runtime import RuntimeUnavailableError

    environ = {**os.environ, **(env or {})}
    site = build_dir / "html"
    work = build_dir / STAGING
    try:
        check_inputs(environ)
    except DataError as exc:
        return 1, stopped("DataError", str(exc), site, work)
    except ValueError as exc:  # text/claims.yml
        return 1, stopped("ClaimDrift", str(exc), site, work)
    except (RuntimeUnavailableError, ConfigError) as exc:  # the Run control's runtime or setting
        return 1, stopped("RuntimeUnavailableError", str(exc), site, work)
    dropped = refresh(work / "_build", environ)
    log = "execution cache: " + ("cleared (inputs changed)" if dropped else "kept (inputs unchanged)") + "\n"
    if echo:
        print(log, end="")
    proc = build_book(ROOT, work, env=env, echo=echo)
    log += proc.stdout
    if proc.returncode != 0:
        kind, message = find_cause(proc.stdout)
        return proc.returncode, log + stopped(kind, message, site, work / "_build" / "html" / "reports")
    publish(work / "_build" / "html", site)
    return 0, log + f"\nBuilt: {site / 'index.html'}\n"


def publish(staged: Path, site: Path) -> None:
    """Replace ``site`` with a copy of ``staged``, swapping whole folders."""
    fresh, old = site.with_name(site.name + ".new"), site.with_name(site.name + ".old")
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(staged, fresh)
    if site.exists():
        site.rename(old)
    fresh.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.build", description=__doc__.split("\n")[0])
    parser.add_argument("--build-dir", type=Path, default=ROOT / "_build", help="default: _build")
    args = parser.parse_args(argv)
    status, log = build_site(args.build_dir.resolve())
    tail = log.split("\nBuild stopped: ", 1)
    if len(tail) == 2:
        print("\nBuild stopped: " + tail[1], end="", file=sys.stderr)
    else:
        print(log.rsplit("\n", 2)[-2])
        print(f"Preview: .venv/bin/python -m http.server -d {args.build_dir / 'html'} -b 127.0.0.1 8000")
    return status


if __name__ == "__main__":
    sys.exit(main())
