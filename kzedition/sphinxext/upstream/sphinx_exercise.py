"""Workarounds for sphinx-exercise (1.2.1)."""

from __future__ import annotations

from typing import Any

from kzedition import __version__

#: Ids sphinx-exercise gives every exercise's (solution's) content section.
EXERCISE_CONTENT_IDS = ("exercise-content", "solution-content")


def unique_exercise_ids(app, doctree, docname: str) -> None:
    """Rename the content section ids of sphinx-exercise after their exercise's label.

    sphinx-exercise gives the content ``<section>`` of every exercise and
    solution the same id (``exercise-content``, ``solution-content``), so a
    page with several has duplicate ids (Nu validator); each is renamed
    ``<label>-content``. Seen with sphinx-exercise 1.2.1; no upstream issue
    was found. Remove when a page with two exercises has no duplicate id
    without this handler (``tests/test_sites.py``).
    """
    from docutils import nodes

    for section in doctree.findall(nodes.section):
        shared = [i for i in section["ids"] if i in EXERCISE_CONTENT_IDS]
        parent_ids = section.parent.get("ids") if section.parent is not None else None
        if shared and parent_ids:
            section["ids"] = [i for i in section["ids"] if i not in shared] + [f"{parent_ids[0]}-content"]


def setup(app) -> dict[str, Any]:
    app.connect("doctree-resolved", unique_exercise_ids)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
