"""Human-readable summaries of builds."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from guidepress.build import Result, Summary
from guidepress.errors import Reporter
from guidepress.i18n.commands import Stats

if TYPE_CHECKING:
    from guidepress.checks import Report


@contextmanager
def progress_display() -> Iterator[Callable[[Result, int, int], None]]:
    """A progress bar with counts and ETA on a terminal; one plain line per job otherwise."""
    console = Console(file=sys.stderr, highlight=False)
    if not console.is_terminal:

        def plain(result: Result, done: int, total: int) -> None:
            state = "reused" if result.reused else ("built" if result.entry else "FAILED")
            print(
                f"[{done}/{total}] {state:6} {result.artifact.path} ({result.seconds:.1f} s)",
                file=sys.stderr,
                flush=True,
            )

        yield plain
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("building", total=None)

        def show(result: Result, done: int, total: int) -> None:
            bar.update(
                task, total=total, completed=done, description=f"building {result.artifact.path}"
            )

        yield show


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


def lowest_shares(report: Report) -> dict[str, dict[str, float]]:
    """Each measured share's lowest value per locale (over its PDFs), for the table."""
    lowest: dict[str, dict[str, float]] = {}
    for files in report.figures.values():
        for shown, figures in files.items():
            locale = shown.split("/")[1]
            for name, value in figures.items():
                if name.endswith("share"):
                    row = lowest.setdefault(name, {})
                    row[locale] = min(value, row.get(locale, value))
    return lowest


def print_check_report(report: Report) -> None:
    """Print one row per check and one column per locale."""
    console = Console(highlight=False)
    table = Table(title="guidepress check", show_edge=False)
    table.add_column("check")
    for locale in report.locales:
        table.add_column(locale, justify="center")
    for check in dict.fromkeys([*report.ran, *report.skipped]):  # a skipped check ran too
        table.add_row(check, *(SYMBOLS[report.status(check, loc)] for loc in report.locales))
    for name, shares in lowest_shares(report).items():
        table.add_row(
            name, *(f"{shares[loc]:.1%}" if loc in shares else "" for loc in report.locales)
        )
    console.print(table)
    for line in figure_lines(report.figures):
        console.print(line)
    errors = sum(1 for f in report.findings if f.severity == "error")
    warnings = len(report.findings) - errors
    verdict = "publishable" if not report.failed else "NOT publishable"
    console.print(f"{errors} errors, {warnings} warnings: {verdict}")


def figure_lines(figures: dict[str, dict[str, dict[str, float]]]) -> list[str]:
    """One line per check and locale: its counts summed over the locale's artifacts.

    e.g. "notes en: notes called 692, notes lost 0, notes displaced 0, … (4 PDFs)". Shares
    (a name ending in "share") are in the table instead, as the lowest per locale.
    """
    lines = []
    for check, by_path in figures.items():
        totals: dict[str, dict[str, float]] = {}
        counted: dict[str, int] = {}
        for path, counts in by_path.items():
            locale = path.split("/")[1] if path.count("/") >= 2 else "?"
            total = totals.setdefault(locale, {})
            for name, value in counts.items():
                if not name.endswith("share"):
                    total[name] = total.get(name, 0) + value
            counted[locale] = counted.get(locale, 0) + 1
        for locale, total in totals.items():
            if total:
                shown = ", ".join(f"{name} {value:g}" for name, value in total.items())
                files = "PDFs" if all(path.endswith(".pdf") for path in by_path) else "files"
                lines.append(f"{check} {locale}: {shown} ({counted[locale]} {files})")
    return lines
