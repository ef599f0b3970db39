"""A PDF page's text as runs: position, size, boldness and text of each piece as drawn.

Runs come from PDFium (pypdfium2): its text page gives each character's text object (one
`Tj`/`TJ` as drawn), and the object its matrix, size and font. pypdf's `extract_text` gives
the same runs at four to five times the cost, most of `check`'s time. pypdf still reads two
kinds of page: one where an `/ActualText` span covers several text objects (the complex-script
lines of render/textlayer.py), since PDFium puts the span's text on its first object, away from
where its numbers are printed; and one with right-to-left text, whose characters PDFium gives
in reading order, not as drawn. On every page of the full guide but those, both give the same
figures; PDFium keeps a chart's glyph-by-glyph labels as one run per glyph.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader
from pypdfium2_raw.bindings import _libs

# The text object of a character, as an address: pypdfium2's own prototype returns ctypes
# pointers, which compare by identity, not address.
_text_object = _libs["pdfium"].FPDFText_GetTextObject
_text_object.restype = ctypes.c_void_p
_text_object.argtypes = [ctypes.c_void_p, ctypes.c_int]


# Hebrew to Arabic presentation forms, Syriac, Thaana, NKo…: right-to-left letters.
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True)
class Run:
    """One run of text as drawn: where (points from the page's bottom left), how big, what."""

    x: float
    y: float
    size: float
    text: str
    bold: bool = False


def _page_text(textpage: Any, count: int) -> str:
    """The page's characters, one per PDFium character index."""
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    pdfium_c.FPDFText_GetText(
        textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    text = buffer.raw[: 2 * count].decode("utf-16-le", "surrogatepass")
    if len(text) == count:
        return text
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))


class _Fonts:
    """Whether each font (by PDFium handle) is a bold face, by its PostScript name."""

    def __init__(self) -> None:
        self.bold: dict[int, bool] = {}

    def is_bold(self, text_object: Any) -> bool:
        font = pdfium_c.FPDFTextObj_GetFont(text_object)
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if key not in self.bold:
            buffer = ctypes.create_string_buffer(256)
            length = pdfium_c.FPDFFont_GetBaseFontName(font, buffer, len(buffer))
            self.bold[key] = b"Bold" in buffer.raw[: max(length - 1, 0)]
        return self.bold[key]


def page_runs(page: pdfium.PdfPage, fonts: _Fonts, line_end_hyphen: str = "-") -> list[Run] | None:
    """Every non-blank run of text on one page, in drawing order; None for a page with
    right-to-left text, whose characters PDFium gives in its own reading order.

    PDFium gives a hyphen or soft hyphen that ends a line as U+FFFE; it comes back as
    *line_end_hyphen*.
    """
    textpage = pdfium_c.FPDFText_LoadPage(page.raw)
    try:
        count = pdfium_c.FPDFText_CountChars(textpage)
        text = _page_text(textpage, count).replace("\ufffe", line_end_hyphen)
        if RIGHT_TO_LEFT.search(text):
            return None
        address = ctypes.cast(textpage, ctypes.c_void_p)
        by_object: dict[int, list[str]] = {}
        for index in range(count):
            found = _text_object(address, index)
            if found:  # characters PDFium made up (line ends, gaps) belong to no object
                by_object.setdefault(found, []).append(text[index])
        order = _drawing_order(page)
        drawn = sorted(by_object, key=lambda obj: order.get(obj, len(order)))
        runs = [_run(obj, "".join(by_object[obj]), fonts) for obj in drawn]
        return [run for run in runs if run.text.strip()]
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)


def _drawing_order(page: pdfium.PdfPage) -> dict[int, int]:
    """Each page object's place in the content stream, by address."""
    order = {}
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        page_object = pdfium_c.FPDFPage_GetObject(page.raw, index)
        order[ctypes.cast(page_object, ctypes.c_void_p).value or 0] = index
    return order


def _run(address: int, text: str, fonts: _Fonts) -> Run:
    text_object = ctypes.cast(address, pdfium_c.FPDF_PAGEOBJECT)
    matrix, size = pdfium_c.FS_MATRIX(), ctypes.c_float()
    pdfium_c.FPDFPageObj_GetMatrix(text_object, matrix)
    pdfium_c.FPDFTextObj_GetFontSize(text_object, size)
    height = abs(round(size.value * matrix.d, 1))
    return Run(matrix.e, matrix.f, height, text, fonts.is_bold(text_object))


def _actual_text(text_object: Any) -> bytes | None:
    """The `/ActualText` of the marked content around *text_object*, if any (UTF-16)."""
    found = None
    for index in range(pdfium_c.FPDFPageObj_CountMarks(text_object)):
        mark = pdfium_c.FPDFPageObj_GetMark(text_object, index)
        size = ctypes.c_ulong()
        if not pdfium_c.FPDFPageObjMark_GetParamStringValue(mark, b"ActualText", None, 0, size):
            continue
        buffer = ctypes.create_string_buffer(size.value)
        pointer = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
        pdfium_c.FPDFPageObjMark_GetParamStringValue(mark, b"ActualText", pointer, size, size)
        found = buffer.raw
    return found


def spans_objects(page: pdfium.PdfPage) -> bool:
    """Whether an `/ActualText` span on *page* covers two or more consecutive text objects."""
    previous = None
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        page_object = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if pdfium_c.FPDFPageObj_GetType(page_object) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            previous = None
            continue
        current = _actual_text(page_object)
        if current is not None and current == previous:
            return True
        previous = current
    return False


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


def pypdf_page_runs(page: Any) -> list[Run]:
    """Every non-blank run of one pypdf page, in drawing order, as pypdf's extraction sees it."""
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


def _runs_of(page: pdfium.PdfPage, fonts: _Fonts, line_end_hyphen: str) -> list[Run] | None:
    """The page's runs from PDFium, or None where only pypdf gives them in drawing order."""
    return None if spans_objects(page) else page_runs(page, fonts, line_end_hyphen)


def document_runs(path: Path, line_end_hyphen: str = "-") -> list[list[Run]]:
    """The runs of every page of the PDF at *path*."""
    document = pdfium.PdfDocument(path)
    fonts = _Fonts()
    reader: PdfReader | None = None
    pages: list[list[Run]] = []
    try:
        with fonts_decoded_once():
            for index, page in enumerate(document):
                runs = _runs_of(page, fonts, line_end_hyphen)
                if runs is None:
                    reader = reader or PdfReader(path)
                    runs = pypdf_page_runs(reader.pages[index])
                pages.append(runs)
    finally:
        document.close()
    return pages
