"""The data package's ``sources``, written from the rows' source keys and the bibliography.

Each resource of ``data/datapackage.json`` lists as ``sources`` the works its
rows cite (``*source_key``, with ``as quoted by`` the ``*quoted_by_key`` work),
each written by :func:`kzedition.bibliography.resource_sources`, with the
publisher's address where it is confirmed; the package's own ``sources`` is
the chapter. Copies consulted never appear there: they are the
``copies_consulted`` resource. ``tests/test_sources.py`` fails while the
descriptor is out of step; ``python -m tools.sources`` rewrites it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kzedition import bibliography, data
from kzedition.paths import DATAPACKAGE

#: The work the package as a whole comes from.
PACKAGE_SOURCE = "nurmakov2011"


def with_sources(descriptor: dict, package: Path = DATAPACKAGE) -> dict:
    """``descriptor`` with every ``sources`` written from the data (a new dict)."""
    out = json.loads(json.dumps(descriptor))
    frames = data.load_all(package)
    entries = bibliography.works(data.bibliography_path(Path(package).resolve()))
    work = entries[PACKAGE_SOURCE]
    out["sources"] = [{"title": bibliography.reference(PACKAGE_SOURCE, entries), "path": work.url}]
    for res in out["resources"]:
        cited = bibliography.resource_sources(frames[res["name"]], entries)
        if cited:
            res["sources"] = cited
        else:
            res.pop("sources", None)
    return out


def text(descriptor: dict) -> str:
    """The descriptor as the repository writes it (one-space indent, ASCII, final newline)."""
    return json.dumps(descriptor, indent=1, ensure_ascii=True) + "\n"


def main() -> int:
    current = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    DATAPACKAGE.write_text(text(with_sources(current)), encoding="utf-8")
    print(f"wrote the sources of {DATAPACKAGE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
