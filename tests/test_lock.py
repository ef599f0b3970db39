"""Two virtual environments made from the lock file build byte-identical guides.

The wheels come from the folder that `nox -s tests` fills from requirements/main.txt
(hashes checked), named by GUIDEPRESS_WHEELHOUSE, so the test itself needs no network.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import REPO, make_project

LOCK = REPO / "requirements" / "main.txt"


def _wheelhouse() -> Path:
    folder = os.environ.get("GUIDEPRESS_WHEELHOUSE")
    if folder and Path(folder).is_dir():
        return Path(folder)
    if os.environ.get("CI"):
        pytest.fail("GUIDEPRESS_WHEELHOUSE is not set (nox -s tests fills it from the lock)")
    pytest.skip("no wheelhouse of the locked packages; run through nox -s tests")


def _source_copy(folder: Path) -> Path:
    """What a wheel is built from, copied, so the build leaves nothing in the repository."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, folder / name)
    shutil.copytree(REPO / "src", folder / "src", ignore=shutil.ignore_patterns("*.egg-info"))
    return folder


def _locked_environment(folder: Path, wheels: Path) -> Path:
    """A fresh venv with exactly the locked packages, and guidepress installed from source."""
    venv.EnvBuilder(with_pip=True).create(folder)
    source = folder.with_name(folder.name + "-source")
    source.mkdir()
    python = folder / "bin" / "python"
    offline = ["--no-index", "--find-links", str(wheels), "--disable-pip-version-check", "-q"]
    pip = [str(python), "-m", "pip", "install", *offline]
    subprocess.run([*pip, "--require-hashes", "-r", str(LOCK)], check=True)
    subprocess.run(
        [*pip, "--no-deps", "--no-build-isolation", str(_source_copy(source))], check=True
    )
    return python


def _freeze(python: Path) -> list[str]:
    done = subprocess.run(
        [str(python), "-m", "pip", "freeze", "--exclude", "guidepress"],
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(done.stdout.split())


def _build(python: Path, project: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONPATH")}
    command = [str(python), "-m", "guidepress", "-C", str(project), "build", "--jobs", "2"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    build = project / "build"
    listed = json.loads((build / "manifest.json").read_text())["artifacts"]
    files = [build / a["path"] for a in listed] + [build / "manifest.json", build / "index.html"]
    return {str(p.relative_to(build)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_two_locked_environments_build_identical_bytes(tmp_path: Path) -> None:
    wheels = _wheelhouse()
    first = _locked_environment(tmp_path / "venv-one", wheels)
    second = _locked_environment(tmp_path / "venv-two", wheels)
    assert _freeze(first) == _freeze(second)
    assert "weasyprint==" + _locked_version("weasyprint") in _freeze(first)
    one = _build(first, make_project(tmp_path / "folder-one"))
    two = _build(second, make_project(tmp_path / "folder-two"))
    assert len(one) == 18  # 16 artifacts, the manifest and the download page
    assert one == two
    assert sys.prefix not in str(first)  # really another environment than the test's


def _locked_version(name: str) -> str:
    for line in LOCK.read_text().splitlines():
        if line.startswith(f"{name}=="):
            return line.split("==")[1].split()[0]
    raise AssertionError(f"{name} is not in {LOCK}")
