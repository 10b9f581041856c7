"""Build and test tooling of the edition; the ``kzedition`` package never imports it.

- :mod:`tools.build`           the one way the book is built (``make book``), and its cache key
- :mod:`tools.browser`         Debian's headless chromium: serving a site, opening a page, offline checks
- :mod:`tools.quality`         the quality gates: axe, the Nu validator, LinkChecker
- :mod:`tools.page_text`       the report's text read back from built pages (fidelity tests)
- :mod:`tools.static_figures`  the static SVG/PNG charts in ``figures/`` (``make figures``)
- :mod:`tools.pdf`             the PDF edition (``make pdf``)
- :mod:`tools.epub`            the EPUB 3 edition and epubcheck (``make epub``)
- :mod:`tools.release`         the site and the data package as versioned zips (``make site-zip``, ``make data-zip``)
- :mod:`tools.bench`           ``make bench``: runs the three below and writes BENCHMARKS.md
- :mod:`tools.bench_measure`   page weight, first views, build and cell times, environment sizes
- :mod:`tools.bench_lighthouse` Lighthouse on the edition's and a stock book's pages
- :mod:`tools.bench_report`    the report, from the templates of ``tools/templates/`` (Jinja2)
- :mod:`tools.bench_tests`     ``make bench-tests``: the test suite's wall time
- :mod:`tools.bench_run_cells` the Run control's timings and bytes
"""
