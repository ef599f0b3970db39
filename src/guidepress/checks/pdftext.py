"""The text of a PDF as runs (position, size, font, text), read once for every print check."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError


@dataclass(frozen=True)
class Run:
    """One run of text as drawn: where (points from the page's bottom left), how big, what."""

    x: float
    y: float
    size: float
    text: str
    bold: bool = False


def page_runs(page: Any) -> list[Run]:
    """Every non-blank run of text on one page, in drawing order."""
    runs: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        name = str(font.get("/BaseFont", "")) if font else ""
        runs.append(Run(x, y, abs(round(size * tm[3] * cm[3], 1)), text, "Bold" in name))

    page.extract_text(visitor_text=visit)
    return runs


class PdfText:
    """One opened PDF and its pages' runs, extracted on first use."""

    def __init__(self, reader: PdfReader) -> None:
        self.reader = reader

    @cached_property
    def pages(self) -> list[list[Run]]:
        return [page_runs(page) for page in self.reader.pages]

    @cached_property
    def body_size(self) -> float:
        """The size most text is set in, over the whole document (a page can be mostly notes)."""
        weight: dict[float, int] = {}
        for runs in self.pages:
            for run in runs:
                weight[run.size] = weight.get(run.size, 0) + len(run.text)
        return max(weight, key=lambda size: weight[size]) if weight else 0.0

    @cached_property
    def destinations(self) -> dict[str, int]:
        """Each named destination's 1-based page."""
        pages = {}
        for name, destination in self.reader.named_destinations.items():
            try:
                page = self.reader.get_destination_page_number(destination)
            except (PyPdfError, KeyError, TypeError, ValueError):
                continue
            if page is not None:
                pages[name] = page + 1
        return pages

    def page_height(self, index: int) -> float:
        return float(self.reader.pages[index].mediabox.height)
