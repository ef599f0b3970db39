"""Load a locale's gettext catalog and translate units with it, falling back to English."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Message

from guidepress.config import Config
from guidepress.config.locales import direction_of
from guidepress.errors import Diagnostic
from guidepress.i18n import integrity, pofiles
from guidepress.markdown.units import Unit

Plurals = dict[tuple[str | None, str], tuple[str, ...]]


def english_plural(n: int) -> int:
    return 0 if n == 1 else 1


class CatalogTranslations(gettext.NullTranslations):
    """gettext translations for template strings, read from a Babel catalog."""

    def __init__(
        self,
        table: dict[tuple[str | None, str], str],
        plurals: Plurals,
        plural_index: Callable[[int], int],
    ) -> None:
        super().__init__()
        self._table = table
        self._plurals = plurals
        self._plural_index = plural_index

    def gettext(self, message: str) -> str:
        return self._table.get((None, message), message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.npgettext(None, msgid1, msgid2, n)  # type: ignore[arg-type]

    def pgettext(self, context: str, message: str) -> str:
        return self._table.get((context, message), message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._plurals.get((context, msgid1))
        if forms:
            index = self._plural_index(n)
            if 0 <= index < len(forms):
                return forms[index]
        return msgid1 if english_plural(n) == 0 else msgid2


@dataclass
class LocaleCatalog:
    """The usable translations of one locale, and the warnings reading them gave."""

    locale: str
    path: Path | None
    table: dict[tuple[str | None, str], str] = field(default_factory=dict)
    lines: dict[tuple[str | None, str], int] = field(default_factory=dict)
    plurals: Plurals = field(default_factory=dict)
    plural_index: Callable[[int], int] = english_plural
    warnings: list[Diagnostic] = field(default_factory=list)

    def warn(self, path: str, line: int, message: str) -> None:
        self.warnings.append(Diagnostic(path, line, "warning", message))

    def translate(self, context: str, msgid: str) -> str:
        return self.table.get((context, msgid), msgid)

    def coverage(self, units: list[Unit]) -> float:
        """Return the share of *units* that have a usable translation."""
        if not units:
            return 1.0
        done = sum(1 for u in units if (u.context, u.msgid) in self.table)
        return done / len(units)

    def ui(self) -> CatalogTranslations:
        return CatalogTranslations(self.table, self.plurals, self.plural_index)


def _usable(message: Message) -> bool:
    return (
        bool(message.id)
        and bool(message.string)
        and not message.fuzzy
        and isinstance(message.id, str)
        and isinstance(message.string, str)
    )


def _usable_plural(message: Message) -> bool:
    return (
        isinstance(message.id, tuple | list)
        and not message.fuzzy
        and isinstance(message.string, tuple | list)
        and all(message.string)
    )


def _add_plural(result: LocaleCatalog, message: Message, shown: str, source_locale: str) -> None:
    singular, plural = str(message.id[0]), str(message.id[1])
    forms = tuple(str(form) for form in message.string or ())
    for form in forms:
        blocking, _ = integrity.problems(plural, form, source_locale)
        for problem in blocking:
            result.warn(shown, message.lineno or 0, f"{problem}; showing the English text instead")
        if blocking:
            return
    result.plurals[(message.context, singular)] = forms


def load_locale(config: Config, locale: str) -> LocaleCatalog:
    """Load the locale's catalog; the source locale and a missing catalog translate nothing.

    What is wrong with the catalog comes back in its `warnings`, for every caller to report.
    """
    if locale == config.source_locale:
        return LocaleCatalog(locale, None)
    path = config.catalog_path(locale)
    shown = config.relative(path)
    if not path.is_file():
        missing = LocaleCatalog(locale, None)
        missing.warn(shown, 0, "no catalog for this locale; it falls back to English")
        return missing
    catalog = pofiles.read(path, shown, locale)
    result = LocaleCatalog(locale, path, plural_index=gettext.c2py(catalog.plural_expr))
    rtl = direction_of(locale) == "rtl"
    for message in catalog:
        if _usable_plural(message):
            _add_plural(result, message, shown, config.source_locale)
            continue
        if not _usable(message):
            continue
        msgid, msgstr = str(message.id), str(message.string)
        blocking, advisory = integrity.problems(msgid, msgstr, config.source_locale, rtl)
        line = message.lineno or 0
        for problem in blocking:
            result.warn(shown, line, f"{problem}; showing the English text instead")
        for problem in advisory:
            result.warn(shown, line, problem)
        if not blocking:
            result.table[(message.context, msgid)] = msgstr
            result.lines[(message.context, msgid)] = line
    return result
