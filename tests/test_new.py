"""`guidepress new`: what it writes, and how it refuses bad input (the wheel test builds it)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path


def _new(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "guidepress", "new", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def test_new_writes_a_guide_with_its_languages_and_their_fonts(tmp_path: Path) -> None:
    run = _new(tmp_path, "guide", "--title", "Caring for Bees", "--locales", "en,ar")
    assert run.returncode == 0, run.stderr
    guide = tmp_path / "guide"
    settings = tomllib.loads((guide / "guide.toml").read_text())
    assert settings["guide"]["slug"] == "caring-for-bees"
    assert settings["guide"]["locales"] == ["en", "ar"]
    assert settings["fonts"]["Arab"]["body"] == "Noto Naskh Arabic"
    for name in ("README.md", ".gitignore", "chapters/01-welcome.md", "chapters/handout.md"):
        assert (guide / name).is_file(), name
    assert (guide / "locales" / "ar" / "LC_MESSAGES" / "guide.po").is_file()
    assert (guide / "locales" / "ar" / "glossary.toml").is_file()
    template = (guide / "locales" / "guide.pot").read_text()
    assert "guidepress/theme/pdf/guide.html" in template  # the packaged theme's strings
    assert "Chart:" not in template  # no chart in this guide, so no chart caption to translate


def test_new_refuses_a_folder_in_use_and_an_unknown_language(tmp_path: Path) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine")
    run = _new(tmp_path, "used")
    assert run.returncode == 2 and "used: error: exists and is not empty" in run.stderr
    assert (tmp_path / "used" / "notes.txt").read_text() == "mine"
    run = _new(tmp_path, "other", "--locales", "en,xx")
    assert run.returncode == 2 and "unknown locale 'xx'" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
