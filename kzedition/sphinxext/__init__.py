"""Sphinx extensions of the edition (listed in ``_config.yml``). Each ``setup()`` only wires:
it registers handlers, nodes, directives and settings, and returns ``kzedition.__version__``.

- :mod:`kzedition.sphinxext.site_static`           the site's own static files (``static/``: the
  stylesheet, print stylesheet, favicon, the charts' and paragraphs' scripts)
- :mod:`kzedition.sphinxext.plotly_charts`         charts without a CDN: the myst-nb renderer for
  plotly's JSON, the chart node and its writers (the figure itself: :mod:`kzedition.chart_figure`)
- :mod:`kzedition.sphinxext.plotly_bundle`         the pinned plotly.js bundle, copied to ``_static``
- :mod:`kzedition.sphinxext.publish_data`          the declared data files and static figures,
  published under ``_static/data`` and ``_static/figures``
- :mod:`kzedition.sphinxext.run_cells`             the Run control: the pages' code cells run in the
  browser (Pyodide from ``_static/pyodide/``, :mod:`~kzedition.sphinxext.pyodide_runtime`)
- :mod:`kzedition.sphinxext.launch_and_downloads`  the repository and site addresses, launch links,
  and the downloadable notebooks (:mod:`kzedition.notebook_export`) with the edition's files
- :mod:`kzedition.sphinxext.edition_metadata`      the version (``kzedition.__version__``) as Sphinx's
  version, in every page's footer and as ``{{ version }}``
- :mod:`kzedition.sphinxext.theme`                 the book theme's template overrides, lighter,
  accessible and valid
- :mod:`kzedition.sphinxext.page_assets`           each page loads only the extension assets it uses
- :mod:`kzedition.sphinxext.upstream`              workarounds for upstream bugs, one module per
  upstream, each naming its issue and when it can go
- :mod:`kzedition.sphinxext.icons`                 the icon font cut to the glyphs the site uses, and
  the theme's stylesheet without the other icons' rules
- :mod:`kzedition.sphinxext.epub`                  the EPUB 3 edition: no code or scripts, EPUB
  footnotes, cover, metadata and a package epubcheck accepts (``make epub``)
- :mod:`kzedition.sphinxext.csp`                   a strict Content-Security-Policy per page (``<meta>``
  and ``_headers``); ``'wasm-unsafe-eval'`` only on pages that run Python
- :mod:`kzedition.sphinxext.paragraphs`            paragraph permalinks (``#p-12``) and "cite this
  paragraph" on the report's pages, ids checked in to ``text/paragraph-ids.yml``
- :mod:`kzedition.sphinxext.citations`             embedded metadata, citation files (``cite/``), link
  previews (sphinxext-opengraph), ``sitemap.xml`` (sphinx-sitemap), ``robots.txt``, ``404.html``
  (sphinx-notfound-page)
"""
