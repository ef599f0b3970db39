"""`serve`: what an edit re-renders, in which order, in the server's own process."""

from __future__ import annotations

from pathlib import Path

from conftest import guidepress
from guidepress.config import load_project
from guidepress.render.registry import FORMAT_NAMES
from guidepress.serve import State, Watcher, affected_locales


def test_a_chapter_edit_touches_every_locale_a_catalog_only_its_own(project: Path) -> None:
    config = load_project(project / "guide.toml", FORMAT_NAMES).config
    chapter = project / "chapters" / "01-welcome.md"
    french = project / "locales" / "fr" / "LC_MESSAGES" / "guide.po"
    assert affected_locales(config, {chapter}) == ["en", "fr"]
    assert affected_locales(config, {french}) == ["fr"]
    assert affected_locales(config, {french, project / "chapters" / ".01-welcome.md.swp"}) == ["fr"]
    assert affected_locales(config, {project / "chapters" / "4913~"}) == []
    for unsafe in (
        project / "guide.toml",
        project / "templates" / "site" / "web.html",
        project / "chapters" / "03-new.md",  # a chapter added: the settings change
    ):
        assert affected_locales(config, {chapter, unsafe}) is None, unsafe


def test_the_viewed_locale_is_rendered_and_reloaded_first(project: Path) -> None:
    assert guidepress(project, "build", "--only", "web", "--only", "site").returncode == 0
    loaded = load_project(project / "guide.toml", FORMAT_NAMES)
    chapter = project / "chapters" / "01-welcome.md"
    chapter.write_text(chapter.read_text().replace("Keep the door open", "Leave the door ajar"))
    state = State()
    state.viewing = "fr"
    Watcher(loaded, state).changed({chapter})
    assert state.version == 2 and state.errors == ""  # reloaded after fr, then after the rest
    en, fr = (project / "build" / loc / "index.html" for loc in ("en", "fr"))
    assert "Leave the door ajar" in en.read_text()
    assert fr.stat().st_mtime_ns < en.stat().st_mtime_ns
