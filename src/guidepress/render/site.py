"""The web edition of each locale and the download page built from the manifest."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from guidepress.config import Config, Project
from guidepress.document import Chapter, Guide, Translations, join
from guidepress.document.formatting import file_size, percent
from guidepress.render import Artifact, Renderer
from guidepress.render.base import context, environment, translated_environment
from guidepress.render.chart import chart_drawer
from guidepress.render.tables import framed_tables
from guidepress.theme import Theme

ORDER = {("guide", "standard"): 0, ("guide", "large-print"): 1, ("handout", "standard"): 2}


def chapter_html(guide: Guide, chapter: Chapter, theme: Theme) -> str:
    env = environment(theme, guide)
    html = join(chapter.body, chart=chart_drawer(chapter, guide, env, None))
    return framed_tables(html, chapter.slug)


def own_files(config: Config, locale: str) -> list[dict[str, Any]]:
    """The manifest's entries for *locale*'s PDFs and EPUB (built before its web edition)."""
    try:
        data = json.loads((config.build_dir / "manifest.json").read_text(encoding="utf-8"))
        artifacts = data["artifacts"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [
        a
        for a in artifacts
        if isinstance(a, dict) and a.get("locale") == locale and a.get("kind") != "web"
    ]


def write_web(guide: Guide, project: Project, target: Path) -> None:
    """Write build/<lang>/index.html: the whole guide as one accessible page, linking to the
    language's own PDFs and EPUB (with their sizes, from the manifest)."""
    config = project.config
    locale = guide.locale
    others = [(loc, project.facts(loc).name) for loc in config.locales if loc != locale]
    chapters = [(c, chapter_html(guide, c, config.theme)) for c in guide.chapters]
    entries = locale_entries(project, own_files(config, locale))
    downloads = [
        replace(d, path=posixpath.relpath(d.path, locale)) for e in entries for d in e.downloads
    ]
    _write_page(
        "site/web.html",
        guide,
        config,
        target,
        chapters=chapters,
        others=others,
        downloads=downloads,
        language=project.facts(locale).name,
    )


def _write_page(
    template: str, guide: Guide, config: Config, target: Path, **variables: Any
) -> None:
    """Render a site page with its stylesheet inlined (one self-contained file)."""
    env = environment(config.theme, guide)
    css = env.get_template("site/site.css").render(context(guide))
    html = env.get_template(template).render(context(guide, css=css, **variables))
    target.write_text(html, encoding="utf-8")


@dataclass(frozen=True)
class Download:
    """One file on the download page."""

    kind: str
    edition: str
    paper: str | None
    path: str
    format: str
    size: str
    pages: int | None
    sha256: str


@dataclass(frozen=True)
class LocaleEntry:
    """One language on the download page."""

    locale: str
    name: str
    direction: str
    draft: bool
    coverage: str
    web: str | None
    downloads: list[Download]


def locale_entries(project: Project, artifacts: list[dict[str, Any]]) -> list[LocaleEntry]:
    """One entry per locale in the manifest, its figures formatted for that locale."""
    entries = []
    for locale in project.config.locales:
        facts = project.facts(locale)
        mine = [a for a in artifacts if a["locale"] == locale]
        if not mine:
            continue
        files = sorted(
            (a for a in mine if a["kind"] != "web"),
            key=lambda a: (
                a["format"] == "epub",
                ORDER.get((a["kind"], a["edition"]), 9),
                a.get("paper") or "",
            ),
        )
        web = next((a["path"] for a in mine if a["kind"] == "web"), None)
        entries.append(
            LocaleEntry(
                locale,
                facts.name,
                facts.direction,
                any(a.get("draft") for a in mine),
                percent(mine[0]["coverage"], locale),
                web,
                [
                    Download(
                        a["kind"],
                        a["edition"],
                        a.get("paper"),
                        a["path"],
                        a["format"].upper(),
                        file_size(a["bytes"], locale),
                        a.get("pages"),
                        a["sha256"],
                    )
                    for a in files
                ],
            )
        )
    return entries


def write_download_page(
    guide: Guide,
    project: Project,
    artifacts: list[dict[str, Any]],
    uis: Mapping[str, Translations],
    target: Path,
) -> None:
    """Write build/index.html from the manifest: each language's section in that language."""
    config = project.config
    entries = locale_entries(project, artifacts)
    sections = []
    for entry in entries:
        env = translated_environment(config.theme, uis.get(entry.locale, guide.ui))
        sections.append(env.get_template("site/locale.html").render(entry=entry))
    _write_page("site/index.html", guide, config, target, entries=entries, sections=sections)


class WebRenderer(Renderer):
    """The web edition: the whole guide of one locale as one self-contained page."""

    name = "web"
    kind = "web"
    format = "html"
    templates = ("site", "shared")

    def artifacts(self, config: Config, locale: str) -> list[Artifact]:
        if not self.wanted(config):
            return []
        return [self.artifact(locale, None, "standard", f"{locale}/index.html")]

    def built_inputs(self, config: Config, locale: str) -> Any:
        return own_files(config, locale)

    def write(self, guide: Guide, artifact: Artifact, project: Project, target: Path) -> int | None:
        write_web(guide, project, target)
        return None
