"""The in-page Python's files: fetched from the registries, checked, cached.

``requirements-pyodide.yml`` declares what the browser loads: the Pyodide
release (the npm package ``pyodide``, pinned in ``package.json``: the
interpreter, its standard library and the release's official
``pyodide-lock.json``) and the Python packages, each pinned with its sha256
on PyPI. :func:`assemble` gathers them into a cache folder under
``_build/runtime/`` and returns a :class:`Runtime`:

1. the core files are copied from ``node_modules/pyodide`` (``npm ci``
   checked them against ``package-lock.json``), after checking that the
   package and its lock are the declared release;
2. the wheels are downloaded by pip in hash-checking mode for the release's
   platform; a wheel carried inside another package (numpy, see the YAML
   file) is taken out of it; a source release is built into a pure wheel;
3. every wheel that the official lock lists is checked against the lock's
   sha256 (numpy must be listed), and every file's sha256 and size go into
   the cache's ``manifest.json``.

A cache folder is named by the digest of the declaration, so a changed pin
fetches anew and an unchanged one costs nothing; a cache whose files no
longer match their manifest is fetched again. Anything that fails raises
:class:`RuntimeUnavailableError` with one sentence saying what and how to build
without the Run control. Nothing here imports Sphinx:
:mod:`kzedition.sphinxext.run_cells` wires it into the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from kzedition.paths import ROOT

SPEC = ROOT / "requirements-pyodide.yml"
NODE_PACKAGE = ROOT / "node_modules" / "pyodide"
CACHE = ROOT / "_build" / "runtime"
#: The files of the npm package a page needs (the worker loads pyodide.js).
CORE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
OPT_OUT = "KZEDITION_RUN_CELLS=off"


class RuntimeUnavailableError(Exception):
    """The in-page Python's files cannot be had or do not check out."""

    def __init__(self, message: str):
        super().__init__(f"{message} Build without the Run control with {OPT_OUT}.")


@dataclass(frozen=True)
class Package:
    """One entry of ``packages`` in ``requirements-pyodide.yml``."""

    requirement: str
    sha256: str | None = None  # of the wheel on PyPI
    inside: str | None = None  # a PyPI package that carries the wheel
    inside_sha256: str | None = None
    member: str | None = None  # the wheel's path inside it
    sdist_sha256: str | None = None  # a source release built into a pure wheel
    build_env: dict | None = None
    #: ``{"folder": "babel/locale-data/", "files": [...]}``: of that folder of the wheel, only
    #: these files are kept (the rest of a large data folder the page never reads is dropped)
    keep: dict | None = None

    @property
    def name(self) -> str:
        return self.requirement.split("==")[0]


@dataclass(frozen=True)
class Spec:
    pyodide: str
    python: str
    platform: str
    packages: tuple[Package, ...]
    digest: str


@dataclass(frozen=True)
class RuntimeFile:
    name: str
    sha256: str
    size: int
    kind: str  # "core" or "wheel"


@dataclass(frozen=True)
class Runtime:
    """A checked cache folder: the files a page loads, wheels in load order."""

    folder: Path
    version: str
    files: tuple[RuntimeFile, ...]

    @property
    def wheels(self) -> list[RuntimeFile]:
        return [f for f in self.files if f.kind == "wheel"]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_spec(path: Path = SPEC) -> Spec:
    """Read and check the declaration; a malformed entry raises :class:`RuntimeUnavailableError`."""
    where = path.name
    try:
        text = path.read_text(encoding="utf-8")
        raw = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise RuntimeUnavailableError(f"{where} cannot be read: {exc}.") from None
    if not isinstance(raw, dict):
        raise RuntimeUnavailableError(
            f"{where} must be a mapping with pyodide, python, platform and packages."
        )
    for key in ("pyodide", "python", "platform", "packages"):
        if not raw.get(key):
            raise RuntimeUnavailableError(f"{where} has no {key!r}.")
    packages = []
    fields = set(Package.__dataclass_fields__)
    for number, entry in enumerate(raw["packages"], 1):
        if (
            not isinstance(entry, dict)
            or set(entry) - fields
            or "==" not in str(entry.get("requirement", ""))
        ):
            raise RuntimeUnavailableError(
                f"{where}, package {number}: give requirement (name==version) and one of sha256, "
                f"inside + inside_sha256 + member, or sdist_sha256 (fields: {', '.join(sorted(fields))})."
            )
        keep = entry.get("keep")
        if keep is not None and not (
            isinstance(keep, dict)
            and set(keep) == {"folder", "files"}
            and isinstance(keep["folder"], str)
            and keep["folder"].endswith("/")
            and isinstance(keep["files"], list)
            and keep["files"]
        ):
            raise RuntimeUnavailableError(
                f"{where}, package {number}: keep takes folder (a path ending in /) and files (a list of names)."
            )
        for key in ("sha256", "inside_sha256", "sdist_sha256"):
            if key in entry and not (
                isinstance(entry[key], str) and re.fullmatch(r"[0-9a-f]{64}", entry[key])
            ):
                raise RuntimeUnavailableError(
                    f"{where}, package {number}: {key} must be 64 hexadecimal digits, not {entry[key]!r}."
                )
        package = Package(**entry)
        ways = [bool(package.sha256), bool(package.inside), bool(package.sdist_sha256)]
        if sum(ways) != 1 or (package.inside and not (package.inside_sha256 and package.member)):
            raise RuntimeUnavailableError(
                f"{where}, package {number} ({package.requirement}): give exactly one of sha256, "
                "inside (with inside_sha256 and member) or sdist_sha256."
            )
        packages.append(package)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return Spec(str(raw["pyodide"]), str(raw["python"]), raw["platform"], tuple(packages), digest)


