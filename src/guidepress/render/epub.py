"""Render a Guide to a reproducible EPUB 3 with ebooklib."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import uuid
import zipfile
from html import unescape
from pathlib import Path

import jinja2
from ebooklib import epub
from weasyprint import CSS, HTML

from guidepress import fonts
from guidepress.document import Chapter, Guide
from guidepress.errors import BuildError, Diagnostic
from guidepress.render.base import context, environment
from guidepress.render.chart import insert_charts
from guidepress.render.pdf import font_configuration

ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest time a zip entry can hold
ID_ATTR = re.compile(r'\bid="([^"]+)"')
LOCAL_HREF = re.compile(r'href="#([^"]+)"')
NOTEREF = re.compile(r'<a class="noteref" (href="#[^"]+" id="[^"]+") role="doc-noteref">')
TAGS = re.compile(r"<[^>]+>")
PACKAGE_OPEN = re.compile(rb"<package ")


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


def chapter_body(
    guide: Guide, chapter: Chapter, env: jinja2.Environment, images: dict[str, str]
) -> str:
    """Return a chapter's body as XHTML with EPUB 3 notes; chart images go into *images*."""

    def chart_file(stem: str, svg: str) -> str:
        name = f"images/{stem}.svg"
        images[name] = svg
        return name

    html = NOTEREF.sub(
        r'<a class="noteref" \1 epub:type="noteref" role="doc-noteref">', chapter.html
    )
    html = insert_charts(html, chapter, guide, env, chart_file)
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
        ("schema:accessMode", "visual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityFeature", "displayTransformability"),
        ("schema:accessibilityHazard", "none"),
        (
            "schema:accessibilitySummary",
            "Text with headings, a table of contents, footnotes and a data table; the chart "
            "repeats the table and has a text alternative. No hazards.",
        ),
        ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"),
        ("a11y:certifiedBy", guide.publisher),
    ):
        book.add_metadata(None, "meta", value, {"property": prop})
    if guide.direction == "rtl":
        book.set_direction("rtl")


def _visible_text(pages: list[str]) -> str:
    return unescape(TAGS.sub(" ", " ".join(pages)))


def _embedded_fonts(book: epub.EpubBook, guide: Guide, text: str) -> list[epub.EpubItem]:
    """Subset and embed the fonts of non-Latin scripts (the licence is a page of its own)."""
    items = []
    for stack in guide.scripts:
        if stack.script == "Latn":
            continue
        data, kind = fonts.subset_font(stack.body, text)
        extension = "otf" if kind == "font/otf" else "ttf"
        items.append(
            epub.EpubItem(
                uid=f"font-{stack.script}",
                file_name=f"fonts/{stack.script}.{extension}",
                media_type=kind,
                content=data,
            )
        )
    for item in items:
        book.add_item(item)
    return items


def _font_faces(items: list[epub.EpubItem], guide: Guide) -> str:
    faces = []
    for item, stack in zip(items, [s for s in guide.scripts if s.script != "Latn"], strict=True):
        faces.append(
            f'@font-face {{ font-family: "{stack.body}"; src: url("../{item.file_name}"); }}'
        )
    return "\n".join(faces)


def cover_png(guide: Guide, templates: Path) -> bytes | None:
    """Draw the cover with WeasyPrint and rasterise it with pdftoppm; None if unavailable."""
    env = environment(templates, guide)
    html = env.get_template("epub/cover-image.html").render(context(guide))
    pdf = HTML(string=html).write_pdf(
        font_config=font_configuration(),
        stylesheets=[CSS(string="@page { size: 6in 9in; margin: 0 }")],
    )
    try:
        done = subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-singlefile"],
            input=pdf,
            capture_output=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return bytes(done.stdout)


