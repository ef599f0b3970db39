"""The text runs of a PDF's pages, extracted once per PDF for every check that reads them.

pypdf decodes each font (its ToUnicode map: thousands of entries for a CJK subset) again for
every page that uses it, which is most of the time text extraction takes; while a PDF's
pages are read here, each font dictionary is decoded once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pypdf import PdfReader

Run = tuple[float, str]
"""One run of text: its font size in points, and the text."""


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


def page_runs(reader: PdfReader) -> list[list[Run]]:
    """(font size, text) of every non-blank run of text, page by page."""
    pages: list[list[Run]] = []
    with fonts_decoded_once():
        for page in reader.pages:
            runs: list[Run] = []

            def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
                if text.strip():
                    runs.append((round(size * tm[3] * cm[3], 1), text))  # noqa: B023

            page.extract_text(visitor_text=visit)
            pages.append(runs)
    return pages
