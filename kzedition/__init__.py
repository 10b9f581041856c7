"""kzedition: the code of the GISWatch 2011 "Kazakhstan" edition.

The chapters show the arithmetic a student should learn from, as short
pandas cells; this package holds what a student need not see. Its modules:

- :mod:`kzedition.paths`            where the edition's files are
- :mod:`kzedition.data`             load the CSVs of ``data/``, validated against ``datapackage.json``
- :mod:`kzedition.printed`          numbers formatted as the report prints them
- :mod:`kzedition.claims`           the claims ledger (``text/claims.yml``): printed against computed
- :mod:`kzedition.prose`            ``paste``: values from the chapter's cells into its prose, checked
- :mod:`kzedition.charts`           the plotly charts, a package: style (light and dark), registry,
  labels, one module per topic (builder, text alternative and phone layout of each chart)
  and the phone-layout engine, which measures labels with the charts' font
- :mod:`kzedition.chart_payload`    what a page's script draws a chart from (the build's and the page's Python)
- :mod:`kzedition.figure_files`     the static figures of ``figures/``: variants, names, manifest
- :mod:`kzedition.reading_text`     the source of record and the repairs that make the reading text
- :mod:`kzedition.russian_titles`   the PDF's subset-font encoding of the six Russian titles
- :mod:`kzedition.reference_pages`  HTML blocks of the reference pages (publication, timeline, sources, data)
- :mod:`kzedition.escaping`         data's text into a page's ``<script>`` elements (JSON escapes)
- :mod:`kzedition.settings`         the build's settings (addresses, paths), checked against the form each takes
- :mod:`kzedition.citation`         the report's and the edition's citation metadata: BibTeX, RIS,
  CSL-JSON, Highwire, Dublin Core and schema.org JSON-LD; its model and works are
  :mod:`kzedition.works`, its files :mod:`kzedition.citation_files`
- :mod:`kzedition.discovery`        what each page is about, link previews, sitemap, robots.txt, 404 page

:mod:`kzedition.sphinxext` holds the Sphinx extensions that build the book.
Build and test tooling (builds, browser, quality gates, PDF, benchmarks,
static figures) lives in ``tools/`` at the repository root, which this
package never imports.
"""

__version__ = "0.1.0"
