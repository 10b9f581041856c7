#!/usr/bin/env bash
# The browser tests drive Debian's chromium (never a downloaded browser), and
# the charts' phone layouts measure labels with DejaVu Sans, the font that
# chromium draws the charts' font family with (Debian's fonts-dejavu-core,
# see kzedition/charts/font_metrics.py).
# Install them when missing and we are allowed to; otherwise stop loudly:
# the browser tests are never skipped silently.
set -euo pipefail
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -f "$FONT" ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "${missing[*]} missing: installing Debian's ${missing[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  command -v chromium >/dev/null && [ -f "$FONT" ] && exit 0
fi
echo "ERROR: Debian's 'chromium' and 'fonts-dejavu-core' are required for the browser tests and the" >&2
echo "       charts' layouts, and could not be installed. Install them" >&2
echo "       (sudo apt-get install chromium fonts-dejavu-core) and run 'make test' again." >&2
exit 1
