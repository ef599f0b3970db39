"""Translation units: one per translatable spot the block walker finds, plus front matter."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from guidepress.markdown import blocks
from guidepress.markdown.sources import SourceChapter


@dataclass(frozen=True)
class Unit:
    """One translatable block: its msgctxt, msgid, source reference and kind."""

    context: str
    msgid: str
    path: str
    line: int
    kind: str
    note: str | None = None


def chapter_units(chapter: SourceChapter) -> Iterator[Unit]:
    """Yield the chapter's translation units in source order."""
    if chapter.title:
        yield Unit(chapter.slug, chapter.title, chapter.path, chapter.title_line, "chapter title")
    if chapter.summary:
        yield Unit(
            chapter.slug, chapter.summary, chapter.path, chapter.summary_line, "chapter summary"
        )
    for block in blocks.blocks(chapter.tokens):
        for spot in blocks.spots(block):
            yield Unit(chapter.slug, spot.msgid, chapter.path, spot.line, spot.kind, spot.note)
