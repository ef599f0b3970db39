"""Every character a locale prints must be covered by the fonts declared for it."""

from __future__ import annotations

from guidepress import fonts
from guidepress.catalogs import LocaleCatalog
from guidepress.config import Config
from guidepress.document import font_stacks
from guidepress.errors import Diagnostic
from guidepress.sources import Unit


def families(config: Config, locale: str) -> tuple[str, ...]:
    """The locale's declared font families (its script's, then Latin's)."""
    return tuple(
        dict.fromkeys(
            name for stack in font_stacks(config, locale) for name in (stack.body, stack.heading)
        )
    )


def missing_glyphs(
    config: Config, locale: str, units: tuple[Unit, ...], catalog: LocaleCatalog
) -> list[Diagnostic]:
    """One error per text that holds a character no declared font can draw."""
    declared = families(config, locale)
    problems = []
    texts: list[tuple[str | None, str, str, int]] = [
        (unit.context, unit.msgid, unit.path, unit.line) for unit in units
    ]
    texts += [(context, msgid, "", 0) for context, msgid in catalog.table if context is None]
    shown_po = config.relative(config.catalog_path(locale))
    for context, msgid, path, line in texts:
        key = (context, msgid)
        text = catalog.table.get(key, msgid)
        missing = fonts.uncovered(text, declared)
        if not missing:
            continue
        where = (shown_po, catalog.lines.get(key, 0)) if key in catalog.table else (path, line)
        names = ", ".join(fonts.describe(c) for c in missing)
        problems.append(
            Diagnostic(
                where[0],
                where[1],
                "error",
                f"{locale}: no declared font ({', '.join(declared)}) has a glyph for {names}",
            )
        )
    return problems
