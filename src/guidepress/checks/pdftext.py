"""The text of a PDF as runs (position, size, font, text), read once for every check of it.

pypdf decodes each font (its ToUnicode map: thousands of entries for a CJK subset) again for
every page that uses it, which is most of the time text extraction takes; while a PDF's
pages are read here, each font dictionary is decoded once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError


@contextmanager
def fonts_decoded_once() -> Iterator[None]:
    """Memoise pypdf's font decoding by font dictionary while the block runs."""
    from pypdf.generic import _font

    original = vars(_font.Font).get("from_font_resource")
    if not isinstance(original, classmethod):  # another pypdf: extract as it does
        yield
        return
    decode: Callable[[Any], Any] = _font.Font.from_font_resource
    seen: dict[int, tuple[Any, Any]] = {}

    def once(font_dict: Any) -> Any:
        if id(font_dict) not in seen:  # the dict is kept, so its id is not reused
            seen[id(font_dict)] = (font_dict, decode(font_dict))
        return seen[id(font_dict)][1]

    _font.Font.from_font_resource = once  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        setattr(_font.Font, "from_font_resource", original)  # noqa: B010


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
        with fonts_decoded_once():
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
