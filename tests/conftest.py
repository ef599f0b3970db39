"""Shared fixtures: copy a fixture guide into a temporary folder and build it once."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Run:
    """The outcome of one `guidepress` command."""

    returncode: int
    stdout: str
    stderr: str


def make_project(tmp: Path, fixture: str = "mini") -> Path:
    """Copy a fixture guide into *tmp* (its templates come from the packaged theme)."""
    project = tmp / fixture
    shutil.copytree(FIXTURES / fixture, project)
    return project


def guidepress(project: Path, *args: str) -> Run:
    """Run the CLI as a user would, in its own process."""
    done = subprocess.run(
        [sys.executable, "-m", "guidepress", "-C", str(project), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini fixture guide, built once for the whole session; returns its build/."""
    project = make_project(tmp_path_factory.mktemp("mini"))
    run = guidepress(project, "build")
    assert run.returncode == 0, run.stderr
    return project / "build"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh, writable copy of the mini fixture guide."""
    return make_project(tmp_path)
