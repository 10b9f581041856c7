#!/usr/bin/env bash
# The browser tests drive Debian's chromium (never a downloaded browser).
# Install it when missing and we are allowed to; otherwise stop loudly:
# the browser tests are never skipped silently.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing: installing Debian's chromium with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  command -v chromium >/dev/null && exit 0
fi
echo "ERROR: Debian's 'chromium' is required for the browser tests and could not be installed." >&2
echo "       Install it (sudo apt-get install chromium) and run 'make test' again." >&2
exit 1
