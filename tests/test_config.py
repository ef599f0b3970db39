"""guide.toml mistakes: every problem reported as `guide.toml:LINE: error:`, exit 2."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import guidepress
from guidepress.config.reference import json_schema, json_schema_text, markdown_reference
from guidepress.config.schema import SCHEMA


def _edit(project: Path, old: str, new: str) -> None:
    path = project / "guide.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _line_of(project: Path, needle: str) -> int:
    lines = (project / "guide.toml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_every_problem_is_reported_with_its_line(project: Path) -> None:
    _edit(project, 'version = "0.1.0"', 'version = "0.1.0"\ncolour = "blue"')
    _edit(project, "threshold = 0.5", 'threshold = "half"')
    _edit(project, 'papers = ["a4", "letter"]', 'papers = ["a4", "a3"]')
    run = guidepress(project, "build")
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 3, run.stderr
    assert (
        f"guide.toml:{_line_of(project, 'colour')}: error: unknown key guide.colour" in run.stderr
    )
    assert re.search(
        rf"guide.toml:{_line_of(project, 'threshold =')}: error: "
        r"publishing.threshold must be a number",
        run.stderr,
    )
    assert f"guide.toml:{_line_of(project, 'papers =')}: error: output.papers" in run.stderr


def test_missing_chapters_folder_and_unknown_locale(project: Path) -> None:
    _edit(project, 'chapters = "chapters"', 'chapters = "no-such-folder"')
    _edit(project, 'locales = ["en", "fr"]', 'locales = ["en", "fr", "xx-nope"]')
    run = guidepress(project, "build")
    assert run.returncode == 2
    assert f"guide.toml:{_line_of(project, 'chapters =')}: error: chapters folder" in run.stderr
    assert (
        f"guide.toml:{_line_of(project, 'locales =')}: error: unknown locale 'xx-nope'"
        in run.stderr
    )
    assert "Traceback" not in run.stderr


def test_invalid_toml_syntax_names_the_line(project: Path) -> None:
    _edit(project, 'title = "Mini Guide"', 'title = "Mini Guide')
    run = guidepress(project, "build")
    assert run.returncode == 2
    assert re.search(r"guide.toml:\d+: error: invalid TOML", run.stderr)


def test_chapter_with_broken_front_matter(project: Path) -> None:
    chapter = project / "chapters" / "01-welcome.md"
    chapter.write_text(chapter.read_text().replace("title: Welcome", "title: [Welcome"))
    run = guidepress(project, "build")
    assert run.returncode == 2
    assert re.search(r"chapters/01-welcome.md:\d+: error: malformed front matter", run.stderr)
    assert not (project / "build" / "manifest.json").exists()


def test_the_guide_toml_reference_and_json_schema_are_made_from_the_loaders_schema() -> None:
    """docs/ holds what `scripts/config_reference.py` writes; regenerate it after a change."""
    docs = Path(__file__).resolve().parents[1] / "docs"
    assert (docs / "guide-toml.md").read_text(encoding="utf-8") == markdown_reference()
    assert (docs / "guide.schema.json").read_text(encoding="utf-8") == json_schema_text()
    schema = json_schema()
    for section, keys in SCHEMA.items():
        assert set(schema["properties"][section]["properties"]) == set(keys)
        for name in keys:
            assert f"| `{name}` |" in markdown_reference()
