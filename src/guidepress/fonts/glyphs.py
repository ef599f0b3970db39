"""Every character a locale prints must be covered by the fonts declared for it."""

from __future__ import annotations

from guidepress.config import Config, LocaleFacts
from guidepress.errors import Diagnostic
from guidepress.fonts import system as fonts
from guidepress.i18n.catalogs import LocaleCatalog
from guidepress.markdown.units import Unit


def families(facts: LocaleFacts) -> tuple[str, ...]:
    """The locale's declared font families (its script's, then Latin's)."""
    return tuple(
        dict.fromkeys(name for stack in facts.fonts for name in (stack.body, stack.heading))
    )


def missing_glyphs(
    config: Config, facts: LocaleFacts, units: tuple[Unit, ...], catalog: LocaleCatalog
) -> list[Diagnostic]:
    """One error per text that holds a character no declared font can draw."""
    locale = facts.code
    declared = families(facts)
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
