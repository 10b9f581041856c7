"""Drop cached outputs when anything but the page sources changed.

Jupyter Book's execution cache is keyed on code cells only, and Sphinx
re-reads a page only when its source file changes, so a change to
``data/``, to this package or to the pinned requirements would otherwise be
rendered from stale outputs. ``python -m kzedition.buildkey _build``
compares a fingerprint of those inputs with the one stored beside the cache
and, when they differ, removes both the execution cache and the doctrees.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from kzedition.paths import ROOT

INPUTS = ("data", "kzedition", "text", "requirements.txt", "requirements-dev.txt")


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


CACHES = (".jupyter_cache", ".doctrees")


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


if __name__ == "__main__":
    dropped = refresh(Path(sys.argv[1] if len(sys.argv) > 1 else "_build"))
    print("execution cache:", "cleared (inputs changed)" if dropped else "kept (inputs unchanged)")
