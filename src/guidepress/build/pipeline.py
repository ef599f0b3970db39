"""One process's view of the pipeline: sources, catalogs and Guides, each made once.

A `Pipeline` is made from the `Project` value and keeps what it computed on itself (not in
module-level caches): the build's main process has one, and so does each worker process.
"""

from __future__ import annotations

from dataclasses import dataclass

from guidepress.config import Project
from guidepress.document import Guide, assemble
from guidepress.errors import Reporter
from guidepress.i18n.catalogs import LocaleCatalog, load_locale
from guidepress.markdown.sources import Sources, read_sources
from guidepress.markdown.units import Unit, chapter_units


@dataclass(frozen=True)
class LocaleStatus:
    """How complete a locale is, and whether it is built as a draft."""

    locale: str
    coverage: float
    draft: bool
    skipped: bool


class Pipeline:
    """Config -> sources -> units -> catalogs -> Guide, computed on demand and kept."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.config = project.config
        self._sources: Sources | None = None
        self._units: tuple[Unit, ...] | None = None
        self._catalogs: dict[str, LocaleCatalog] = {}
        self._guides: dict[LocaleStatus, Guide] = {}

    def sources(self) -> Sources:
        """Every chapter and the handout, read once."""
        if self._sources is None:
            self._sources = read_sources(self.config)
        return self._sources

    def units(self) -> tuple[Unit, ...]:
        """Every translation unit of the chapters and the handout."""
        if self._units is None:
            every = self.sources().every()
            self._units = tuple(unit for chapter in every for unit in chapter_units(chapter))
        return self._units

    def catalog(self, locale: str, reporter: Reporter) -> LocaleCatalog:
        """The locale's catalog; its warnings go to *reporter* on every call."""
        if locale not in self._catalogs:
            self._catalogs[locale] = load_locale(self.config, locale)
        found = self._catalogs[locale]
        for warning in found.warnings:
            reporter.add(warning)
        return found

    def status(self, locale: str, reporter: Reporter) -> LocaleStatus:
        """Measure a locale's coverage and decide: publish, draft or skip."""
        cfg = self.config
        if locale == cfg.source_locale:
            return LocaleStatus(locale, 1.0, False, False)
        coverage = self.catalog(locale, reporter).coverage(list(self.units()))
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

    def guide(self, status: LocaleStatus, reporter: Reporter) -> Guide:
        """The translated Guide of one locale."""
        found = self.catalog(status.locale, reporter)
        if status not in self._guides:
            sources = self.sources()
            self._guides[status] = assemble(
                self.config,
                self.project.facts(status.locale),
                list(sources.chapters),
                sources.handout,
                found.translate,
                found.ui(),
                status.coverage,
                status.draft,
            )
        return self._guides[status]
