"""Text from the data into a page's ``<script>`` elements, whatever it holds.

Data reach pages inside ``<script type="application/json">`` (the charts'
specs) and ``<script type="application/ld+json">`` (the citation graph).
HTML ends such an element at ``</script>`` and, after ``<!--<script>``,
only at a second ``</script>``: a CSV cell holding either would end the
element early or swallow the rest of the page. :func:`script_json` writes
``<``, ``>``, ``&``, U+2028 and U+2029 as JSON escapes, which ``JSON.parse``
reads back as the characters they stand for.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["SCRIPT_ESCAPES", "script_json"]

#: Characters written as JSON escapes inside a ``<script>``.
SCRIPT_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}


def script_json(value: Any) -> str:
    """Compact JSON to write inside a ``<script>`` element (see the module's docstring)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).translate(SCRIPT_ESCAPES)
