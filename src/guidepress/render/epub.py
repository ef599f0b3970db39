"""Render a Guide to a reproducible EPUB 3 with ebooklib."""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
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
from guidepress.render.epub_fonts import Run, faces_and_text, language_rules, page_runs
from guidepress.render.epub_nav import (
    NAV_FILE,
    add_navigation,
    chapter_file,
    fix_ncx_depth,
    hide_landmarks,
    nav_text,
    toc_depth,
)
from guidepress.render.licence import embedded_notices, licence_text
from guidepress.render.pdf import font_configuration
from guidepress.render.tables import framed_tables
from guidepress.theme import Theme

if TYPE_CHECKING:
    from ebooklib import epub

DISPLAY_OPTIONS = "META-INF/com.apple.ibooks.display-options.xml"
DISPLAY_OPTIONS_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<display_options><platform name="*">'
    b'<option name="specified-fonts">true</option></platform></display_options>\n'
)
"""Apple Books shows the embedded fonts only when the book asks it to."""
FRONT_PAGES = 3
"""The cover, title page and imprint come before the contents page."""
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest time a zip entry can hold


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
    """Return a chapter's body as XHTML with EPUB 3 notes (charts are inline SVG now, so
    *images* stays empty; kept for other images a chapter may add).

    *anchors* tell which file holds each id, so links to other chapters name their file.
    """

    link = _link_across_files(anchors, chapter_file(chapter))
    chart = chart_drawer(chapter, guide, env, None)  # inline SVG in the text's colour
    html = framed_tables(join(chapter.body, note=_noteref, chart=chart, link=link), chapter.slug)
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


def _embedded_fonts(book: epub.EpubBook, guide: Guide, runs: list[Run]) -> str:
    """Embed each face the pages use, cut to the characters it draws; return the style
    rules that declare them and give other scripts' languages their own families."""
    from ebooklib import epub

    from guidepress.fonts import system as fonts

    rules = []
    for face, text in faces_and_text(guide, runs).items():
        found = fonts.locate_face(face.family, face.style) or fonts.locate(face.family)
        data, kind = fonts.subset_face(found, text)
        name = f"fonts/{face.file_stem}.{'otf' if kind == 'font/otf' else 'ttf'}"
        book.add_item(
            epub.EpubItem(
                uid=f"font-{face.file_stem}", file_name=name, media_type=kind, content=data
            )
        )
        rules.append(face.rule(name))
    return "\n".join([*rules, language_rules(guide)])


COVER_TITLE_WIDTH_PT = 4.9 * 72 * 0.92  # the text width, less room for side bearings
COVER_TITLE_MAX_PT = 46.0


def cover_title(title: str) -> tuple[list[str], float]:
    """The title's phrases, which the cover keeps whole, and its size in points.

    Words are phrases where the script spaces them; a title written without spaces
    (Japanese) is one phrase, set small enough to fit one line of the cover.
    """
    words = title.split()
    if len(words) > 1:
        return words, COVER_TITLE_MAX_PT
    fitting = math.floor(10 * COVER_TITLE_WIDTH_PT / max(len(title), 1)) / 10
    return [title], min(COVER_TITLE_MAX_PT, fitting)


def cover_png(guide: Guide, theme: Theme) -> bytes | None:
    """Draw the cover with WeasyPrint and rasterise it with pdftoppm; None if unavailable."""
    from weasyprint import CSS, HTML

    env = environment(theme, guide)
    phrases, size = cover_title(guide.title)
    html = env.get_template("epub/cover-image.html").render(
        context(guide, title_phrases=phrases, title_size=size)
    )
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


@dataclass(frozen=True)
class Page:
    """One XHTML page of the spine."""

    uid: str
    file: str
    title: str
    body: str


def _render(env: jinja2.Environment, name: str, guide: Guide) -> str:
    return env.get_template(f"epub/{name}.xhtml").render(context(guide))


