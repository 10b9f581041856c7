"""Debian's headless chromium, as every part of the project starts it.

Tests, the PDF print and the benchmarks use these; no browser is ever
downloaded. The flags keep chromium from reaching out on its own (component
updates, background networking), which this offline machine would refuse.
"""

import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
