"""The one way the book is built: ``python -m tools.build`` (``make book``).

Every build of the project goes through :func:`build_book`: ``make book``,
the test suite's session build, the reproducible-build check, the chapter
template's test and the benchmarks. It runs ``jupyter-book build`` strictly
(``-W -n --keep-going``: any warning fails the build).

The single-page build of the PDF edition runs Sphinx in-process instead
(:mod:`tools.pdf` says why) and shares :func:`refresh`.

**Stale caches.** Jupyter Book's execution cache is keyed on code cells
only, and Sphinx re-reads a page only when its source file changes, so a
change to ``data/``, to the ``kzedition`` package, to ``text/`` or to the
pinned requirements would otherwise be rendered from stale outputs.
:func:`refresh` compares a fingerprint of those inputs with the one stored
beside the cache and, when they differ, removes both the execution cache and
the doctrees.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from kzedition.paths import ROOT

INPUTS = ("data", "kzedition", "text", "requirements.txt", "requirements-dev.txt")
CACHES = (".jupyter_cache", ".doctrees")
STRICT = ("-W", "-n", "--keep-going")


def fingerprint(root: Path = ROOT) -> str:
    """SHA-256 over the paths and bytes of every file the cells depend on."""
    digest = hashlib.sha256()
    for name in INPUTS:
        base = root / name
        files = sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else [base]
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def refresh(build_dir: Path) -> bool:
    """Remove the caches under ``build_dir`` if the inputs changed; True if removed."""
    key_file = build_dir / ".inputs-sha256"
    key = fingerprint()
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
    capture: bool = True,
) -> subprocess.CompletedProcess:
    """Build the book in ``src`` strictly, into ``out/_build`` (default ``src/_build``).

    ``config`` replaces ``_config.yml``; ``env`` is added to the environment
    (e.g. ``EDITION_SITE_URL``). With ``capture`` the output is returned in
    the result instead of printed.
    """
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(src), *STRICT]
    if out is not None:
        command += ["--path-output", str(out)]
    if config is not None:
        command += ["--config", str(config)]
    return subprocess.run(
        command, cwd=src, capture_output=capture, text=True, env={**os.environ, **(env or {})}
    )


def main() -> int:
    """``make book``: refresh the caches of ``_build`` and build the book into ``_build/html``."""
    dropped = refresh(ROOT / "_build")
    print("execution cache:", "cleared (inputs changed)" if dropped else "kept (inputs unchanged)")
    return build_book(capture=False).returncode


if __name__ == "__main__":
    sys.exit(main())
