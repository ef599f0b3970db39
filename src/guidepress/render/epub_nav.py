"""An EPUB's navigation: contents nested to sections, landmarks, and the NCX's depth."""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, Any

from guidepress.document import Chapter, Guide

if TYPE_CHECKING:
    from ebooklib import epub

NAV_FILE = "nav.xhtml"
NCX_DEPTH = re.compile(rb'<meta content="0" name="dtb:depth"\s*/>')


def chapter_file(chapter: Chapter) -> str:
    return f"chapter-{chapter.number:02d}-{chapter.slug}.xhtml"


def toc_entries(guide: Guide) -> list[Any]:
    """Each chapter with its second-level sections under it (ebooklib's nested `toc`)."""
    from ebooklib import epub

    entries: list[Any] = []
    for chapter in guide.chapters:
        name = chapter_file(chapter)
        sections = [
            epub.Link(f"{name}#{h.id}", h.text, h.id) for h in chapter.headings if h.level == 2
        ]
        if sections:
            entries.append((epub.Section(chapter.title, href=name), sections))
        else:
            entries.append(epub.Link(name, chapter.title, chapter.slug))
    return entries


def landmarks(guide: Guide, contents_title: str) -> list[dict[str, str]]:
    """Cover, contents, the start of the body and the bibliography, where the book has one."""
    first = guide.chapters[0]
    marks = [
        {"type": "cover", "href": "cover.xhtml", "title": guide.title},
        {"type": "toc", "href": NAV_FILE, "title": contents_title},
        {"type": "bodymatter", "href": chapter_file(first), "title": first.title},
    ]
    for chapter in guide.chapters:
        if chapter.references:
            marks.append(
                {"type": "bibliography", "href": chapter_file(chapter), "title": chapter.title}
            )
    return marks


def add_navigation(book: epub.EpubBook, guide: Guide) -> epub.EpubNav:
    """Fill the book's contents and landmarks; add and return its NCX and navigation page."""
    from ebooklib import epub

    title = guide.ui.gettext("Contents")
    book.toc = toc_entries(guide)
    book.guide = landmarks(guide, title)
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=title, direction=guide.direction)
    book.add_item(nav)
    return nav


def nav_text(book: epub.EpubBook, title: str, landmarks_title: str) -> str:
    """The navigation page's text as HTML (headings bold), for choosing its fonts."""
    items = []
    for entry in book.toc:
        if isinstance(entry, tuple):
            items += [entry[0].title, *(link.title for link in entry[1])]
        else:
            items.append(entry.title)
    items += [mark["title"] for mark in book.guide]
    listed = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f"<h2>{escape(title)}</h2><h2>{escape(landmarks_title)}</h2><ol>{listed}</ol>"


def toc_depth(guide: Guide) -> int:
    """How many levels the contents have: 2 when some chapter lists sections."""
    nested = any(h.level == 2 for chapter in guide.chapters for h in chapter.headings)
    return 2 if nested else 1


def fix_ncx_depth(ncx: bytes, depth: int) -> bytes:
    """ebooklib writes `dtb:depth` 0 whatever the contents; write the real depth."""
    return NCX_DEPTH.sub(f'<meta content="{depth}" name="dtb:depth"/>'.encode(), ncx, count=1)


def hide_landmarks(nav: bytes) -> bytes:
    """The landmarks are for the reading system, not a list to read on the contents page."""
    return nav.replace(b'<nav epub:type="landmarks">', b'<nav epub:type="landmarks" hidden="">', 1)
