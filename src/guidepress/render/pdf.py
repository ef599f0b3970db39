"""Render a Guide to a paged PDF (A4 or Letter, standard or large print) with WeasyPrint."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from guidepress.document import Chapter, Guide
from guidepress.errors import BuildError, Diagnostic
from guidepress.fetcher import ProjectFetcher
from guidepress.render.base import context, environment
from guidepress.render.chart import data_uri, insert_charts

NOTEREF = re.compile(
    r'<a class="noteref" href="#(fn-[\w-]+)" id="[\w-]+" role="doc-noteref">'
    r"\d+</a>"
)
LARGE_PRINT_SCALE = 16 / 11  # body text 16 pt instead of 11 pt
PAPER_SIZES = {"a4": "A4", "letter": "letter"}


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make."""

    paper: str
    edition: str
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
    return FontConfiguration()


def inline_footnotes(chapter: Chapter) -> str:
    """Put each note's text where it is called, for CSS `float: footnote`.

    A note called twice is printed at both calls, so every call has a note on its page.
    """
    notes = {note.id: note.html for note in chapter.footnotes}
    seen: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        ident = match.group(1)
        if ident not in notes:
            return ""
        id_attr = "" if ident in seen else f' id="{ident}"'
        seen.add(ident)
        return f'<span class="footnote"{id_attr}>{notes[ident]}</span>'

    return NOTEREF.sub(replace, chapter.html)


TEXT_BETWEEN_TAGS = re.compile(r">([^<]+)<")
LETTER_PAIR = re.compile(r"(?<=\w)(?=\w)")


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


def render_html(guide: Guide, job: PdfJob, templates: Path) -> tuple[str, str]:
    """Return the final HTML and CSS of one PDF (the floor benchmark renders these too)."""
    env = environment(templates, guide)
    chapters = [
        (
            chapter,
            insert_charts(
                inline_footnotes(chapter),
                chapter,
                guide,
                env,
                data_uri,
                text_scale=LARGE_PRINT_SCALE if job.edition == "large-print" else 1.0,
            ),
        )
        for chapter in guide.chapters
    ]
    variables = context(
        guide,
        paper=job.paper,
        paper_size=PAPER_SIZES[job.paper],
        edition=job.edition,
        chapters=chapters,
        css_content=css_content,
    )
    html = env.get_template(job.template).render(variables)
    css = env.get_template(job.stylesheet).render(variables)
    if guide.scripts and guide.scripts[0].keep_words:
        html = keep_words_together(html)
    return html, css


def write_pdf(guide: Guide, job: PdfJob, templates: Path, root: Path, target: Path) -> int:
    """Render *guide* to *target* and return its page count.

    Missing glyphs and refused resources are errors, not warnings.
    """
    html, css = render_html(guide, job, templates)
    fetcher = ProjectFetcher([root])
    fonts = font_configuration()
    base = (templates / job.template).parent
    with captured_weasyprint_warnings() as warnings:
        document = HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher)
        stylesheet = CSS(string=css, font_config=fonts, url_fetcher=fetcher)
        options = {"pdf_variant": "pdf/ua-1", "pdf_identifier": _identifier(guide, job)}
        rendered = document.render(stylesheets=[stylesheet], font_config=fonts, **options)
        rendered.write_pdf(target, **options)
    problems = [w for w in warnings if "notdef" in w or "refused" in w.lower()]
    if problems:
        raise BuildError(
            [
                Diagnostic(f"{guide.locale}:{job.paper}:{job.edition}", 0, "error", message)
                for message in problems
            ]
        )
    return len(rendered.pages)


def _identifier(guide: Guide, job: PdfJob) -> bytes:
    key = f"{guide.slug}/{guide.locale}/{job.paper}/{job.edition}/{guide.version}"
    return hashlib.md5(key.encode(), usedforsecurity=False).hexdigest().encode()
