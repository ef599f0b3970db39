"""What the printed pages say, read once per PDF: notes, page numbers, large print, hyphens.

Each check is a function of one PDF's text (`PdfText`) and its manifest entry that returns
its figures and its problems; the registry runs each on every PDF, sharing its text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from guidepress.checks.artifact import Item, Outcome
from guidepress.checks.hyphens import hyphen_figures
from guidepress.checks.largeprint import profile_figures
from guidepress.checks.notes import note_figures
from guidepress.checks.pages import page_figures
from guidepress.checks.pdftext import PdfText

Counts = dict[str, int]
Result = tuple[Counts, list[str]]
NAMES = ("notes", "pages", "large-print", "hyphens")


def _notes(text: PdfText, artifact: dict[str, Any]) -> Result | None:
    if artifact["kind"] != "guide":
        return None
    figures = note_figures(text)
    return figures.as_dict(), figures.lost + figures.displaced


def _pages(text: PdfText, artifact: dict[str, Any]) -> Result | None:
    figures = page_figures(text)
    return figures.as_dict(), figures.wrong_contents + figures.wrong_references


def _large_print(text: PdfText, artifact: dict[str, Any]) -> Result | None:
    if artifact.get("edition") != "large-print":
        return None
    figures = profile_figures(text)
    return figures.as_dict(), figures.problems


def _hyphens(text: PdfText, artifact: dict[str, Any]) -> Result | None:
    if artifact["kind"] != "guide":
        return None
    figures = hyphen_figures(text)
    return figures.as_dict(), figures.faults


CHECKS: dict[str, Callable[[PdfText, dict[str, Any]], Result | None]] = {
    "notes": _notes,
    "pages": _pages,
    "large-print": _large_print,
    "hyphens": _hyphens,
}


def _outcome(item: Item, name: str) -> Outcome:
    """One print check of one PDF, from its text (read once for all four)."""
    result = CHECKS[name](item.text, item.entry)
    if result is None:
        return Outcome()
    counts, problems = result
    findings = [item.finding(name, "error", problem) for problem in problems]
    return Outcome(findings, {key: float(value) for key, value in counts.items()})


def check_notes(item: Item) -> Outcome:
    return _outcome(item, "notes")


def check_pages(item: Item) -> Outcome:
    return _outcome(item, "pages")


def check_large_print(item: Item) -> Outcome:
    return _outcome(item, "large-print")


def check_hyphens(item: Item) -> Outcome:
    return _outcome(item, "hyphens")
