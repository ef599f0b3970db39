"""Footnotes, counted from the PDF itself: every note called is printed on its call's page.

Note numbers restart in each chapter, so pages are grouped by chapter (the outline's top-level
entries). A note called on a page and printed on no page of its chapter is *lost*; one printed,
but not on the page of its call, is *displaced*. Both are errors.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from guidepress.checks import Context, Finding

# "12. " (left to right) or ".12" (a right-to-left page's visual order)
NOTE_LINE = re.compile(r"^\s*(?:(\d+)\.|\.(\d+))(?:\s|$)")
CALL = re.compile(r"[\d,\u2060]+")


def page_runs(page: Any) -> list[tuple[float, str]]:
    """(font size in points, text) of each run of text on one page."""
    runs: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip():
            runs.append((round(size * tm[3] * cm[3], 1), text))

    page.extract_text(visitor_text=visit)
    return runs


def body_size(pages: list[list[tuple[float, str]]]) -> float:
    """The size most text is set in, over a whole document (a page can be mostly notes)."""
    weight: dict[float, int] = {}
    for runs in pages:
        for size, text in runs:
            weight[size] = weight.get(size, 0) + len(text)
    return max(weight, key=lambda size: weight[size]) if weight else 0.0


def page_notes(runs: list[tuple[float, str]], body: float) -> tuple[list[int], list[int]]:
    """The footnote calls (small raised numbers) and the notes printed on one page."""
    calls, notes = [], []
    for index, (size, text) in enumerate(runs):
        if size < body * 0.75 and CALL.fullmatch(text.strip()):
            calls += [int(n) for n in re.findall(r"\d+", text)]
        elif size < body * 0.95 and (found := NOTE_LINE.match(text)):
            notes.append(int(found.group(1) or found.group(2)))
        elif size < body * 0.95 and text.strip().isdigit() and _next_to_dot(runs, index):
            notes.append(int(text.strip()))  # a right-to-left page splits "1." into two runs
    return calls, notes


def _next_to_dot(runs: list[tuple[float, str]], index: int) -> bool:
    neighbours = runs[max(index - 1, 0) : index] + runs[index + 1 : index + 2]
    return any(text.strip() == "." for _, text in neighbours)


def chapter_starts(reader: PdfReader) -> list[int]:
    """0-based first pages of the outline's top-level entries (the chapters); [0] if none."""
    starts: set[int] = set()
    for entry in reader.outline:
        if isinstance(entry, list):
            continue
        try:
            page = reader.get_destination_page_number(entry)
        except (PyPdfError, KeyError, TypeError, ValueError):
            continue
        if page is not None:
            starts.add(page)
    return sorted(starts) or [0]


@dataclass
class NoteFigures:
    """What the notes check found in one PDF."""

    called: int = 0
    lost: list[str] = field(default_factory=list)
    displaced: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {"called": self.called, "lost": len(self.lost), "displaced": len(self.displaced)}


def _chapter_notes(pages: list[tuple[int, list[int], list[int]]], figures: NoteFigures) -> None:
    called: dict[int, int] = {}
    printed: dict[int, set[int]] = {}
    for number, calls, notes in pages:
        for note in calls:
            called.setdefault(note, number)
        for note in notes:
            printed.setdefault(note, set()).add(number)
    figures.called += len(called)
    for note, page in sorted(called.items()):
        if note not in printed:
            figures.lost.append(f"page {page}: note {note} is called but printed on no page")
        elif page not in printed[note]:
            where = ", ".join(map(str, sorted(printed[note])))
            figures.displaced.append(
                f"page {page}: note {note} is printed on page {where}, not on its call's page"
            )


def note_figures(reader: PdfReader) -> NoteFigures:
    """Count notes called, lost and displaced, chapter by chapter."""
    figures = NoteFigures()
    runs = [page_runs(page) for page in reader.pages]
    body = body_size(runs)
    bounds = [*chapter_starts(reader), len(reader.pages)]
    for first, end in itertools.pairwise(bounds):
        pages = []
        for index in range(first, end):
            calls, notes = page_notes(runs[index], body)
            pages.append((index + 1, calls, notes))
        _chapter_notes(pages, figures)
    return figures


def check_notes(ctx: Context) -> Iterator[Finding]:
    """Lost and displaced notes in every guide PDF are errors; figures go to the report."""
    for artifact in ctx.artifacts:
        if artifact["format"] != "pdf" or artifact["kind"] != "guide":
            continue
        path: Path = ctx.config.build_dir / artifact["path"]
        if not path.is_file():
            continue
        shown = f"build/{artifact['path']}"
        try:
            figures = note_figures(PdfReader(path))
        except (PyPdfError, OSError, KeyError) as err:
            yield Finding("notes", artifact["locale"], "error", shown, 0, f"cannot read: {err}")
            continue
        ctx.figures.setdefault("notes", {})[shown] = figures.as_dict()
        for message in figures.lost + figures.displaced:
            yield Finding("notes", artifact["locale"], "error", shown, 0, message)
