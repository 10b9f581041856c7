"""Project metadata is valid: the CI workflow, CITATION.cff, the README's two commands."""

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

from kzedition.paths import ROOT


def test_workflow_is_a_valid_github_actions_workflow():
    checker = Path(sys.executable).parent / "check-jsonschema"
    proc = subprocess.run(
        [
            str(checker),
            "--builtin-schema",
            "vendor.github-workflows",
            str(ROOT / ".github/workflows/book.yml"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflow_builds_with_make_and_deploys_only_from_main():
    flow = yaml.safe_load((ROOT / ".github/workflows/book.yml").read_text())
    steps = flow["jobs"]["build"]["steps"]
    assert any(s.get("run", "").strip() == "make test" for s in steps)
    assert "main" in flow["jobs"]["deploy"]["if"] and "push" in flow["jobs"]["deploy"]["if"]


def test_citation_cff_is_valid():
    schema = json.loads((ROOT / "tests/schemas/citation-cff-1.2.0.schema.json").read_text())
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    jsonschema.validate(citation, schema)
    assert citation["preferred-citation"]["authors"][0]["family-names"] == "Nurmakov"


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    assert "make book" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci/run").read_text()


def test_notebook_requirements_are_the_closure_of_what_notebooks_import():
    from kzedition import notebook_export

    listed = [
        line
        for line in (ROOT / notebook_export.NOTEBOOK_REQUIREMENTS).read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert listed == notebook_export.requirements_closure(), "stale: run `make notebooks`"


def test_lab_environment_pins_agree_with_the_book_and_hold_no_test_tools():
    def pins(name):
        return {
            line.split("==")[0].lower().replace("_", "-"): line.split("==")[1]
            for line in (ROOT / name).read_text().splitlines()
            if "==" in line and not line.startswith("#")
        }

    book, lab, notebook = (
        pins("requirements.txt"),
        pins("requirements-lab.txt"),
        pins("requirements-notebook.txt"),
    )
    assert {k: (book[k], lab[k]) for k in book.keys() & lab.keys() if book[k] != lab[k]} == {}
    assert notebook.items() <= lab.items()
    assert {"jupyterlab", "jupyterlab-myst", "ipykernel"} <= lab.keys()
    assert not {"pytest", "playwright", "kaleido", "jupyter-book", "sphinx"} & lab.keys()


# --- versions and releases -------------------------------------------------------------


def test_one_version_everywhere():
    from kzedition import __version__

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    zenodo = json.loads((ROOT / ".zenodo.json").read_text())
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert str(citation["version"]) == __version__
    assert zenodo["version"] == __version__
    assert (
        'version = { attr = "kzedition.__version__" }' in pyproject and 'dynamic = ["version"]' in pyproject
    )


def test_changelog_keeps_a_changelog():
    from kzedition import __version__

    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert "[Keep a Changelog](https://keepachangelog.com/" in changelog
    assert "## [Unreleased]" in changelog
    assert re.search(rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M)
    headings = re.findall(r"^### (\w+)$", changelog, re.M)
    assert set(headings) <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def test_zenodo_metadata_names_creators_licence_and_the_print_volume():
    zenodo = json.loads((ROOT / ".zenodo.json").read_text())
    publication = {
        row[0]: row[1] for row in csv.reader(io.StringIO((ROOT / "data/publication.csv").read_text()))
    }
    assert zenodo["creators"][0]["name"] == "Nurmakov, Adil"
    assert zenodo["license"] == "cc-by-3.0"
    related = {r["identifier"]: r for r in zenodo["related_identifiers"]}
    assert related[publication["isbn"]]["scheme"] == "isbn"
    assert related[publication["chapter_web_url"]]["scheme"] == "url"


def test_release_workflow_is_valid_and_checks_the_tag_first():
    checker = Path(sys.executable).parent / "check-jsonschema"
    workflow = ROOT / ".github/workflows/release.yml"
    proc = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    flow = yaml.safe_load(workflow.read_text())
    steps = [s.get("run", "") for s in flow["jobs"]["release"]["steps"]]
    first_run = next(s for s in steps if s)
    assert "tools.release check-tag" in first_run
    assert any("make test" in s for s in steps)
    assert any("site-zip" in s and "data-zip" in s and "pdf" in s and "epub" in s for s in steps)
