"""Render a Guide to a paged PDF (A4 or Letter, standard or large print) with WeasyPrint."""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from guidepress.config import Config, Project
from guidepress.document import Chapter, Guide, NoteCall, join
from guidepress.errors import BuildError, Diagnostic
from guidepress.render import Artifact, Renderer, pdfua, stem, textlayer
from guidepress.render.base import context, environment
from guidepress.render.chart import chart_drawer, data_uri
from guidepress.render.pdf_layout import lay_out
from guidepress.render.pdf_notes import NOTE_ATTRIBUTE
from guidepress.theme import Theme

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration

CHART_LARGE_PRINT_SCALE = 16.5 / 10.5  # chart numbers (10.5 pt) at 16.5 pt, above 16 pt
PAPER_SIZES = {"a4": "A4", "letter": "letter"}


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make."""

    paper: str
    edition: str
    duplex: bool = True  # chapters open on a right-hand page
    template: str = "pdf/guide.html"
    stylesheet: str = "pdf/guide.css"


class _CaptureWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def captured_weasyprint_warnings() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings (missing glyphs, refused URLs) during a render."""
    handler = _CaptureWarnings()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


@cache
def font_configuration() -> FontConfiguration:
    """One FontConfiguration per worker process."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def footnotes_at_calls(chapter: Chapter) -> Callable[[NoteCall], str]:
    """Put each note's text where it is called, for CSS `float: footnote`.

    A note called twice is printed at both calls, so every call has a note on its page.
    Each call's note carries a key (`data-note`) that finds it again in the laid-out pages.
    """
    notes = {note.id: note.html for note in chapter.footnotes}
    seen: set[str] = set()
    calls = itertools.count(1)

    def note(call: NoteCall) -> str:
        ident = call.note_id
        if ident not in notes:
            return ""
        id_attr = "" if ident in seen else f' id="{ident}"'
        seen.add(ident)
        key = f"{chapter.slug}:{next(calls)}"
        return f'<span class="footnote"{id_attr} {NOTE_ATTRIBUTE}="{key}">{notes[ident]}</span>'

    return note


TEXT_BETWEEN_TAGS = re.compile(r">([^<]+)<")
# letters of words, not kana and kanji (a Japanese title in Korean text breaks between them)
LETTER_PAIR = re.compile(r"(?<=[^\W\u3040-\u30ff\u3400-\u9fff])(?=[^\W\u3040-\u30ff\u3400-\u9fff])")


ENTITY = re.compile(r"(&#?\w+;)")


def _join_letters(text: str) -> str:
    parts = ENTITY.split(text)  # entities (&amp; &#8239;) stay whole
    return "".join(p if ENTITY.fullmatch(p) else LETTER_PAIR.sub("\u2060", p) for p in parts)


def keep_words_together(html: str) -> str:
    """Join the letters of each word with WORD JOINERs so lines break only between words.

    Only the body is touched: the title and metadata keep their plain text.
    """
    head, separator, body = html.partition("<body")
    if not separator:
        return html
    body = TEXT_BETWEEN_TAGS.sub(lambda m: ">" + _join_letters(m.group(1)) + "<", body)
    return head + separator + body


# An all-capital word or acronym, with a number joined by a hyphen: COVID-19, KHJ, DSM-5-TR.
ACRONYM = re.compile(r"(?<![\w&#-])([A-Z][A-Z0-9]*[A-Z](?:-[A-Z0-9]+)*)(?![\w-])")


def mark_acronyms(html: str) -> str:
    """Wrap all-capital words of the body in `<span class="acronym">`, which never hyphenates.

    A link's text is left as it is: WeasyPrint gives a span in a link an annotation of its
    own, whose structure parent is the `/Span`, not the `/Link` (PDF/UA 7.18.5).
    """
    head, separator, body = html.partition("<body")
    if not separator:
        return html
    out, in_link = [], False
    for piece in TAG.split(body):
        if piece.startswith("<"):
            in_link = LINK_OPEN.match(piece) is not None or (in_link and piece != "</a>")
        elif not in_link:
            start, tag_end, text = piece.rpartition(">")  # the body tag's own attributes
            piece = start + tag_end + ACRONYM.sub(r'<span class="acronym">\1</span>', text)
        out.append(piece)
    return head + separator + "".join(out)


TAG = re.compile(r"(<[^>]*>)")
LINK_OPEN = re.compile(r"<a[\s>]")


def css_content(template: str, **counters: str) -> str:
    """Turn 'Page {page} of {pages}' into a CSS content value with counters."""
    parts = re.split(r"(\{\w+\})", template)
    values = []
    for part in parts:
        name = part[1:-1] if part.startswith("{") and part.endswith("}") else None
        if name in counters:
            values.append(counters[name])
        elif part:
            values.append('"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(values) or '""'


def render_html(guide: Guide, job: PdfJob, theme: Theme) -> tuple[str, str]:
    """Return the final HTML and CSS of one PDF (the floor benchmark renders these too)."""
    env = environment(theme, guide)
    scale = CHART_LARGE_PRINT_SCALE if job.edition == "large-print" else 1.0
    chapters = [
        (
            chapter,
            join(
                chapter.body,
                note=footnotes_at_calls(chapter),
                chart=chart_drawer(chapter, guide, env, data_uri, text_scale=scale),
            ),
        )
        for chapter in guide.chapters
    ]
    variables = context(
        guide,
        paper=job.paper,
        paper_size=PAPER_SIZES[job.paper],
        edition=job.edition,
        duplex=job.duplex,
        chapters=chapters,
        css_content=css_content,
    )
    html = env.get_template(job.template).render(variables)
    css = env.get_template(job.stylesheet).render(variables)
    html = mark_acronyms(html)
    if guide.scripts and guide.scripts[0].keep_words:
        html = keep_words_together(html)
    return html, css


def write_pdf(guide: Guide, job: PdfJob, theme: Theme, root: Path, target: Path) -> int:
    """Render *guide* to *target* and return its page count.

    Missing glyphs and refused resources are errors, not warnings.
    """
    from weasyprint import CSS, HTML

    from guidepress.render.fetcher import ProjectFetcher

    html, css = render_html(guide, job, theme)
    fetcher = ProjectFetcher([root, *theme.folders])
    fonts = font_configuration()
    base = theme.file(job.template).parent
    where = f"{guide.locale}:{job.paper}:{job.edition}"
    with captured_weasyprint_warnings() as warnings:
        document = HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher)
        options = {"pdf_variant": "pdf/ua-1", "pdf_identifier": _identifier(guide, job)}
        rendered = lay_out(
            document,
            css,
            lambda text: CSS(string=text, font_config=fonts, url_fetcher=fetcher),
            {"font_config": fonts, **options},
            where,
        )
        textlayer.prepare(pdfua.prepare(rendered)).write_pdf(target, **options)
    problems = [w for w in warnings if "notdef" in w or "refused" in w.lower()]
    if problems:
        raise BuildError([Diagnostic(where, 0, "error", message) for message in problems])
    return len(rendered.pages)


def _identifier(guide: Guide, job: PdfJob) -> bytes:
    key = f"{guide.slug}/{guide.locale}/{job.paper}/{job.edition}/{guide.version}"
    return hashlib.md5(key.encode(), usedforsecurity=False).hexdigest().encode()


class PdfRenderer(Renderer):
    """The guide as a paged PDF, one per paper size, in one edition."""

    kind = "guide"
    format = "pdf"
    templates = ("pdf", "shared")

    def __init__(self, name: str, edition: str) -> None:
        self.name = name
        self.edition = edition

    def wanted(self, config: Config) -> bool:
        return self.name in config.formats and self.edition in config.editions

    def artifacts(self, config: Config, locale: str) -> list[Artifact]:
        if not self.wanted(config):
            return []
        suffix = "" if self.edition == "standard" else f"-{self.edition}"
        return [
            self.artifact(
                locale, paper, self.edition, f"{stem(config, locale)}-{paper}{suffix}.pdf"
            )
            for paper in config.papers
        ]

    def write(self, guide: Guide, artifact: Artifact, project: Project, target: Path) -> int | None:
        assert artifact.paper is not None
        config = project.config
        job = PdfJob(artifact.paper, artifact.edition, artifact.edition in config.duplex)
        return write_pdf(guide, job, config.theme, config.root, target)
