"""Human-readable summaries of builds."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from guidepress.build import Summary
from guidepress.errors import Reporter
from guidepress.i18n import Stats


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
