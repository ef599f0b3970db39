"""Footnotes, counted from the PDF itself: every note called is printed on its call's page.

Note numbers restart in each chapter, so pages are grouped by chapter (the outline's top-level
entries). A note called on a page and printed on no page of its chapter is *lost*; one printed,
but not on the page of its call, is *displaced*. Both are errors.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from guidepress.checks.pdftext import PdfText, Run

# "12. " (left to right) or ".12" (a right-to-left page's visual order)
NOTE_LINE = re.compile(r"^\s*(?:(\d+)\.|\.(\d+))(?:\s|$)")
CALL = re.compile(r"[\d,\u2060]+")  # a call group's runs: "12", ",", "13"
NUMBER = re.compile(r"\u2060*\d+\u2060*")  # one call; "4,98" (a decimal comma) is not one


def _raised(runs: list[Run], index: int) -> bool:
    """A run set above the text before or after it on its line (a full-size note call).

    A call group "23,24" is drawn as three runs at the same height: look past them.
    """
    run = runs[index]

    def around(step: int) -> Run | None:
        at = index + step
        while 0 <= at < len(runs) and CALL.fullmatch(runs[at].text.strip() or ","):
            at += step
        return runs[at] if 0 <= at < len(runs) else None

    neighbours = [other for other in (around(-1), around(1)) if other is not None]
    return any(0.15 * run.size < run.y - other.y < 0.8 * run.size for other in neighbours)


def _is_call(runs: list[Run], index: int, body: float) -> bool:
    run = runs[index]
    return bool(NUMBER.fullmatch(run.text.strip())) and (
        run.size < body * 0.75 or _raised(runs, index)
    )


def page_notes(runs: list[Run], body: float) -> tuple[list[int], list[int]]:
    """The footnote calls (small or raised numbers) and the notes printed on one page.

    A note's number is smaller than the body text, or (large print, notes at body size) bold.
    """
    calls, notes = [], []
    for index, run in enumerate(runs):
        note_like = run.size < body * 0.95 or run.bold
        if _is_call(runs, index, body):
            calls += [int(n) for n in re.findall(r"\d+", run.text)]
        elif note_like and (found := NOTE_LINE.match(run.text)):
            notes.append(int(found.group(1) or found.group(2)))
        elif note_like and run.text.strip().isdigit() and _next_to_dot(runs, index):
            notes.append(int(run.text.strip()))  # a right-to-left page splits "1." in two runs
    return calls, notes


def _next_to_dot(runs: list[Run], index: int) -> bool:
    neighbours = runs[max(index - 1, 0) : index] + runs[index + 1 : index + 2]
    return any(run.text.strip() == "." for run in neighbours)


def chapter_starts(text: PdfText) -> list[int]:
    """0-based first pages of the outline's top-level entries (the chapters); [0] if none."""
    starts: set[int] = set()
    outlines = text.pdf.Root.get("/Outlines")
    entry = outlines.get("/First") if outlines is not None else None
    seen: set[tuple[int, int]] = set()
    while entry is not None and entry.objgen not in seen:
        seen.add(entry.objgen)
        action = entry.get("/A")
        destination = entry.get("/Dest", action.get("/D") if action is not None else None)
        page = text.page_of(destination)
        if page is not None:
            starts.add(page - 1)
        entry = entry.get("/Next")
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


def note_figures(text: PdfText) -> NoteFigures:
    """Count notes called, lost and displaced, chapter by chapter."""
    figures = NoteFigures()
    runs = text.pages
    body = text.body_size
    bounds = [*chapter_starts(text), len(runs)]
    for first, end in itertools.pairwise(bounds):
        pages = []
        for index in range(first, end):
            calls, notes = page_notes(runs[index], body)
            pages.append((index + 1, calls, notes))
        _chapter_notes(pages, figures)
    return figures
