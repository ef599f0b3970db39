"""Give WeasyPrint's PDFs a true text layer: glyphs mapped to their own characters, and
`/ActualText` where no glyph-by-glyph map can say what was written.

WeasyPrint 70 maps each glyph to the characters of the cluster it first meets it in (the font's
ToUnicode map) and writes no `/ActualText` (upstream Kozea/WeasyPrint#2841). Where glyphs do not
map one to one to characters, extraction is wrong: a Devanagari conjunct or reph is one glyph for
several characters or several glyphs for one cluster; the i-matra is drawn before the consonant
it follows; Arabic lam-alef is one glyph, and marks (tanween, shadda) are glyphs of their own.
`install()` wraps WeasyPrint's `draw_first_line`:

* A left-to-right line of a complex script is drawn inside one
  `/Span <</ActualText (the line's characters, in logical order)>> BDC … EMC`.
* A line with right-to-left runs gets no line-wide `/ActualText`: every extractor tried
  (poppler's pdftotext, MuPDF, PDFium) lays an `/ActualText` string out left to right over
  the glyphs it covers and then reverses the right-to-left stretch, so a string in logical
  order, as ISO 32000 14.9.4 asks, comes out backwards, and one in visual order is backwards
  for a reader that takes it verbatim. Instead each glyph of a right-to-left run is mapped
  to its own letters (`map_rtl_glyphs`), so the order comes from the glyphs' positions as
  for any text; only a word with a combining mark or a cluster of several glyphs is drawn in
  a span of its own (`rtl_glyphs` says why), about 4 % of the Arabic guide's words.

Lines of simple scripts whose glyphs map one to one are written exactly as before.
Remove this module when WeasyPrint writes `/ActualText` itself (follow #2841).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pydyf

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


def _runs(textbox: Any) -> list[Any]:
    """The line's Pango glyph items, left to right."""
    from weasyprint.text.ffi import ffi

    line, _ = textbox.pango_layout.get_first_line()
    items = []
    run = line.runs[0]
    while run != ffi.NULL:
        items.append(run.data)
        run = run.next
    return items


def _clusters(item: Any) -> list[int]:
    from weasyprint.text.ffi import ffi

    glyphs = item.glyphs
    return list(ffi.unpack(glyphs.log_clusters, glyphs.num_glyphs))


def _chars(textbox: Any, item: Any) -> str:
    start, length = item.item.offset, item.item.length
    text: str = textbox.pango_layout.text
    return text.encode()[start : start + length].decode(errors="ignore")


def _is_rtl(item: Any) -> bool:
    return bool(item.item.analysis.level % 2)


def needs_actual_text(textbox: Any, runs: list[Any]) -> bool:
    """A left-to-right line of a complex script, or whose glyphs are not one per character."""
    if any(_is_rtl(item) for item in runs):
        return False
    if COMPLEX.search(textbox.text):
        return True
    for item in runs:
        clusters = _clusters(item)
        if len(clusters) != len(_chars(textbox, item)) or len(set(clusters)) != len(clusters):
            return True
    return False


def rtl_glyphs(chars: str, clusters: list[int]) -> list[tuple[str, str, int]]:
    """Each glyph's own text, and the `/ActualText` and word it is drawn in, in a right-to-left
    run (the word's byte offset, -1 for none).

    *clusters* are the glyphs' byte offsets into *chars* (UTF-8), glyphs in visual order.
    A cluster of one glyph maps that glyph to its letters; a ligature of several letters
    (lam-alef) in visual order, right to left, because poppler, PDFium, MuPDF and pdf.js all
    lay a glyph's characters out left to right and then reverse the right-to-left stretch.
    A word with a mark (tanween, shadda: a glyph of its own, raised, which poppler and PDFium
    take off the word's line) or a cluster of several glyphs is drawn in an `/ActualText`
    span of the whole word, its letters in visual order for the same reason.
    """
    data = chars.encode()
    glyphs_of: dict[int, list[int]] = {}
    for i, cluster in enumerate(clusters):
        glyphs_of.setdefault(cluster, []).append(i)
    starts = sorted(glyphs_of)
    ends = dict(zip(starts, [*starts[1:], len(data)], strict=True))
    texts: dict[int, str] = {}
    spoken: set[int] = set()  # the clusters whose word needs a span
    for start, indices in glyphs_of.items():
        text = data[start : ends[start]].decode(errors="ignore")
        if len(indices) == 1 and not any(unicodedata.category(c) == "Mn" for c in text):
            texts[indices[0]] = text[::-1]
        else:
            spoken.add(start)
    words = [(m.start(), m.end()) for m in re.finditer(rb"[^ ]+", data)] if spoken else []
    spans = [(b, e) for b, e in words if any(b <= start < e for start in spoken)]
    said = {b: actual_text(data[b:e].decode(errors="ignore"))[::-1] for b, e in spans}
    word_of = {c: b for b, e in spans for c in glyphs_of if b <= c < e}
    out = []
    for i, cluster in enumerate(clusters):
        word = word_of.get(cluster, -1)
        out.append((texts.get(i, ""), said.get(word, ""), word))
    return out


