"""Catalogs: coverage against the threshold, fuzzy entries, integrity, glossary, stale .pot."""

from __future__ import annotations

from collections.abc import Iterator

from guidepress.checks import Context, Finding
from guidepress.errors import BuildError, GuidepressError, Reporter
from guidepress.i18n import glossary, pofiles


def check_catalogs(ctx: Context) -> Iterator[Finding]:
    config = ctx.config
    for locale in ctx.locales:
        if locale == config.source_locale:
            continue
        po = config.catalog_path(locale)
        shown = config.relative(po)
        if not po.is_file():
            yield Finding("catalogs", locale, "error", shown, 0, "no catalog")
            continue
        reporter = Reporter(quiet=True)
        try:
            status = ctx.pipeline.status(locale, reporter)
            catalog = pofiles.read(po, shown, locale)
        except GuidepressError as err:
            for d in err.diagnostics:
                yield Finding("catalogs", locale, "error", d.path, d.line, d.message)
            continue
        for d in reporter.diagnostics:
            yield Finding("catalogs", locale, d.severity, d.path, d.line, d.message)
        if status.coverage < config.threshold:
            yield Finding(
                "catalogs",
                locale,
                "error",
                shown,
                0,
                f"{status.coverage:.0%} translated; the publishing threshold is "
                f"{config.threshold:.0%}",
            )
        for message in catalog:
            if message.id and message.fuzzy:
                yield Finding(
                    "catalogs",
                    locale,
                    "warning",
                    shown,
                    message.lineno or 0,
                    "fuzzy entry: its English changed; review the translation",
                )
        yield from _glossary(ctx, locale, catalog)


def _glossary(ctx: Context, locale: str, catalog: object) -> Iterator[Finding]:
    folder = ctx.config.locales_dir / locale
    path = folder / "glossary.toml"
    shown_po = ctx.config.relative(ctx.config.catalog_path(locale))
    terms, problems = glossary.load_glossary(path, ctx.config.relative(path))
    if not path.is_file():
        yield Finding(
            "glossary",
            locale,
            "warning",
            ctx.config.relative(path),
            0,
            "no glossary for this language",
        )
    for d in problems:
        yield Finding("glossary", locale, "error", d.path, d.line, d.message)
    for d in glossary.inconsistencies(catalog, terms, shown_po):  # type: ignore[arg-type]
        yield Finding("glossary", locale, "warning", d.path, d.line, d.message)


def check_template(ctx: Context) -> Iterator[Finding]:
    from guidepress.i18n.commands import extract

    try:
        extract(ctx.config, check=True)
    except BuildError as err:
        for d in err.diagnostics:
            yield Finding("catalogs", ctx.config.source_locale, "error", d.path, d.line, d.message)
