# One entry point for readers, students and maintainers.
#   make book    build the strict HTML edition into _build/html
#   make test    run the whole test suite (it includes a strict build)
# Everything runs in .venv, created from the pinned requirements on first use.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
# .venv holds the book's pins (requirements.txt); `make test` adds the test
# tools (requirements-dev.txt) on top. .venv-lab is the students' light one.
STAMP  := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
LAB_VENV := .venv-lab
LAB_STAMP := $(LAB_VENV)/.installed
NODE_STAMP := node_modules/.package-lock.json

.PHONY: book test lab figures notebooks regenerate translations pdf epub bench bench-quick bench-tests lock clean help chromium site-zip data-zip

help:
	@echo "make book     build the book strictly into _build/html"
	@echo "make test     run all tests (strict build, data, text fidelity, browser)"
	@echo "make lab      open the notebooks in JupyterLab (a light students' environment, .venv-lab)"
	@echo "make figures  regenerate the static SVG/PNG charts in figures/"
	@echo "make notebooks regenerate the .ipynb beside each MyST page"
	@echo "make regenerate  both: what a new or changed chart or chapter cell makes stale"
	@echo "make translations  merge new or changed messages into the Russian catalogs (locales/ru)"
	@echo "make lock     re-pin requirements after changing a direct dependency"
	@echo "make pdf      build the PDF edition into _build/pdf"
	@echo "make epub     build the EPUB 3 edition into _build/epub (checked with epubcheck)"
	@echo "make bench    measure page weight, build times and Lighthouse into BENCHMARKS.md"
	@echo "make bench-quick  first view and Lighthouse only (_build/BENCHMARKS-quick.md)"
	@echo "make bench-tests  the test suite's wall time, one process and in parallel (BENCHMARKS.md)"
	@echo "make site-zip the built site as a zip to read offline (_build/release/)"
	@echo "make data-zip the data package as a zip (_build/release/)"

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	# editable install: myst-nb finds the plotly renderer through its entry point
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# JupyterLab, jupyterlab-myst and what the notebooks import; no build or test tools.
$(LAB_STAMP): requirements-lab.txt pyproject.toml
	test -x $(LAB_VENV)/bin/python || $(PYTHON) -m venv $(LAB_VENV)
	$(LAB_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LAB_VENV)/bin/python -m pip install --quiet -r requirements-lab.txt
	$(LAB_VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $@

lab: $(LAB_STAMP)
	$(LAB_VENV)/bin/jupyter lab chapters/

# The jupyter-cache keys on code cells only; a change of data, helpers or
# environment must not reuse stale outputs, so the cache is dropped when
# their fingerprint changes.
# npm packages pinned in package.json/package-lock.json: the plotly.js partial
# bundle the charts use, axe-core and the Nu validator for tests/test_quality.py
# (not the development dependencies: Lighthouse is installed by make bench).
$(NODE_STAMP): package.json package-lock.json
	bash tests/ensure-quality-tools.sh

# tools.build checks the data first, builds in _build/staging and replaces
# _build/html only on success; when it stops, its last lines say why.
book: $(STAMP) $(NODE_STAMP)
	@$(BIN)/python -m tools.build

chromium:
	bash tests/ensure-chromium.sh

# pytest-xdist: TEST_WORKERS processes share one build of the book (tests/conftest.py);
# tests go out by module, so a module's own fixtures (the PDF, the EPUB) are made once.
TEST_WORKERS ?= 3
test: $(DEV_STAMP) $(NODE_STAMP) chromium
	bash tests/ensure-quality-tools.sh java
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope

# The charts' font metrics first (the phone layouts measure labels with them), then the images.
figures: $(DEV_STAMP) chromium
	$(BIN)/python -m tools.font_metrics
	$(BIN)/python -m tools.static_figures

# Everything a new or changed chart makes stale: the static figures and the pages' notebooks.
regenerate: figures notebooks

# The translated editions' catalogs (tools.translations): the pages' messages (Sphinx's
# gettext builder, sphinx-intl update) and the package's own (kzedition.po, compiled into
# kzedition/locale/) merged into locales/<lang>/LC_MESSAGES: new messages come in empty,
# changed ones fuzzy, and the next `make book` names each one until it is translated.
translations: $(DEV_STAMP) $(NODE_STAMP)
	$(BIN)/python -m tools.translations update

# The PDF editions (English and Russian): single-page builds printed by headless chromium, offline.
pdf: $(DEV_STAMP) $(NODE_STAMP) chromium
	$(BIN)/python -m tools.pdf

# The EPUB 3 editions (English and Russian): strict epub builds with static figures, checked by epubcheck.
epub: $(DEV_STAMP) $(NODE_STAMP) chromium
	bash tests/ensure-quality-tools.sh java
	$(BIN)/python -m tools.epub --check

# Lighthouse is a development dependency of package.json: only bench installs it.
bench: $(DEV_STAMP) $(NODE_STAMP) chromium
	bash tests/ensure-quality-tools.sh lighthouse
	$(BIN)/python -m tools.bench

# First view and Lighthouse only (one build, the stock book): _build/BENCHMARKS-quick.md
bench-quick: $(DEV_STAMP) $(NODE_STAMP) chromium
	bash tests/ensure-quality-tools.sh lighthouse
	$(BIN)/python -m tools.bench --quick

# The whole suite from an empty _build, in one process and with TEST_WORKERS workers:
# wall times and load into the "Test suite" section of BENCHMARKS.md (make bench keeps it).
bench-tests: $(DEV_STAMP) $(NODE_STAMP) chromium
	bash tests/ensure-quality-tools.sh java
	$(BIN)/python -m tools.bench_tests --workers 0 $(TEST_WORKERS)

# Release artefacts, named with the version (kzedition/__init__.py).
site-zip: book
	$(BIN)/python -m tools.release site-zip

data-zip: $(STAMP)
	$(BIN)/python -m tools.release data-zip

notebooks: $(STAMP)
	$(BIN)/python -m kzedition.notebook_export

# Re-pin: resolve requirements.in in a scratch venv and freeze the result;
# then the students' lab environment with the book's pins as constraints.
lock:
	rm -rf _build/lockenv && $(PYTHON) -m venv _build/lockenv
	_build/lockenv/bin/pip install --quiet -r requirements.in
	{ sed -n '1,4p' requirements.txt; _build/lockenv/bin/pip freeze --exclude-editable | sort -f; } > requirements.lock.tmp
	mv requirements.lock.tmp requirements.txt
	$(MAKE) notebooks
	rm -rf _build/lockenv && $(PYTHON) -m venv _build/lockenv
	_build/lockenv/bin/pip install --quiet jupyterlab==4.6.6 jupyterlab-myst==2.7.0 -r requirements-notebook.txt -c requirements.txt
	{ sed -n '1,4p' requirements-lab.txt; _build/lockenv/bin/pip freeze --exclude-editable | sort -f; } > requirements.lock.tmp
	mv requirements.lock.tmp requirements-lab.txt

clean:
	rm -rf _build
