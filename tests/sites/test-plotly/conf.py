"""A page with two plotly outputs stored in a notebook (not executed), and a page without."""

extensions = ["myst_nb", "kzedition.sphinxext.plotly_charts"]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
html_theme = "basic"
