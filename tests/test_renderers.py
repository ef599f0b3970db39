"""The renderer registry: one entry per format, and the plan is their artifacts, flattened."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_project
from guidepress.build import plan
from guidepress.config import load_config
from guidepress.errors import InputError
from guidepress.render import Renderer
from guidepress.render.registry import FORMAT_NAMES, RENDERERS, renderer
from guidepress.theme import PACKAGED

TEMPLATES = PACKAGED


def test_every_renderer_has_its_own_name() -> None:
    names = [r.name for r in RENDERERS]
    assert len(names) == len(set(names)) == 5
    assert all(isinstance(r, Renderer) and renderer(r.name) is r for r in RENDERERS)


def test_guide_toml_chooses_formats_among_the_renderers_it_is_given(tmp_path: Path) -> None:
    toml = make_project(tmp_path) / "guide.toml"
    lines = toml.read_text(encoding="utf-8").splitlines()
    formats_line = next(n for n, line in enumerate(lines, 1) if line.startswith("formats ="))
    del lines[formats_line - 1]
    toml.write_text("\n".join(lines), encoding="utf-8")
    assert load_config(toml, FORMAT_NAMES).formats == FORMAT_NAMES  # all by default
    assert load_config(toml, ("pdf", "docx")).formats == ("pdf", "docx")
    lines.insert(formats_line - 1, 'formats = ["pdf", "docx"]')
    toml.write_text("\n".join(lines), encoding="utf-8")
    assert load_config(toml, ("pdf", "docx", "epub")).formats == ("pdf", "docx")
    with pytest.raises(InputError) as refused:
        load_config(toml, FORMAT_NAMES)
    (problem,) = refused.value.diagnostics
    assert (problem.line, problem.message.split(";")[0]) == (formats_line, "unknown format 'docx'")


def test_every_renderer_reads_template_folders_that_exist() -> None:
    for r in RENDERERS:
        assert r.templates and all((TEMPLATES / folder).is_dir() for folder in r.templates)


def test_plan_is_the_renderers_artifacts_flattened(tmp_path: Path) -> None:
    config = load_config(make_project(tmp_path) / "guide.toml", FORMAT_NAMES)
    expected = [a for loc in ("en", "fr") for r in RENDERERS for a in r.artifacts(config, loc)]
    artifacts = plan(config, ["en", "fr"])
    assert artifacts == expected
    assert len(artifacts) == 16
    assert {a.only_key for a in artifacts} == set(FORMAT_NAMES)
    assert all(a.path.startswith(f"{a.locale}/") for a in artifacts)