class _ClusterSpans:
    """The stream WeasyPrint draws a line to, with each glyph drawn inside its word's span.

    *spans* has an entry per glyph drawn, in drawing order: None, or the (run, text) of its
    span. `show_text` splits WeasyPrint's `TJ` strings where a span begins or ends.
    """

    def __init__(self, stream: Any, spans: list[Any]) -> None:
        self._stream = stream
        self._spans = iter(spans)
        self._open: Any = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def show_text(self, text: str) -> None:
        piece = ""
        for hexes, number in _TJ.findall(text):
            piece += number
            for k in range(0, len(hexes), 4):
                span = next(self._spans, None)
                if span is not self._open:
                    piece = self._switch(piece, span)
                piece += f"<{hexes[k : k + 4]}>"
        if piece:
            self._stream.show_text(piece)

    def _switch(self, piece: str, span: Any) -> str:
        if piece:
            self._stream.show_text(piece)
        self.close()
        if span is not None:
            actual = pydyf.Dictionary({"ActualText": pydyf.String(span[1])})
            self._stream.begin_marked_content("Span", actual)
        self._open = span
        return ""

    def close(self) -> None:
        if self._open is not None:
            self._stream.end_marked_content()
        self._open = None


_TJ = re.compile(r"<([0-9a-fA-F]*)>|(-?[0-9.]+(?:e-?[0-9]+)?)")
EMPTY = 0x0FFFFFFF  # PANGO_GLYPH_EMPTY: WeasyPrint draws no glyph for it
UNKNOWN = 0x10000000  # PANGO_GLYPH_UNKNOWN_FLAG: WeasyPrint maps it itself


def map_rtl_glyphs(stream: Any, textbox: Any, runs: list[Any]) -> list[Any] | None:
    """Give each glyph of the line's right-to-left runs its own text in the font's ToUnicode
    map (first use wins, as in WeasyPrint); the `/ActualText` span of each drawn glyph of the
    line, or None when the line needs none."""
    spans: list[Any] = []
    bitmap = False  # an emoji font's glyph ids are two hex digits, not four
    for number, item in enumerate(runs):
        font, _ = stream.add_font(item.item.analysis.font)
        glyphs = item.glyphs
        infos = [glyphs.glyphs[i] for i in range(glyphs.num_glyphs)]
        bitmap = bitmap or font.bitmap
        if font.bitmap or not _is_rtl(item):
            spans.extend(None for info in infos if info.glyph != EMPTY)
            continue
        texts = rtl_glyphs(_chars(textbox, item), _clusters(item))
        keys: dict[int, Any] = {}
        for info, (text, spoken, group) in zip(infos, texts, strict=True):
            if text and info.glyph != EMPTY and not info.glyph & UNKNOWN:
                font.to_unicode.setdefault(info.glyph, text)
            if info.glyph != EMPTY:
                spans.append(keys.setdefault(group, (number, spoken)) if spoken else None)
    return spans if any(spans) and not bitmap else None


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
    from weasyprint.draw import text as drawing

    _patch_fonts()
    original = drawing.draw_first_line
    if getattr(original, _MARK, False):
        return

    def draw_first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        if not textbox.text.strip():
            return original(stream, textbox, *args, **kwargs)
        runs = _runs(textbox)
        if any(_is_rtl(item) for item in runs):
            spans = map_rtl_glyphs(stream, textbox, runs)
            if spans is None:
                return original(stream, textbox, *args, **kwargs)
            spanning = _ClusterSpans(stream, spans)
            try:
                return original(spanning, textbox, *args, **kwargs)
            finally:
                spanning.close()
        if not needs_actual_text(textbox, runs):
            return original(stream, textbox, *args, **kwargs)
        spoken = pydyf.String(actual_text(_line_text(textbox)))
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
