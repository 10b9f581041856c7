"""Moved to :mod:`kzedition.notebook_export` (it needs no Sphinx).

Only ``tools/bench.py`` still imports this name; it is being split on the
branch issue-21-tools. Remove this module once it imports
:mod:`kzedition.notebook_export`.
"""

from kzedition.notebook_export import *  # noqa: F403
from kzedition.notebook_export import execute  # noqa: F401 (the one name tools/bench.py uses)
