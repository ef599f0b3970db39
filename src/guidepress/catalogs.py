"""Load a locale's gettext catalog and translate units with it, falling back to English."""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po

from guidepress.config import Config
from guidepress.errors import Diagnostic, InputError, Reporter
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


def read_catalog(path: Path, shown: str, locale: str | None = None) -> Catalog:
    """Parse a .po file, turning syntax errors into `file:line` input errors."""
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=locale, abort_invalid=True)
    except PoFileError as err:
        line = getattr(err, "lineno", 0) or 0
        raise InputError(Diagnostic(shown, line, "error", f"broken .po file: {err}")) from None
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise InputError(Diagnostic(shown, 0, "error", f"cannot read catalog: {err}")) from None


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
    catalog = read_catalog(path, shown, locale)
    result = LocaleCatalog(locale, path)
    for message in catalog:
        if _usable(message):
            key = (message.context, str(message.id))
            result.table[key] = str(message.string)
            result.lines[key] = message.lineno or 0
    return result
