"""Render a Guide to a reproducible EPUB 3 with ebooklib."""

from __future__ import annotations

import datetime as dt
import subprocess
import uuid
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from guidepress.config import Config, Project
from guidepress.document import Chapter, Guide, LocalLink, NoteCall, join
from guidepress.errors import BuildError, Diagnostic
from guidepress.render import Artifact, Renderer, stem
from guidepress.render.accessibility import Claim, Contents, properties
from guidepress.render.base import context, environment
from guidepress.render.chart import chart_drawer
from guidepress.render.licence import embedded_notices, licence_text
from guidepress.render.pdf import font_configuration
from guidepress.theme import Theme

if TYPE_CHECKING:
    from ebooklib import epub

ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest time a zip entry can hold


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
        for ident in chapter.anchors:
            anchors.setdefault(ident, name)
        for note in chapter.footnotes:
            anchors[note.id] = name
    return anchors


def _link_across_files(anchors: dict[str, str], own: str) -> Callable[[LocalLink], str]:
    def link(target: LocalLink) -> str:
        name = anchors.get(target.target)
        return target.html("" if name is None or name == own else name)

    return link


def chapter_body(
    guide: Guide,
    chapter: Chapter,
    env: jinja2.Environment,
    images: dict[str, str],
    anchors: dict[str, str],
) -> str:
    """Return a chapter's body as XHTML with EPUB 3 notes; chart images go into *images*.

    *anchors* tell which file holds each id, so links to other chapters name their file.
    """

    def chart_file(stem: str, svg: str) -> str:
        name = f"images/{stem}.svg"
        images[name] = svg
        return name

    link = _link_across_files(anchors, chapter_file(chapter))
    chart = chart_drawer(chapter, guide, env, chart_file)
    html = join(chapter.body, note=_noteref, chart=chart, link=link)
    notes = [(note, join(note.body, link=link)) for note in chapter.footnotes]
    return env.get_template("epub/chapter.xhtml").render(
        context(guide, chapter=chapter, body=html, notes=notes)
    )


def _noteref(call: NoteCall) -> str:
    """The call as a noteref; `dir` isolates it from a number before it in right-to-left text
    (EPUB style sheets may not use `unicode-bidi`; HTML isolates an element with `dir`)."""
    return call.html(' epub:type="noteref" dir="ltr"')


def _metadata(book: epub.EpubBook, guide: Guide, pairs: list[tuple[str, str]]) -> None:
    book.set_identifier(book_identifier(guide))
    book.set_title(guide.title)
    book.set_language(guide.locale)
    for index, author in enumerate(guide.authors):
        book.add_author(author, uid=f"author-{index}")
    book.add_metadata("DC", "publisher", guide.publisher)
    book.add_metadata("DC", "date", guide.date.isoformat())
    book.add_metadata("DC", "description", guide.subtitle)
    for prop, value in pairs:
        book.add_metadata(None, "meta", value, {"property": prop})
    if guide.direction == "rtl":
        book.set_direction("rtl")


