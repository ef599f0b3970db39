"""A PDF page's text as runs: position, size, boldness and text of each piece as drawn.

Runs come from PDFium (pypdfium2): its text page gives each character's text object (one
`Tj`/`TJ` as drawn), and the object its matrix, size and font. Two things differ from a
glyph-by-glyph reading, and neither touches what the checks read (note calls, note numbers,
printed page numbers: digits in objects of their own):
* an `/ActualText` span over several text objects (a complex-script line of
  render/textlayer.py with a raised mark or a change of font) gives its whole text to its
  first object;
* right-to-left characters come in PDFium's reading order, not as drawn.
pypdf read such pages until issue 21: 60 % of `check`'s PDF time, for the same figures on all
48 PDFs of the full guide. PDFium keeps a chart's glyph-by-glyph labels as one run per glyph.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdfium2_raw.bindings import _libs

# The text object of a character, as an address: pypdfium2's own prototype returns ctypes
# pointers, which compare by identity, not address.
_text_object = _libs["pdfium"].FPDFText_GetTextObject
_text_object.restype = ctypes.c_void_p
_text_object.argtypes = [ctypes.c_void_p, ctypes.c_int]


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


def page_runs(page: pdfium.PdfPage, fonts: _Fonts, line_end_hyphen: str = "-") -> list[Run]:
    """Every non-blank run of text on one page, in drawing order.

    PDFium gives a hyphen or soft hyphen that ends a line as U+FFFE; it comes back as
    *line_end_hyphen*.
    """
    textpage = pdfium_c.FPDFText_LoadPage(page.raw)
    try:
        count = pdfium_c.FPDFText_CountChars(textpage)
        text = _page_text(textpage, count).replace("\ufffe", line_end_hyphen)
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


def document_runs(path: Path, line_end_hyphen: str = "-") -> list[list[Run]]:
    """The runs of every page of the PDF at *path*."""
    document = pdfium.PdfDocument(path)
    fonts = _Fonts()
    try:
        return [page_runs(page, fonts, line_end_hyphen) for page in document]
    finally:
        document.close()
