"""The EPUB 3 edition: ``python -m tools.epub`` (``make epub``).

Route: the whole book is built strictly (``-W -n``: warnings are errors)
with Sphinx's ``epub`` builder through the one build helper,
:func:`tools.build.build_book` (``jupyter-book build --builder custom
--custom-builder epub``), in its own folder ``_build/epub-work/`` with its
own doctrees and execution cache (cleared by :func:`tools.build.refresh`
when data or helpers change), so it never shares a cache with the HTML
build in ``_build/staging/``. The book is copied to
``_build/epub/giswatch2011-kazakhstan.epub`` only when the build succeeded.

What makes the EPUB differ from the site is done by the Sphinx extensions
when the builder is ``epub`` (:mod:`kzedition.sphinxext.epub` and
:mod:`kzedition.sphinxext.plotly_charts`): no code cell inputs and no
JavaScript, the charts as the static figures ``figures/<id>.svg`` with
their caption, description and sources, EPUB footnotes, the cover and the
package metadata (the version is ``kzedition.__version__``).

``--check`` then runs Debian's ``epubcheck`` on the book (``make test``
installs it) and fails on any error or warning, and Ace by DAISY
(:func:`ace`: npm ``@daisy/ace-cli``, pinned in ``package.json``, driving
Debian's chromium through its puppeteer; no browser is downloaded) and
fails on any critical, serious or moderate finding.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from kzedition.paths import ROOT
from tools import build, editions
from tools.browser import CHROMIUM

__all__ = ["WORK", "EPUB", "BASENAME", "EpubCheck", "AceReport", "build_epub", "epubcheck", "ace", "main"]

BUILD = ROOT / "_build"
#: The EPUB build's own folder: jupyter-book's ``_build`` under it holds the
#: builder's output (``epub/``) and its caches (``.doctrees``, ``.jupyter_cache``).
WORK = BUILD / "epub-work"
BASENAME = "giswatch2011-kazakhstan"  #: ``epub_basename`` in _config.yml (``-ru`` in _config.ru.yml)
EPUB = BUILD / "epub" / f"{BASENAME}.epub"


def basename(language: str = "en") -> str:
    """The book's file name without ``.epub``: ``giswatch2011-kazakhstan[-ru]``."""
    return BASENAME if language == "en" else f"{BASENAME}-{language}"


def epub_path(language: str = "en") -> Path:
    """Where ``make epub`` puts the book of ``language``'s edition."""
    return BUILD / "epub" / f"{basename(language)}.epub"


def work_dir(language: str = "en") -> Path:
    """The edition's own build folder (its doctrees and execution cache)."""
    return WORK if language == "en" else BUILD / f"epub-work-{language}"


EPUBCHECK = "epubcheck"


def built_epub(work: Path = WORK, language: str = "en") -> Path:
    """Where the epub builder writes the book under ``work``."""
    return work / "_build" / "epub" / f"{basename(language)}.epub"


def build_epub(
    epub: Path = EPUB, work: Path = WORK, echo: bool = True, language: str = "en"
) -> tuple[int, str]:
    """Build the EPUB of ``language``'s edition strictly and copy it to ``epub``; returns ``(status, log)``.

    Another edition than the English is built with its configuration, table
    of contents and language (:mod:`tools.editions`). On failure the previous
    ``epub`` is removed, so a stale book never passes for a new one.
    """
    edition = next(e for e in editions.EDITIONS if e.language == language)
    build.refresh(work / "_build")  # drop stale outputs and doctrees, as ``make book`` does
    built = built_epub(work, language)
    # The builder lists every file of its output folder in the book: start it empty.
    shutil.rmtree(built.parent, ignore_errors=True)
    config, toc = editions.config_file(edition, work), editions.toc_file(edition, work)
    proc = build.build_book(ROOT, work, config, edition.env, echo=echo, builder="epub", toc=toc)
    if proc.returncode != 0 or not built.is_file():
        epub.unlink(missing_ok=True)
        kind, message = build.find_cause(proc.stdout)
        return proc.returncode or 1, proc.stdout + f"\nEPUB build stopped: {message}\n"
    epub.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built, epub)
    return 0, proc.stdout + f"\nBuilt: {epub}\n"


@dataclass
class EpubCheck:
    """epubcheck's verdict: exit status, counts and its full output."""

    returncode: int
    errors: int
    warnings: int
    fatals: int
    output: str

    @property
    def clean(self) -> bool:
        return self.returncode == 0 and self.errors == self.warnings == self.fatals == 0