class _TextOf(HTMLParser):
    """Collects the character data of XHTML pages (what their fonts must cover)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _visible_text(pages: list[str]) -> str:
    collector = _TextOf()
    for page in pages:
        collector.feed(page)
        collector.close()
    return " ".join(collector.text)


def _embedded_fonts(book: epub.EpubBook, guide: Guide, text: str) -> list[epub.EpubItem]:
    """Subset and embed the fonts of non-Latin scripts (the licence is a page of its own)."""
    from ebooklib import epub

    from guidepress.fonts import system as fonts

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


def cover_png(guide: Guide, theme: Theme) -> bytes | None:
    """Draw the cover with WeasyPrint and rasterise it with pdftoppm; None if unavailable."""
    from weasyprint import CSS, HTML

    env = environment(theme, guide)
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


def build_book(guide: Guide, theme: Theme, claim: Claim | None = None) -> tuple[epub.EpubBook, str]:
    """Assemble the EpubBook (cover, chapters, charts, fonts, stylesheet, navigation) and
    the heading of its landmarks, which ebooklib takes as a write option."""
    from ebooklib import epub

    book = epub.EpubBook()
    env = environment(theme, guide)
    anchors = _anchor_files(guide)
    images: dict[str, str] = {}
    pages = {chapter_file(c): chapter_body(guide, c, env, images, anchors) for c in guide.chapters}
    contents = Contents.of(guide, pages.values())
    strings: Any = env.get_template("epub/book.xhtml").make_module(
        context(guide, contents=contents)
    )
    summary = " ".join(str(strings.accessibility_summary).split())
    _metadata(book, guide, properties(contents, summary, claim))
    cover_page = env.get_template("epub/cover.xhtml").render(context(guide))
    licence = env.get_template("epub/licence.xhtml").render(
        context(guide, licence=licence_text(guide, theme), fonts=embedded_notices(guide))
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
    image = cover_png(guide, theme)
    if image is not None:
        book.set_cover("images/cover.png", image, create_page=False)
    _add_images(book, images)
    spine = [_page(book, "cover", "cover.xhtml", guide.title, cover_page, guide, css)]
    for chapter in guide.chapters:
        name = chapter_file(chapter)
        spine.append(
            _page(
                book,
                f"chapter-{chapter.number:02d}",
                name,
                chapter.title,
                pages[name],
                guide,
                css,
            )
        )
    if font_items:
        title = str(strings.licence_title)
        spine.append(_page(book, "licence", "licence.xhtml", title, licence, guide, css))
    _navigation(book, guide, css)
    book.spine = spine
    return book, str(strings.landmarks_title)


def _add_images(book: epub.EpubBook, images: dict[str, str]) -> None:
    from ebooklib import epub

    for index, (name, svg) in enumerate(sorted(images.items())):
        book.add_item(
            epub.EpubItem(
                uid=f"image-{index}",
                file_name=name,
                media_type="image/svg+xml",
                content=svg.encode(),
            )
        )


def _navigation(book: epub.EpubBook, guide: Guide, css: epub.EpubItem) -> None:
    """The table of contents, landmarks, NCX and navigation document."""
    from ebooklib import epub

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


def _page(
    book: epub.EpubBook,
    uid: str,
    name: str,
    title: str,
    body: str,
    guide: Guide,
    css: epub.EpubItem,
) -> epub.EpubHtml:
    from ebooklib import epub

    item = epub.EpubHtml(
        uid=uid, title=title, file_name=name, lang=guide.locale, direction=guide.direction
    )
    item.content = body
    item.add_item(css)
    book.add_item(item)
    return item


def write_epub(guide: Guide, theme: Theme, target: Path, claim: Claim | None = None) -> None:
    """Write the EPUB to *target* with fixed timestamps, `mimetype` first and stored."""
    from ebooklib import epub

    book, landmarks_title = build_book(guide, theme, claim)
    draft = target.with_name(target.name + ".unsorted")
    mtime = guide.timestamp.astimezone(dt.UTC).replace(tzinfo=None)
    try:
        epub.write_epub(
            str(draft),
            book,
            {
                "mtime": mtime,
                "raise_exceptions": True,
                "epub3_pages": False,
                "landmark_title": landmarks_title,
            },
        )
    except (OSError, ValueError) as err:
        raise BuildError(Diagnostic(f"{guide.locale}:epub", 0, "error", str(err))) from None
    try:
        normalise_zip(draft, target, guide)
    finally:
        draft.unlink(missing_ok=True)


def _package_language(opf: bytes, guide: Guide) -> bytes:
    attributes = f'xml:lang="{guide.locale}" dir="{guide.direction}" '.encode()
    return opf.replace(b"<package ", b"<package " + attributes, 1)


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


class EpubRenderer(Renderer):
    """The guide as a reproducible EPUB 3 e-book."""

    name = "epub"
    kind = "guide"
    format = "epub"
    templates = ("epub", "shared")

    def artifacts(self, config: Config, locale: str) -> list[Artifact]:
        if not self.wanted(config):
            return []
        return [self.artifact(locale, None, "standard", f"{stem(config, locale)}.epub")]

    def write(self, guide: Guide, artifact: Artifact, project: Project, target: Path) -> int | None:
        config = project.config
        claim = None
        if config.conforms_to:
            certifier = guide.ui.pgettext("guide", config.certified_by)
            claim = Claim(config.conforms_to, certifier)
        write_epub(guide, config.theme, target, claim)
        return None
