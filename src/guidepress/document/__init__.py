"""Stage 4: one locale's translated Guide: chapters as parts, headings, notes, formatted text."""

from guidepress.document.chapter import Translate, build_chapter
from guidepress.document.guide import assemble, dead_links
from guidepress.document.model import (
    Body,
    Chapter,
    ChartSlot,
    DataTable,
    Footnote,
    Guide,
    Heading,
    NoteCall,
    Part,
    SectionStart,
    Translations,
    join,
)
from guidepress.markdown.parts import LocalLink

__all__ = [
    "Body",
    "Chapter",
    "ChartSlot",
    "DataTable",
    "Footnote",
    "Guide",
    "Heading",
    "LocalLink",
    "NoteCall",
    "Part",
    "SectionStart",
    "Translate",
    "Translations",
    "assemble",
    "build_chapter",
    "dead_links",
    "join",
]