def epubcheck_command() -> list[str]:
    """How to run Debian's ``epubcheck`` (raises FileNotFoundError when it is missing).

    Debian's ``/usr/bin/epubcheck`` is a link to an executable jar, which runs
    by itself only where binfmt_misc knows jars: it is run with ``java -jar``.
    """
    exe = shutil.which(EPUBCHECK)
    java = shutil.which("java")
    if exe is None or java is None:
        raise FileNotFoundError(
            "epubcheck (and Java) missing: run 'make test' (it installs them) or 'apt-get install epubcheck'"
        )
    target = Path(exe).resolve()
    return [java, "-jar", str(target)] if target.suffix == ".jar" else [exe]


def epubcheck(epub: Path = EPUB) -> EpubCheck:
    """Run Debian's ``epubcheck`` on ``epub`` (raises FileNotFoundError when it is missing)."""
    proc = subprocess.run([*epubcheck_command(), str(epub)], capture_output=True, text=True)
    output = proc.stdout + proc.stderr

    def count(kind: str) -> int:
        """From the summary line ``Messages: 0 fatals / 0 errors / 0 warnings / 0 infos``,
        else the message lines (``ERROR(RSC-005): ...``)."""
        found = re.search(rf"^Messages:.*?(\d+) {kind}s?\b", output, re.M)
        return int(found.group(1)) if found else len(re.findall(rf"^{kind.upper()}\(", output, re.M))

    return EpubCheck(proc.returncode, count("error"), count("warning"), count("fatal"), output)


ACE = ROOT / "node_modules" / ".bin" / "ace-cli"
#: Ace's impacts, most severe first; the book passes with none of the first three.
ACE_FAILING = ("critical", "serious", "moderate")


@dataclass
class AceReport:
    """Ace by DAISY's findings: one ``(impact, rule, file, description)`` per violation, and its report."""

    findings: list[tuple[str, str, str, str]]
    report: dict

    def failing(self, impacts: tuple[str, ...] = ACE_FAILING) -> list[tuple[str, str, str, str]]:
        return [f for f in self.findings if f[0] in impacts]

    def describe(self) -> str:
        return "\n".join(f"{impact} {rule} in {where}: {text}" for impact, rule, where, text in self.findings)


def ace(epub: Path = EPUB, chromium: str = CHROMIUM) -> AceReport:
    """Run Ace by DAISY on ``epub`` with Debian's chromium (raises FileNotFoundError when missing).

    Ace's puppeteer is installed without its scripts (``npm ci --ignore-scripts``
    in ``tests/ensure-quality-tools.sh``), so it has no browser of its own:
    ``PUPPETEER_EXECUTABLE_PATH`` points it at ``chromium``.
    """
    import json
    import os
    import tempfile

    if not ACE.exists() or not Path(chromium).exists():
        raise FileNotFoundError(
            f"{ACE} or {chromium} missing: run 'make test' (npm ci and Debian's chromium)"
        )
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium, "PUPPETEER_SKIP_DOWNLOAD": "1"}
        proc = subprocess.run(
            [str(ACE), "--silent", "--force", "--outdir", out, str(epub)],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
        path = Path(out) / "report.json"
        if not path.is_file():
            raise RuntimeError(
                f"ace-cli wrote no report ({proc.returncode}):\n{(proc.stdout + proc.stderr)[-3000:]}"
            )
        report = json.loads(path.read_text(encoding="utf-8"))
    findings = [
        (
            test["earl:test"]["earl:impact"],
            test["earl:test"]["dct:title"],
            subject["earl:testSubject"]["url"],
            test["earl:result"].get("dct:description", ""),
        )
        for subject in report.get("assertions", [])
        for test in subject.get("assertions", [])
        if test["earl:result"]["earl:outcome"] == "fail"
    ]
    return AceReport(findings, report)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.epub", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="run epubcheck on the book after building it")
    parser.add_argument(
        "--language", choices=[e.language for e in editions.EDITIONS], action="append",
        help="the edition(s) to build (default: every one: English and Russian)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    for language in args.language or [e.language for e in editions.EDITIONS]:
        status = make(language, args.check)
        if status:
            return status
    return 0


def make(language: str, check: bool) -> int:
    """Build (and with ``check``, check) the EPUB of one edition: 0, or the status of what failed."""
    start, output = time.perf_counter(), epub_path(language)
    status, log = build_epub(output, work_dir(language), language=language)
    if status != 0:
        print(
            log.rsplit("\nEPUB build stopped: ", 1)[-1].join(["\nEPUB build stopped: ", ""]), file=sys.stderr
        )
        return status
    print(f"{output}: {output.stat().st_size // 1024} KiB, built in {time.perf_counter() - start:.1f} s")
    if not check:
        return 0
    result = epubcheck(output)
    print(result.output.strip())
    if not result.clean:
        print(f"epub: epubcheck found problems in {output.name} (see above)", file=sys.stderr)
        return 2
    report = ace(output)
    print(report.describe() or "Ace by DAISY: no finding")
    if report.failing():
        print(
            f"epub: Ace by DAISY found critical, serious or moderate problems in {output.name} (see above)",
            file=sys.stderr,
        )
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
