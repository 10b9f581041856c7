#!/usr/bin/env bash
# Tools of the quality gates (tests/test_quality.py) and of `make bench`:
#  - the npm packages pinned in package.json/package-lock.json (axe-core,
#    vnu-jar, @daisy/ace-cli for the EPUB, plotly.js-basic-dist-min: the
#    plotly.js bundle the book serves),
#    installed with `npm ci --omit=dev` whenever the lock file is newer than
#    the install;
#  - with the argument "lighthouse" (make bench): the development
#    dependencies too (Lighthouse, about 200 MB), which the book and the
#    tests do not need;
#  - with the argument "java": a Java runtime for the Nu validator (vnu.jar),
#    and Debian's epubcheck (a Java program) for the EPUB edition's test
#    (tests/test_epub.py).
# Missing system packages are installed with apt-get when we may (as root);
# otherwise the script stops and says what to install. Never skipped silently.
#
# --ignore-scripts: vnu-jar's postinstall script downloads a Java runtime from
# GitHub, and puppeteer's (a dependency of Ace by DAISY, @daisy/ace-cli, which
# tests/test_epub.py runs on the EPUB) downloads a Chrome; the system's Java and
# Debian's chromium (PUPPETEER_EXECUTABLE_PATH, set by tools.epub.ace) are used instead.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's $* with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "ERROR: $* required (see tests/ensure-quality-tools.sh); install it and run make again." >&2
    exit 1
  fi
}

command -v npm >/dev/null 2>&1 || apt_install nodejs npm
omit_dev=--omit=dev
for tool in "$@"; do
  case "$tool" in
    java)
      command -v java >/dev/null 2>&1 || apt_install default-jre-headless
      command -v epubcheck >/dev/null 2>&1 || apt_install epubcheck
      ;;
    lighthouse) omit_dev= ;;
    *) echo "ERROR: unknown tool $tool (java, lighthouse)" >&2; exit 1 ;;
  esac
done
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
   || [ package.json -nt node_modules/.package-lock.json ] \
   || { [ -z "$omit_dev" ] && [ ! -x node_modules/.bin/lighthouse ]; }; then
  npm ci --ignore-scripts --no-audit --no-fund $omit_dev
  touch node_modules/.package-lock.json
fi
