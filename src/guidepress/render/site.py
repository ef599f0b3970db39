"""The web edition of each locale and the download page built from the manifest."""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal

from guidepress.config import Config
from guidepress.document import Chapter, Guide, language_name
from guidepress.render.base import context, environment, translated_environment
from guidepress.render.chart import data_uri, insert_charts

ORDER = {("guide", "standard"): 0, ("guide", "large-print"): 1, ("handout", "standard"): 2}


def chapter_html(guide: Guide, chapter: Chapter, templates: Path) -> str:
    env = environment(templates, guide)
    return insert_charts(chapter.html, chapter, guide, env, data_uri)


def write_web(guide: Guide, config: Config, target: Path) -> None:
    """Write build/<lang>/index.html: the whole guide as one accessible page."""
    others = [(loc, language_name(loc)) for loc in config.locales if loc != guide.locale]
    chapters = [(c, chapter_html(guide, c, config.templates_dir)) for c in guide.chapters]
    _write_page("site/web.html", guide, config, target, chapters=chapters, others=others)


def _write_page(
    template: str, guide: Guide, config: Config, target: Path, **variables: Any
) -> None:
    """Render a site page with its stylesheet inlined (one self-contained file)."""
    env = environment(config.templates_dir, guide)
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


def _size(count: int, locale: str) -> str:
    value = count / 1_000_000 if count >= 1_000_000 else count / 1000
    unit = "MB" if count >= 1_000_000 else "kB"
    return f"{format_decimal(round(value, 1), locale=locale)} {unit}"


def locale_entries(config: Config, artifacts: list[dict[str, Any]]) -> list[LocaleEntry]:
    """One entry per locale in the manifest, its figures formatted for that locale."""
    from babel import Locale

    entries = []
    for locale in config.locales:
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
                language_name(locale),
                Locale.parse(locale).text_direction,
                any(a.get("draft") for a in mine),
                f"{format_decimal(round(100 * mine[0]['coverage']), locale=locale)} %",
                web,
                [
                    Download(
                        a["kind"],
                        a["edition"],
                        a.get("paper"),
                        a["path"],
                        a["format"].upper(),
                        _size(a["bytes"], locale),
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
    config: Config,
    artifacts: list[dict[str, Any]],
    uis: Mapping[str, gettext.NullTranslations],
    target: Path,
) -> None:
    """Write build/index.html from the manifest: each language's section in that language."""
    entries = locale_entries(config, artifacts)
    sections = []
    for entry in entries:
        env = translated_environment(config.templates_dir, uis.get(entry.locale, guide.ui))
        sections.append(env.get_template("site/locale.html").render(entry=entry))
    _write_page("site/index.html", guide, config, target, entries=entries, sections=sections)
