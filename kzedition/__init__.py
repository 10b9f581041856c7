"""kzedition: the small, importable core of the GISWatch 2011 Kazakhstan edition.

Chapters hold narrative and short calls; the logic lives here, in pure
functions with docstrings and unit tests:

- :mod:`kzedition.paths`   where the repository's files are
- :mod:`kzedition.data`    load CSVs validated against ``data/datapackage.json``
- :mod:`kzedition.calc`    pure arithmetic (shares, turnout, growth, ratios)
- :mod:`kzedition.claims`  the claims ledger: printed value vs computed value
- :mod:`kzedition.text`    the source of record and its documented repairs
- :mod:`kzedition.garble`  the PDF subset-font encoding of the Russian titles
- :mod:`kzedition.charts`  plotly figures built from the data
"""

__version__ = "0.1.0"
