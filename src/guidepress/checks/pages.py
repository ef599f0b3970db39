"""Printed page numbers, read from the PDF: each contents entry and each cross-reference "(12)"
names the page where its link's target actually lands.

Every internal link is an annotation with a named destination; the number printed inside its
rectangle is compared with the destination's page. A number after leader dots is a contents
entry; one in parentheses is a cross-reference. A wrong one is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from guidepress.checks.pdftext import PdfText, link_targets

NUMBER = re.compile(r"\s*(\d+)\s*")
IN_PARENTHESES = re.compile(r"\s*[()]\s*(\d+)\s*[()]\s*")
LEADER = re.compile(r"[.\s\u2026]+")
SLACK = 20.0  # points
# An untagged PDF draws a contents line, or a sentence and its "(12)", as one run.
ENDS_WITH_LEADER_NUMBER = re.compile(r"(?:[.\u2026]\s*){3,}(\d+)\s*$")
ENDS_WITH_REFERENCE = re.compile(r"\((\d+)\)\W*$")
Run = tuple[float, float, str]


@dataclass
class PageFigures:
    """Contents entries and cross-references checked in one PDF, and the wrong ones."""

    contents: int = 0
    references: int = 0
    wrong_contents: list[str] = field(default_factory=list)
    wrong_references: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "contents": self.contents,
            "wrong contents": len(self.wrong_contents),
            "cross-references": self.references,
            "wrong cross-references": len(self.wrong_references),
        }


def _links(page: Any) -> Iterator[tuple[str, list[float]]]:
    """Each internal link on *page*: its named destination and its rectangle (x0, y0, x1, y1)."""
    for target, annotation in link_targets(page):
        x0, y0, x1, y1 = (float(v) for v in annotation["/Rect"])
        yield target, [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]


def _near(run: Run, rect: list[float]) -> bool:
    # right-to-left lines: WeasyPrint 70 draws link rectangles a little off their text
    x, y, _ = run
    return rect[0] - SLACK <= x <= rect[2] + SLACK and rect[1] - 1 <= y <= rect[3] + 1


def _kind(runs: list[Run], index: int) -> str | None:
    text = runs[index][2]
    if IN_PARENTHESES.fullmatch(text) or ENDS_WITH_REFERENCE.search(text):
        return "reference"
    if ENDS_WITH_LEADER_NUMBER.search(text):
        return "contents"
    if not NUMBER.fullmatch(text):
        return None
    around = [runs[i][2].strip() for i in (index - 1, index + 1) if 0 <= i < len(runs)]
    if len(around) == 2 and set(around) == {"(", ")"}:
        return "reference"  # a right-to-left line draws "(", "41", ")" as three runs
    if any(LEADER.fullmatch(text) for text in around):
        return "contents"
    return None


def printed_number(runs: list[Run], rect: list[float]) -> tuple[str, int] | None:
    """("contents" | "reference", number) printed in (or at the edge of) a link's rectangle."""
    found = None
    for index, run in enumerate(runs):
        if _near(run, rect) and (kind := _kind(runs, index)):
            found = (kind, int(re.findall(r"\d+", run[2])[-1]))
    return found


def page_figures(text: PdfText) -> PageFigures:
    """Check every printed page number of one PDF against its target's page."""
    figures = PageFigures()
    targets = text.destinations
    for number, page in enumerate(text.pdf.pages, start=1):
        runs = [(run.x, run.y, run.text) for run in text.pages[number - 1]]
        seen: set[tuple[str, int, str]] = set()
        for target, rect in _links(page):
            printed = printed_number(runs, rect)
            if printed is None or target not in targets:
                continue
            kind, value = printed
            if (target, value, kind) in seen:
                continue  # one link drawn as several rectangles (title, leader, number)
            seen.add((target, value, kind))
            wrong = value != targets[target]
            entry = "contents entry" if kind == "contents" else "cross-reference"
            message = (
                f"page {number}: the {entry} for #{target} prints page {value}, "
                f"but #{target} is on page {targets[target]}"
            )
            if kind == "contents":
                figures.contents += 1
                figures.wrong_contents += [message] if wrong else []
            else:
                figures.references += 1
                figures.wrong_references += [message] if wrong else []
    return figures