def _pip(args: list[str], requirement: str, env: dict | None = None) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    if proc.returncode != 0:
        said = proc.stderr or proc.stdout
        if "DO NOT MATCH THE HASHES" in said:
            raise RuntimeUnavailableError(
                f"the download of {requirement} does not match the sha256 pinned in {SPEC.name}."
            )
        last = [line.strip() for line in said.splitlines() if line.strip()][-1:]
        raise RuntimeUnavailableError(
            f"pip could not fetch {requirement} for the in-page Python ({' '.join(last) or 'no output'})."
        )


def _download(spec: Spec, requirement: str, sha256: str, into: Path, binary: bool = True) -> Path:
    """pip download one pinned file in hash-checking mode; return its path."""
    with tempfile.TemporaryDirectory() as tmp:
        pins = Path(tmp) / "requirements.txt"
        pins.write_text(f"{requirement} --hash=sha256:{sha256}\n", encoding="utf-8")
        target = Path(tmp) / "files"
        args = ["download", "--quiet", "--no-deps", "--require-hashes", "-r", str(pins), "-d", str(target)]
        if binary:
            python = spec.python.replace(".", "")
            args += ["--only-binary=:all:", "--python-version", spec.python, "--implementation", "cp"]
            args += ["--abi", f"cp{python}", "--platform", spec.platform]
        else:
            args += ["--no-binary=:all:"]
        _pip(args, requirement)
        (found,) = list(target.iterdir())
        return Path(shutil.move(str(found), into / found.name))


def _fetch(spec: Spec, package: Package, into: Path) -> Path:
    """The wheel of one declared package, in ``into``."""
    if package.sha256:
        return _download(spec, package.requirement, package.sha256, into)
    with tempfile.TemporaryDirectory() as tmp:
        if package.inside:
            carrier = _download(spec, package.inside, package.inside_sha256, Path(tmp))
            with zipfile.ZipFile(carrier) as archive:
                if package.member not in archive.namelist():
                    raise RuntimeUnavailableError(f"{package.inside} does not carry {package.member}.")
                target = into / Path(package.member).name
                target.write_bytes(archive.read(package.member))
            return target
        sdist = _download(spec, package.requirement, package.sdist_sha256, Path(tmp), binary=False)
        env = {**(package.build_env or {}), "SOURCE_DATE_EPOCH": "315532800"}  # reproducible zip
        _pip(
            ["wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index", "-w", tmp, str(sdist)],
            package.requirement,
            env,
        )
        (wheel,) = Path(tmp).glob("*.whl")
        if not wheel.name.endswith("-py3-none-any.whl"):
            raise RuntimeUnavailableError(f"{package.requirement} built into {wheel.name}, not a pure wheel.")
        return Path(shutil.move(str(wheel), into / wheel.name))


