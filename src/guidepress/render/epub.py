"""Render a Guide to a reproducible EPUB 3 with ebooklib."""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zipfile
from pathlib import Path

from ebooklib import epub

from guidepress.document import Chapter, Guide
from guidepress.render.base import context, environment

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
ID_ATTR = re.compile(r'\bid="([^"]+)"')
LOCAL_HREF = re.compile(r'href="#([^"]+)"')
NOTEREF = re.compile(r'<a class="noteref" (href="#[^"]+" id="[^"]+") role="doc-noteref">')


def chapter_file(chapter: Chapter) -> str:
    return f"chapter-{chapter.number:02d}-{chapter.slug}.xhtml"


def book_identifier(guide: Guide) -> str:
    """A UUID that stays the same across builds of the same guide and locale."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{guide.url}#{guide.locale}"))


def _anchor_files(guide: Guide) -> dict[str, str]:
    anchors: dict[str, str] = {}
    for chapter in guide.chapters:
        name = chapter_file(chapter)
        anchors[chapter.slug] = name
        for ident in ID_ATTR.findall(chapter.html):
            anchors.setdefault(ident, name)
        for note in chapter.footnotes:
            anchors[note.id] = name
    return anchors


def _link_across_files(html: str, anchors: dict[str, str], own: str) -> str:
    def replace(match: re.Match[str]) -> str:
        target = match.group(1)
        name = anchors.get(target)
        if name is None or name == own:
            return match.group(0)
        return f'href="{name}#{target}"'

    return LOCAL_HREF.sub(replace, html)


def chapter_body(guide: Guide, chapter: Chapter, templates: Path) -> str:
    """Return a chapter's body as XHTML with EPUB 3 notes."""
    env = environment(templates, guide)
    html = NOTEREF.sub(
        r'<a class="noteref" \1 epub:type="noteref" role="doc-noteref">', chapter.html
    )
    return env.get_template("epub/chapter.xhtml").render(context(guide, chapter=chapter, body=html))


def _metadata(book: epub.EpubBook, guide: Guide) -> None:
    book.set_identifier(book_identifier(guide))
    book.set_title(guide.title)
    book.set_language(guide.locale)
    for index, author in enumerate(guide.authors):
        book.add_author(author, uid=f"author-{index}")
    book.add_metadata("DC", "publisher", guide.publisher)
    book.add_metadata("DC", "date", guide.date.isoformat())
    book.add_metadata("DC", "description", guide.subtitle)
    for prop, value in (
        ("schema:accessMode", "textual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityHazard", "none"),
        (
            "schema:accessibilitySummary",
            "Text with headings, a table of contents, footnotes and a data table; "
            "charts have text alternatives.",
        ),
        ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"),
    ):
        book.add_metadata(None, "meta", value, {"property": prop})
    if guide.direction == "rtl":
        book.set_direction("rtl")


def build_book(guide: Guide, templates: Path) -> epub.EpubBook:
    """Assemble the EpubBook: chapters, stylesheet, navigation."""
    book = epub.EpubBook()
    _metadata(book, guide)
    env = environment(templates, guide)
    css = epub.EpubItem(
        uid="style",
        file_name="style/guide.css",
        media_type="text/css",
        content=env.get_template("epub/guide.css").render(context(guide)),
    )
    book.add_item(css)
    anchors = _anchor_files(guide)
    items = []
    for chapter in guide.chapters:
        name = chapter_file(chapter)
        item = epub.EpubHtml(
            title=chapter.title, file_name=name, lang=guide.locale, direction=guide.direction
        )
        item.content = _link_across_files(chapter_body(guide, chapter, templates), anchors, name)
        item.add_item(css)
        book.add_item(item)
        items.append(item)
    book.toc = [epub.Link(chapter_file(c), c.title, c.slug) for c in guide.chapters]
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(direction=guide.direction)
    nav.add_item(css)
    book.add_item(nav)
    book.spine = items
    return book


def write_epub(guide: Guide, templates: Path, target: Path) -> None:
    """Write the EPUB to *target* with fixed timestamps, `mimetype` first and stored."""
    book = build_book(guide, templates)
    draft = target.with_name(target.name + ".unsorted")
    mtime = dt.datetime.combine(guide.date, dt.time())
    epub.write_epub(
        str(draft), book, {"mtime": mtime, "raise_exceptions": True, "epub3_pages": False}
    )
    try:
        normalise_zip(draft, target)
    finally:
        draft.unlink(missing_ok=True)


def normalise_zip(source: Path, target: Path) -> None:
    """Rewrite a zip with fixed timestamps and a stable order, `mimetype` first and stored."""
    with zipfile.ZipFile(source) as old:
        names = sorted(old.namelist(), key=lambda n: (n != "mimetype", n))
        with zipfile.ZipFile(target, "w") as new:
            for name in names:
                info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
                info.compress_type = (
                    zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
                )
                info.external_attr = 0o644 << 16
                new.writestr(info, old.read(name), compresslevel=9)
