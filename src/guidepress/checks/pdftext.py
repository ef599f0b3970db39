"""The text of a PDF as runs (position, size, font, text), read once for every check of it,
and the structure the page checks need (destinations, link annotations, outline), read with
pikepdf (qpdf), which opens a tagged guide's thousands of objects in milliseconds where
pypdf took seconds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

import pikepdf

from guidepress.checks.runs import Run, document_runs

__all__ = ["PdfText", "Run", "link_targets", "page_fonts"]

# A ToUnicode `bfchar` line that gives a glyph U+00AD.
SOFT_HYPHEN = re.compile(rb"^\s*<[0-9A-Fa-f]+>\s*<00[Aa][Dd]>\s*$", re.MULTILINE)


class PdfText:
    """One opened PDF and its pages' runs, extracted on first use."""

    def __init__(self, path: Path, pdf: pikepdf.Pdf | None = None) -> None:
        self.path = path
        self.pdf = pdf if pdf is not None else pikepdf.open(path)

    @cached_property
    def pages(self) -> list[list[Run]]:
        hyphen = "\u00ad" if self.maps_soft_hyphen else "-"
        return document_runs(self.path, hyphen)

    @cached_property
    def maps_soft_hyphen(self) -> bool:
        """Whether a font's ToUnicode map gives some glyph U+00AD: then soft hyphens reach
        the text layer, and a hyphen ending a line (which PDFium does not tell apart from a
        soft one) is taken for one."""
        for font in page_fonts(self.pdf):
            cmap = font.get("/ToUnicode")
            if cmap is not None and SOFT_HYPHEN.search(cmap.read_bytes()):
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
    def page_numbers(self) -> dict[tuple[int, int], int]:
        """Each page object's 1-based page number, by object number and generation."""
        return {page.obj.objgen: number for number, page in enumerate(self.pdf.pages, start=1)}

    @cached_property
    def destinations(self) -> dict[str, int]:
        """Each named destination's 1-based page."""
        pages = {}
        for name, destination in named_destinations(self.pdf):
            page = self._explicit_page(destination)
            if page is not None:
                pages[name] = page
        return pages

    def page_of(self, destination: Any) -> int | None:
        """The 1-based page a destination, or a destination's name, leads to."""
        if isinstance(destination, (pikepdf.String, pikepdf.Name)):
            return self.destinations.get(_name(destination))
        return self._explicit_page(destination)

    def _explicit_page(self, destination: Any) -> int | None:
        """The 1-based page of `[page /XYZ …]` or `<< /D [page …] >>`."""
        if isinstance(destination, pikepdf.Dictionary):
            destination = destination.get("/D")
        if isinstance(destination, pikepdf.Array) and len(destination) > 0:
            return self.page_numbers.get(destination[0].objgen)
        return None

    def page_height(self, index: int) -> float:
        box = [float(v) for v in self.pdf.pages[index].mediabox]
        return abs(box[3] - box[1])


def _name(value: Any) -> str:
    return str(value)[1:] if isinstance(value, pikepdf.Name) else str(value)


def named_destinations(pdf: pikepdf.Pdf) -> Iterator[tuple[str, Any]]:
    """Every named destination: the /Names /Dests name tree and the older /Dests dictionary."""
    names = pdf.Root.get("/Names")
    if names is not None and "/Dests" in names:
        yield from ((str(k), v) for k, v in pikepdf.NameTree(names.Dests).items())
    old: Any = pdf.Root.get("/Dests")
    if isinstance(old, pikepdf.Dictionary):
        yield from ((str(key)[1:], old[key]) for key in old.keys())  # noqa: SIM118


def page_fonts(pdf: pikepdf.Pdf) -> Iterator[Any]:
    """Every font dictionary the pages use, each once."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        resources: Any = page.obj.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            key = font.objgen if font.is_indirect else (0, id(font))
            if key not in seen:
                seen.add(key)
                yield font


def link_targets(page: Any) -> Iterator[tuple[str, Any]]:
    """Each link annotation on *page* that points at a named destination, with its name."""
    for annotation in page.obj.get("/Annots") or []:
        if annotation.get("/Subtype") != "/Link":
            continue
        target: Any = annotation.get("/Dest")
        action = annotation.get("/A")
        if target is None and action is not None:
            target = action.get("/D")
        if isinstance(target, (pikepdf.String, pikepdf.Name)):
            yield _name(target), annotation
