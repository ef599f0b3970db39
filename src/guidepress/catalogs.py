"""Load a locale's gettext catalog and translate units with it, falling back to English."""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Message

from guidepress import integrity, pofiles
from guidepress.config import Config
from guidepress.errors import Reporter
from guidepress.sources import Unit


class CatalogTranslations(gettext.NullTranslations):
    """gettext translations for template strings, read from a Babel catalog."""

    def __init__(self, table: dict[tuple[str | None, str], str]) -> None:
        super().__init__()
        self._table = table

    def gettext(self, message: str) -> str:
        return self._table.get((None, message), message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1) if n == 1 else self.gettext(msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return self._table.get((context, message), message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self.pgettext(context, msgid1 if n == 1 else msgid2)


@dataclass
class LocaleCatalog:
    """The usable translations of one locale and what was used of them."""

    locale: str
    path: Path | None
    table: dict[tuple[str | None, str], str] = field(default_factory=dict)
    lines: dict[tuple[str | None, str], int] = field(default_factory=dict)

    def translate(self, context: str, msgid: str) -> str:
        return self.table.get((context, msgid), msgid)

    def coverage(self, units: list[Unit]) -> float:
        """Return the share of *units* that have a usable translation."""
        if not units:
            return 1.0
        done = sum(1 for u in units if (u.context, u.msgid) in self.table)
        return done / len(units)

    def ui(self) -> CatalogTranslations:
        return CatalogTranslations(self.table)


def _usable(message: Message) -> bool:
    return (
        bool(message.id)
        and bool(message.string)
        and not message.fuzzy
        and isinstance(message.id, str)
        and isinstance(message.string, str)
    )


def load_locale(config: Config, locale: str, reporter: Reporter) -> LocaleCatalog:
    """Load the locale's catalog; the source locale and a missing catalog translate nothing."""
    if locale == config.source_locale:
        return LocaleCatalog(locale, None)
    path = config.catalog_path(locale)
    shown = config.relative(path)
    if not path.is_file():
        reporter.warn(shown, 0, "no catalog for this locale; it falls back to English")
        return LocaleCatalog(locale, None)
    catalog = pofiles.read(path, shown, locale)
    result = LocaleCatalog(locale, path)
    for message in catalog:
        if not _usable(message):
            continue
        msgid, msgstr = str(message.id), str(message.string)
        blocking, advisory = integrity.problems(msgid, msgstr, config.source_locale)
        line = message.lineno or 0
        for problem in blocking:
            reporter.warn(shown, line, f"{problem}; showing the English text instead")
        for problem in advisory:
            reporter.warn(shown, line, problem)
        if not blocking:
            result.table[(message.context, msgid)] = msgstr
            result.lines[(message.context, msgid)] = line
    return result