def _pages(
    guide: Guide, theme: Theme, env: jinja2.Environment, strings: Any, bodies: list[str]
) -> list[Page]:
    """Every page in reading order: the cover, title page, imprint, chapters, font licence."""
    pages = [
        Page("cover", "cover.xhtml", guide.title, _render(env, "cover", guide)),
        Page(
            "titlepage",
            "titlepage.xhtml",
            str(strings.titlepage_title),
            _render(env, "titlepage", guide),
        ),
        Page(
            "imprint", "imprint.xhtml", str(strings.imprint_title), _render(env, "imprint", guide)
        ),
    ]
    for chapter, body in zip(guide.chapters, bodies, strict=True):
        pages.append(
            Page(f"chapter-{chapter.number:02d}", chapter_file(chapter), chapter.title, body)
        )
    licence = env.get_template("epub/licence.xhtml").render(
        context(guide, licence=licence_text(guide, theme), fonts=embedded_notices(guide))
    )
    pages.append(Page("licence", "licence.xhtml", str(strings.licence_title), licence))
    return pages


def build_book(guide: Guide, theme: Theme, claim: Claim | None = None) -> tuple[epub.EpubBook, str]:
    """Assemble the EpubBook (cover, chapters, charts, fonts, stylesheet, navigation) and
    the heading of its landmarks, which ebooklib takes as a write option."""
    from ebooklib import epub

    book = epub.EpubBook()
    env = environment(theme, guide)
    anchors = _anchor_files(guide)
    images: dict[str, str] = {}
    bodies = [chapter_body(guide, c, env, images, anchors) for c in guide.chapters]
    contents = Contents.of(guide, bodies)
    strings: Any = env.get_template("epub/book.xhtml").make_module(
        context(guide, contents=contents)
    )
    summary = " ".join(str(strings.accessibility_summary).split())
    _metadata(book, guide, properties(contents, summary, claim))
    book.add_metadata("DC", "rights", str(strings.rights))
    pages = _pages(guide, theme, env, strings, bodies)
    landmarks_title = str(strings.landmarks_title)
    nav = add_navigation(book, guide)
    runs = page_runs(
        [p.body for p in pages] + [nav_text(book, nav.title, landmarks_title)], guide.locale
    )
    faces = _embedded_fonts(book, guide, runs)
    css = epub.EpubItem(
        uid="style",
        file_name="style/guide.css",
        media_type="text/css",
        content=faces + "\n" + env.get_template("epub/guide.css").render(context(guide)),
    )
    book.add_item(css)
    nav.add_item(css)
    image = cover_png(guide, theme)
    if image is not None:
        book.set_cover("images/cover.png", image, create_page=False)
    _add_images(book, images)
    spine: list[Any] = [_page(book, page, guide, css) for page in pages]
    spine.insert(FRONT_PAGES, nav)  # a contents page in the reading order, as Kindle advises
    book.spine = spine
    return book, landmarks_title


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


def _page(book: epub.EpubBook, page: Page, guide: Guide, css: epub.EpubItem) -> epub.EpubHtml:
    from ebooklib import epub

    item = epub.EpubHtml(
        uid=page.uid,
        title=page.title,
        file_name=page.file,
        lang=guide.locale,
        direction=guide.direction,
    )
    item.content = page.body
    if "<svg" in page.body:  # the charts' inline SVG
        item.properties.append("svg")
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
        files = {name: old.read(name) for name in old.namelist()}
        files[DISPLAY_OPTIONS] = DISPLAY_OPTIONS_XML
        names = sorted(files, key=lambda n: (n != "mimetype", n))
        with zipfile.ZipFile(target, "w") as new:
            for name in names:
                data = files[name]
                if name.endswith(".opf"):
                    data = _package_language(data, guide)
                elif name.endswith(".ncx"):
                    data = fix_ncx_depth(data, toc_depth(guide))
                elif name.endswith(NAV_FILE):
                    data = hide_landmarks(data)
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
