"""Give WeasyPrint's PDFs a true text layer: `/ActualText` on lines whose glyphs are not letters.

WeasyPrint 70 maps each glyph to the characters of the cluster it first meets it in (the font's
ToUnicode map) and writes no `/ActualText` (upstream Kozea/WeasyPrint#2841). Where glyphs do not
map one to one to characters, extraction is wrong: a Devanagari conjunct or reph is one glyph for
several characters or several glyphs for one cluster; the i-matra is drawn before the consonant
it follows; Arabic lam-alef is one glyph, and marks (tanween, shadda) are glyphs of their own
cluster. `install()` wraps WeasyPrint's `draw_first_line` so that each such line is drawn inside
a `/Span <</ActualText (the line's characters)>> BDC … EMC` marked-content sequence, which
pdftotext (poppler), pdf.js, Acrobat and screen readers use instead of the glyphs' map. Lines of
simple scripts whose glyphs map one to one are written exactly as before.

Remove this module when WeasyPrint writes `/ActualText` itself (follow #2841).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# Scripts whose shaping reorders, joins or splits characters: Arabic, Syriac, Thaana, NKo,
# the Indic scripts, Thai to Myanmar, Khmer, Arabic presentation forms; combining marks.
COMPLEX = re.compile(
    "[\u0300-\u036f\u0600-\u08ff\u0900-\u0dff\u0e00-\u109f\u1780-\u17ff\ufb50-\ufdff\ufe70-\ufeff]"
)
INVISIBLE = re.compile("[\u00ad\u2060\ufeff]")  # soft hyphen, word joiner, ZWNBSP
_MARK = "_guidepress_actual_text"


def actual_text(text: str) -> str:
    """What a line's `/ActualText` says: its characters without invisible joiners."""
    return INVISIBLE.sub("", text)


def _line_text(textbox: Any) -> str:
    layout = textbox.pango_layout
    _, index = layout.get_first_line()
    text: str = layout.text
    if index is not None:
        text = text.encode()[:index].decode(errors="ignore")
    return text


def _runs(textbox: Any) -> Iterator[tuple[str, list[int], int]]:
    """Each run of the line: its characters, its glyphs' clusters, its bidi level."""
    from weasyprint.text.ffi import ffi

    line, _ = textbox.pango_layout.get_first_line()
    text = textbox.pango_layout.text.encode()
    run = line.runs[0]
    while run != ffi.NULL:
        item, glyphs = run.data.item, run.data.glyphs
        chars = text[item.offset : item.offset + item.length].decode(errors="ignore")
        yield chars, [glyphs.log_clusters[i] for i in range(glyphs.num_glyphs)], item.analysis.level
        run = run.next


def needs_actual_text(textbox: Any) -> bool:
    """A line of a complex script, or whose glyphs are not one per character."""
    if COMPLEX.search(textbox.text):
        return True
    return any(len(clusters) != len(chars) or len(set(clusters)) != len(clusters)
               for chars, clusters, _ in _runs(textbox))  # fmt: skip


def spoken_text(textbox: Any) -> str:
    """The line's `/ActualText`: its characters, each right-to-left run in visual order.

    A left-to-right line is written in logical order, as the PDF specification asks. On a line
    with a right-to-left run, poppler (pdftotext, evince, okular) lays the `/ActualText` string
    out where the line's glyphs are and then reverses the right-to-left stretches of the line,
    as it does for glyphs drawn in visual order; so such a line's string is given in visual
    order: the runs as Pango laid them out left to right, each right-to-left run's characters
    reversed. pypdf and pdfminer ignore `/ActualText`.
    """
    runs = list(_runs(textbox))
    if not any(level % 2 for _, _, level in runs):
        return actual_text(_line_text(textbox))
    return "".join(actual_text(chars[::-1] if level % 2 else chars) for chars, _, level in runs)


JOINER = "\u200d"
"""The text of a glyph that is a piece of a cluster whose characters another glyph carries."""


def _patch_fonts() -> None:
    """Map every glyph WeasyPrint left without text to ZERO WIDTH JOINER.

    WeasyPrint gives a cluster's characters to its last glyph (its first, right to left) and an
    empty string to the others (an i-matra drawn before its consonant, the pieces of a conjunct),
    which a ToUnicode map cannot say: checkers count those glyphs as unmapped codes. A joiner is
    invisible, has no letters of its own and is dropped by search; inside `/ActualText` spans
    (every line with such a cluster) it is not read at all.
    """
    from weasyprint import pdf

    original = pdf.build_fonts_dictionary
    if getattr(original, _MARK, False):
        return

    def build_fonts_dictionary(pdf_: Any, fonts: Any, *args: Any, **kwargs: Any) -> Any:
        for font in fonts.values():
            for glyph, text in font.to_unicode.items():
                if not text:
                    font.to_unicode[glyph] = JOINER
        return original(pdf_, fonts, *args, **kwargs)

    setattr(build_fonts_dictionary, _MARK, True)
    pdf.build_fonts_dictionary = build_fonts_dictionary


def install() -> None:
    """Patch WeasyPrint's line drawing and font writing in this process (idempotent)."""
    import pydyf
    from weasyprint.draw import text as drawing

    _patch_fonts()
    original = drawing.draw_first_line
    if getattr(original, _MARK, False):
        return

    def draw_first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        if not textbox.text.strip() or not needs_actual_text(textbox):
            return original(stream, textbox, *args, **kwargs)
        spoken = pydyf.String(spoken_text(textbox))
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": spoken}))
        try:
            return original(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    setattr(draw_first_line, _MARK, True)
    drawing.draw_first_line = draw_first_line


def prepare(document: Any) -> Any:
    """Ready a rendered WeasyPrint document for `write_pdf`: the patch installed, and bookmarks
    and title without the invisible joiners that keep words together on the page (Korean)."""
    install()
    for page in document.pages:
        page.bookmarks = [
            (level, actual_text(label), position, state)
            for level, label, position, state in page.bookmarks
        ]
    if document.metadata.title:
        document.metadata.title = actual_text(document.metadata.title)
    return document
