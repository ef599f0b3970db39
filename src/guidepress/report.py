"""Human-readable summaries of builds."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from guidepress.build import Summary
from guidepress.errors import Reporter
from guidepress.i18n import Stats

if TYPE_CHECKING:
    from guidepress.checks import Report


def print_summary(summary: Summary, reporter: Reporter) -> None:
    """Print a table: built, reused, failed, warnings, time."""
    console = Console(file=sys.stderr, highlight=False)
    table = Table(title="guidepress build", show_edge=False)
    for column in ("built", "reused", "failed", "warnings", "errors", "seconds"):
        table.add_column(column, justify="right")
    failed = sum(1 for r in summary.results if r.entry is None)
    table.add_row(
        str(summary.built),
        str(summary.reused),
        str(failed),
        str(len(reporter.warnings)),
        str(len(reporter.errors)),
        f"{summary.seconds:.1f}",
    )
    console.print(table)


def print_stats(rows: list[Stats]) -> None:
    """Print the per-locale translation table."""
    console = Console(highlight=False)
    table = Table(title="translation status", show_edge=False)
    for column in ("locale", "translated", "%", "fuzzy", "untranslated", "words", "words left"):
        table.add_column(column, justify="left" if column == "locale" else "right")
    for row in rows:
        table.add_row(
            row.locale,
            f"{row.translated}/{row.total}",
            f"{row.percent:.0f}%",
            str(row.fuzzy),
            str(row.untranslated),
            str(row.words),
            str(row.words_left),
        )
    console.print(table)


SYMBOLS = {"ok": "ok", "warning": "warn", "error": "FAIL", "skipped": "-"}


def print_check_report(report: Report) -> None:
    """Print one row per check and one column per locale."""
    console = Console(highlight=False)
    table = Table(title="guidepress check", show_edge=False)
    table.add_column("check")
    for locale in report.locales:
        table.add_column(locale, justify="center")
    for check in [*report.ran, *report.skipped]:
        table.add_row(check, *(SYMBOLS[report.status(check, loc)] for loc in report.locales))
    console.print(table)
    errors = sum(1 for f in report.findings if f.severity == "error")
    warnings = len(report.findings) - errors
    verdict = "publishable" if not report.failed else "NOT publishable"
    console.print(f"{errors} errors, {warnings} warnings: {verdict}")
