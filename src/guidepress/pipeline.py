"""Per-process loaders for the pipeline's stages: config, sources, catalogs, Guide.

Each worker process loads these once and reuses them for every artifact it renders.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from guidepress.catalogs import LocaleCatalog, load_locale
from guidepress.config import Config, load_config
from guidepress.document import Guide, assemble
from guidepress.errors import Reporter
from guidepress.sources import SourceChapter, Unit, chapter_units, load_sources


@dataclass(frozen=True)
class LocaleStatus:
    """How complete a locale is, and whether it is built as a draft."""

    locale: str
    coverage: float
    draft: bool
    skipped: bool


@cache
def config(path: str) -> Config:
    return load_config(Path(path))


@cache
def sources(path: str) -> tuple[tuple[SourceChapter, ...], SourceChapter | None]:
    """Read every chapter and the handout; all unreadable files are reported together."""
    cfg = config(path)
    files = [(c.number, c.slug, c.path, cfg.relative(c.path)) for c in cfg.chapters]
    if cfg.handout is not None:
        files.append((0, cfg.handout.stem, cfg.handout, cfg.relative(cfg.handout)))
    loaded = load_sources(tuple(files), cfg.root)
    if cfg.handout is not None:
        return tuple(loaded[:-1]), loaded[-1]
    return tuple(loaded), None


@cache
def units(path: str) -> tuple[Unit, ...]:
    chapters, handout = sources(path)
    every = [*chapters, *([handout] if handout else [])]
    return tuple(unit for chapter in every for unit in chapter_units(chapter))


_CATALOGS: dict[tuple[str, str], LocaleCatalog] = {}
_GUIDES: dict[tuple[str, LocaleStatus], Guide] = {}


def catalog(path: str, locale: str, reporter: Reporter) -> LocaleCatalog:
    key = (path, locale)
    if key not in _CATALOGS:
        _CATALOGS[key] = load_locale(config(path), locale, reporter)
    return _CATALOGS[key]


def locale_status(path: str, locale: str, reporter: Reporter) -> LocaleStatus:
    """Measure a locale's coverage and decide: publish, draft or skip."""
    cfg = config(path)
    if locale == cfg.source_locale:
        return LocaleStatus(locale, 1.0, False, False)
    coverage = catalog(path, locale, reporter).coverage(list(units(path)))
    below = coverage < cfg.threshold
    if below:
        action = "left out" if cfg.below_threshold == "skip" else "built as a draft"
        reporter.warn(
            cfg.relative(cfg.catalog_path(locale)),
            0,
            f"{locale} is {coverage:.0%} translated, below the publishing threshold of "
            f"{cfg.threshold:.0%}: {action}",
        )
    draft = below and cfg.below_threshold == "draft"
    return LocaleStatus(locale, coverage, draft, below and cfg.below_threshold == "skip")


def guide(path: str, status: LocaleStatus, reporter: Reporter) -> Guide:
    """The translated Guide of one locale."""
    key = (path, status)
    if key not in _GUIDES:
        found = catalog(path, status.locale, reporter)
        chapters, handout = sources(path)
        _GUIDES[key] = assemble(
            config(path),
            status.locale,
            list(chapters),
            handout,
            found.translate,
            found.ui(),
            status.coverage,
            status.draft,
        )
    return _GUIDES[key]