def _check_core(spec: Spec, node_package: Path) -> dict:
    """The npm package's version and its lock's; returns the lock's packages."""
    manifest = node_package / "package.json"
    if not manifest.is_file():
        raise RuntimeUnavailableError(
            f"the npm package pyodide is not installed ({manifest} is missing): run 'npm ci --ignore-scripts'."
        )
    version = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    lock = json.loads((node_package / "pyodide-lock.json").read_text(encoding="utf-8"))
    if version != spec.pyodide or lock["info"]["version"] != spec.pyodide:
        raise RuntimeUnavailableError(
            f"requirements-pyodide.yml declares Pyodide {spec.pyodide}, but node_modules holds {version} "
            f"(its lock says {lock['info']['version']}): pin pyodide@{spec.pyodide} in package.json."
        )
    return lock["packages"]


def check_against_lock(wheel: Path, package: Package, locked: dict) -> None:
    """A wheel the official lock lists (by file name) must have the lock's sha256.

    A package taken out of another one must be listed: the lock is then the
    only word on it.
    """
    entry = next((e for e in locked.values() if e.get("file_name") == wheel.name), None)
    if entry is None:
        if package.inside:
            raise RuntimeUnavailableError(
                f"{wheel.name} (from {package.inside}) is not in Pyodide's official pyodide-lock.json."
            )
        return
    if _sha256(wheel) != entry["sha256"]:
        raise RuntimeUnavailableError(
            f"{wheel.name} does not match the sha256 in Pyodide's official pyodide-lock.json."
        )


def trimmed(wheel: Path, keep: dict) -> Path:
    """Rewrite ``wheel`` without the files of ``keep["folder"]`` not named in ``keep["files"]``.

    The entries kept are copied as they are (names, dates, bytes: the same
    wheel gives the same file), and the wheel's ``RECORD`` lists only them.
    """
    folder, files = keep["folder"], set(keep["files"])
    with zipfile.ZipFile(wheel) as source:
        entries = [
            e
            for e in source.infolist()
            if not e.filename.startswith(folder) or e.filename[len(folder) :] in files
        ]
        missing = files - {e.filename[len(folder) :] for e in entries if e.filename.startswith(folder)}
        if missing:
            raise RuntimeUnavailableError(
                f"{wheel.name} has no {', '.join(sorted(folder + f for f in missing))}."
            )
        kept = {e.filename for e in entries}
        data = {e.filename: source.read(e) for e in entries}
    for name in data:
        if name.endswith(".dist-info/RECORD"):
            lines = data[name].decode().splitlines(keepends=True)
            data[name] = "".join(line for line in lines if line.split(",", 1)[0] in kept).encode()
    out = wheel.with_suffix(".trimmed")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in entries:
            target.writestr(entry, data[entry.filename])
    out.replace(wheel)
    return wheel


def _manifest_holds(folder: Path) -> Runtime | None:
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        return None
    data = json.loads(manifest.read_text(encoding="utf-8"))
    files = tuple(RuntimeFile(**f) for f in data["files"])
    for f in files:
        path = folder / f.name
        if not path.is_file() or path.stat().st_size != f.size or _sha256(path) != f.sha256:
            return None
    return Runtime(folder, data["pyodide"], files)


def assemble(spec: Spec | None = None, cache: Path = CACHE, node_package: Path = NODE_PACKAGE) -> Runtime:
    """The checked runtime folder for ``spec``, fetched into ``cache`` when missing."""
    spec = spec or load_spec()
    folder = cache / f"pyodide-{spec.pyodide}-{spec.digest}"
    cached = _manifest_holds(folder)
    if cached is not None:
        return cached
    locked = _check_core(spec, node_package)
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="fetching-", dir=cache))
    try:
        for name in CORE_FILES:
            shutil.copyfile(node_package / name, staging / name)
        wheels = []
        for package in spec.packages:
            wheel = _fetch(spec, package, staging)
            check_against_lock(wheel, package, locked)
            wheels.append(trimmed(wheel, package.keep) if package.keep else wheel)
        files = [
            RuntimeFile(n, _sha256(staging / n), (staging / n).stat().st_size, "core") for n in CORE_FILES
        ]
        files += [RuntimeFile(w.name, _sha256(w), w.stat().st_size, "wheel") for w in wheels]
        manifest = {"pyodide": spec.pyodide, "files": [f.__dict__ for f in files]}
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Runtime(folder, spec.pyodide, tuple(files))


if __name__ == "__main__":  # fetch and check now: python -m kzedition.sphinxext.pyodide_runtime
    runtime = assemble()
    total = sum(f.size for f in runtime.files)
    print(
        f"Pyodide {runtime.version}: {len(runtime.files)} files, {total / 2**20:.1f} MiB in {runtime.folder}"
    )
