"""Build and test tooling of the edition; the ``kzedition`` package never imports it.

- :mod:`tools.build`           the one way the book is built (``make book``), and its cache key
- :mod:`tools.browser`         Debian's headless chromium: serving a site, opening a page, offline checks
- :mod:`tools.quality`         the quality gates: axe, the Nu validator, LinkChecker
- :mod:`tools.page_text`       the report's text read back from built pages (fidelity tests)
- :mod:`tools.static_figures`  the static SVG/PNG charts in ``figures/`` (``make figures``)
- :mod:`tools.pdf`             the PDF edition (``make pdf``)
- :mod:`tools.epub`            the EPUB 3 edition and epubcheck (``make epub``)
- :mod:`tools.release`         the site and the data package as versioned zips (``make site-zip``, ``make data-zip``)
- :mod:`tools.bench`           page weight, build times and environment sizes (``make bench``)
"""
