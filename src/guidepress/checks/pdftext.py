"""The text of a PDF as runs (position, size, font, text), read once for every check of it,
and the structure the page checks need (destinations, link annotations), read with pypdf."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from guidepress.checks.runs import Run, document_runs

__all__ = ["PdfText", "Run", "link_targets"]

# A ToUnicode `bfchar` line that gives a glyph U+00AD.
SOFT_HYPHEN = re.compile(rb"^\s*<[0-9A-Fa-f]+>\s*<00[Aa][Dd]>\s*$", re.MULTILINE)


class PdfText:
    """One opened PDF and its pages' runs, extracted on first use."""

    def __init__(self, path: Path, reader: PdfReader | None = None) -> None:
        self.path = path
        self.reader = reader or PdfReader(path)

    @cached_property
    def pages(self) -> list[list[Run]]:
        hyphen = "\u00ad" if self.maps_soft_hyphen else "-"
        return document_runs(self.path, self.reader, hyphen)

    @cached_property
    def maps_soft_hyphen(self) -> bool:
        """Whether a font's ToUnicode map gives some glyph U+00AD: then soft hyphens reach
        the text layer, and a hyphen ending a line (which PDFium does not tell apart from a
        soft one) is taken for one."""
        seen: set[int] = set()
        for page in self.reader.pages:
            fonts = (page.get("/Resources") or {}).get("/Font") or {}
            for reference in fonts.values():
                font = reference.get_object()
                cmap = font.get("/ToUnicode")
                if cmap is None or id(font) in seen:
                    continue
                seen.add(id(font))
                if SOFT_HYPHEN.search(cmap.get_object().get_data()):
                    return True
        return False

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


def link_targets(page: Any) -> Iterator[tuple[str, Any]]:
    """Each link annotation on *page* that points at a named destination, with its name."""
    for annotation in page.get("/Annots") or []:
        annotation = annotation.get_object()
        if annotation.get("/Subtype") != "/Link":
            continue
        target: Any = annotation.get("/Dest")
        action = annotation.get("/A")
        if target is None and action is not None:
            target = action.get_object().get("/D")
        if isinstance(target, str):
            yield target, annotation
