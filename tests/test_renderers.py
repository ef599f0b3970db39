"""The renderer registry: one entry per format, and the plan is their artifacts, flattened."""

from __future__ import annotations

from pathlib import Path

from conftest import make_project
from guidepress.build import plan
from guidepress.config import FORMATS, load_config
from guidepress.render import Renderer
from guidepress.render.registry import RENDERERS, renderer

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def test_every_format_guide_toml_accepts_has_exactly_one_renderer() -> None:
    names = [r.name for r in RENDERERS]
    assert len(names) == len(set(names))
    assert set(names) == set(FORMATS)
    assert all(isinstance(r, Renderer) and renderer(r.name) is r for r in RENDERERS)


def test_every_renderer_reads_template_folders_that_exist() -> None:
    for r in RENDERERS:
        assert r.templates and all((TEMPLATES / folder).is_dir() for folder in r.templates)


def test_plan_is_the_renderers_artifacts_flattened(tmp_path: Path) -> None:
    config = load_config(make_project(tmp_path) / "guide.toml")
    expected = [a for loc in ("en", "fr") for r in RENDERERS for a in r.artifacts(config, loc)]
    artifacts = plan(config, ["en", "fr"])
    assert artifacts == expected
    assert len(artifacts) == 16
    assert {a.only_key for a in artifacts} == set(FORMATS)
    assert all(a.path.startswith(f"{a.locale}/") for a in artifacts)
