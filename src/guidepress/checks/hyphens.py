"""Line-end hyphenation, read from the PDF: where words are broken, and what reaches the text.

A word broken at a line end shows as a run ending in a hyphen followed, on a lower line, by a
run starting with a lowercase letter. It counts as hyphenation when the same PDF prints the
whole word somewhere unbroken ("professional") and never with its hyphen mid-line; a break
at a compound's own hyphen ("self-", "help"; an address) is not hyphenation. Errors: a break in a
word of fewer than 6 letters, in an all-capital word, leaving fewer than 3 letters on a line,
and U+2010 or a soft hyphen at the line end (search and copy then fail on the word).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from guidepress.checks.pdftext import PdfText, Run

LINE_END = re.compile(r"(\w+)([-\u2010\u00ad])$")
LINE_START = re.compile(r"^(\w+)")
COMPOUND = re.compile(r"\w+[-\u2010]\w+")
WORD = re.compile(r"\w+")
MIN_WORD, MIN_PART = 6, 3


@dataclass(frozen=True)
class Break:
    """One word broken across two lines."""

    page: int
    left: str
    right: str
    mark: str

    @property
    def word(self) -> str:
        return self.left + self.right


@dataclass
class HyphenFigures:
    """Hyphenated line ends in one PDF, and the faulty ones."""

    breaks: int = 0
    faults: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {"hyphenated lines": self.breaks, "faulty breaks": len(self.faults)}


def _words(text: PdfText, pattern: re.Pattern[str]) -> set[str]:
    return {
        word.replace("\u2010", "-").lower()
        for runs in text.pages
        for run in runs
        for word in pattern.findall(run.text)
    }


def _break(runs: list[Run], index: int, page: int) -> Break | None:
    end = LINE_END.search(runs[index].text.rstrip(" "))
    if end is None or index + 1 >= len(runs):
        return None
    following = runs[index + 1]
    start = LINE_START.match(following.text)
    new_line = following.y < runs[index].y - 0.5 * runs[index].size
    if start is None or not new_line or not start.group(1)[0].islower():
        return None
    return Break(page, end.group(1), start.group(1), end.group(2))


def line_breaks(text: PdfText) -> Iterator[Break]:
    """Every word broken by hyphenation at a line end (not a compound's own hyphen)."""
    compounds, words = _words(text, COMPOUND), _words(text, WORD)
    for page, runs in enumerate(text.pages, start=1):
        for index in range(len(runs)):
            found = _break(runs, index, page)
            if found is None:
                continue
            compound = f"{found.left}-{found.right}".lower() in compounds
            if found.mark != "-" or (found.word.lower() in words and not compound):
                yield found


def fault(found: Break) -> str | None:
    """What is wrong with one break, if anything."""
    where = f"page {found.page}: '{found.left}{found.mark}' + '{found.right}'"
    if found.mark != "-":
        return f"{where}: U+{ord(found.mark):04X} at the line end reaches the text layer"
    if found.word.isupper():
        return f"{where}: an all-capital word is broken"
    if len(found.word) < MIN_WORD:
        return f"{where}: a word of fewer than {MIN_WORD} letters is broken"
    if min(len(found.left), len(found.right)) < MIN_PART:
        return f"{where}: fewer than {MIN_PART} letters on one side of the break"
    return None


def hyphen_figures(text: PdfText) -> HyphenFigures:
    """Count hyphenated line ends and list the faulty ones."""
    figures = HyphenFigures()
    for found in line_breaks(text):
        figures.breaks += 1
        if problem := fault(found):
            figures.faults.append(problem)
    return figures