def build_book(guide: Guide, templates: Path) -> epub.EpubBook:
    """Assemble the EpubBook: cover, chapters, charts, fonts, stylesheet, navigation."""
    book = epub.EpubBook()
    _metadata(book, guide)
    env = environment(templates, guide)
    anchors = _anchor_files(guide)
    images: dict[str, str] = {}
    pages = {chapter_file(c): chapter_body(guide, c, env, images) for c in guide.chapters}
    cover_page = env.get_template("epub/cover.xhtml").render(context(guide))
    licence = env.get_template("epub/licence.xhtml").render(
        context(guide, licence=(templates / "epub" / "fonts" / "OFL.txt").read_text())
    )
    text = (
        _visible_text([cover_page, licence, *pages.values()])
        + "".join(c.title for c in guide.chapters)
        + guide.title
        + "0123456789"
    )
    font_items = _embedded_fonts(book, guide, text)
    css = epub.EpubItem(
        uid="style",
        file_name="style/guide.css",
        media_type="text/css",
        content=_font_faces(font_items, guide)
        + "\n"
        + env.get_template("epub/guide.css").render(context(guide)),
    )
    book.add_item(css)
    image = cover_png(guide, templates)
    if image is not None:
        book.set_cover("images/cover.png", image, create_page=False)
    for index, (name, svg) in enumerate(sorted(images.items())):
        book.add_item(
            epub.EpubItem(
                uid=f"image-{index}",
                file_name=name,
                media_type="image/svg+xml",
                content=svg.encode(),
            )
        )
    spine = [_page(book, "cover", "cover.xhtml", guide.title, cover_page, guide, css)]
    for chapter in guide.chapters:
        name = chapter_file(chapter)
        spine.append(
            _page(
                book,
                f"chapter-{chapter.number:02d}",
                name,
                chapter.title,
                _link_across_files(pages[name], anchors, name),
                guide,
                css,
            )
        )
    if font_items:
        spine.append(_page(book, "licence", "licence.xhtml", "Font licence", licence, guide, css))
    book.toc = [epub.Link(chapter_file(c), c.title, c.slug) for c in guide.chapters]
    book.guide = [
        {"type": "cover", "href": "cover.xhtml", "title": guide.title},
        {
            "type": "bodymatter",
            "href": chapter_file(guide.chapters[0]),
            "title": guide.chapters[0].title,
        },
    ]
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=guide.ui.gettext("Contents"), direction=guide.direction)
    nav.add_item(css)
    book.add_item(nav)
    book.spine = spine
    return book


def _page(
    book: epub.EpubBook,
    uid: str,
    name: str,
    title: str,
    body: str,
    guide: Guide,
    css: epub.EpubItem,
) -> epub.EpubHtml:
    item = epub.EpubHtml(
        uid=uid, title=title, file_name=name, lang=guide.locale, direction=guide.direction
    )
    item.content = body
    item.add_item(css)
    book.add_item(item)
    return item


def write_epub(guide: Guide, templates: Path, target: Path) -> None:
    """Write the EPUB to *target* with fixed timestamps, `mimetype` first and stored."""
    book = build_book(guide, templates)
    draft = target.with_name(target.name + ".unsorted")
    mtime = guide.timestamp.astimezone(dt.UTC).replace(tzinfo=None)
    try:
        epub.write_epub(
            str(draft), book, {"mtime": mtime, "raise_exceptions": True, "epub3_pages": False}
        )
    except (OSError, ValueError) as err:
        raise BuildError(Diagnostic(f"{guide.locale}:epub", 0, "error", str(err))) from None
    try:
        normalise_zip(draft, target, guide)
    finally:
        draft.unlink(missing_ok=True)


def _package_language(opf: bytes, guide: Guide) -> bytes:
    attributes = f'xml:lang="{guide.locale}" dir="{guide.direction}" '.encode()
    return PACKAGE_OPEN.sub(b"<package " + attributes, opf, count=1)


def _zip_time(timestamp: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry's date and time (UTC; zip has no zone and starts in 1980)."""
    moment = max(timestamp, ZIP_EPOCH).astimezone(dt.UTC)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def normalise_zip(source: Path, target: Path, guide: Guide) -> None:
    """Rewrite a zip with fixed timestamps and a stable order, `mimetype` first and stored."""
    with zipfile.ZipFile(source) as old:
        names = sorted(old.namelist(), key=lambda n: (n != "mimetype", n))
        with zipfile.ZipFile(target, "w") as new:
            for name in names:
                data = old.read(name)
                if name.endswith(".opf"):
                    data = _package_language(data, guide)
                info = zipfile.ZipInfo(name, _zip_time(guide.timestamp))
                info.compress_type = (
                    zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
                )
                info.external_attr = 0o644 << 16
                new.writestr(info, data, compresslevel=9)
