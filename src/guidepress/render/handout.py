"""Render the two-page clinic handout (optionally bilingual, optionally with a clinic's box)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guidepress.config import Config, Project
from guidepress.config.clinic import Clinic
from guidepress.document import Chapter, Guide, join
from guidepress.document.model import sections
from guidepress.errors import BuildError, Diagnostic
from guidepress.render import Artifact, Renderer, pdfua, stem, textlayer
from guidepress.render.base import context, environment, font_list
from guidepress.render.pdf import (
    PAPER_SIZES,
    captured_weasyprint_warnings,
    font_configuration,
    keep_words_together,
)
from guidepress.theme import Theme

MAX_PAGES = 2
FILL_MARGIN_MM = 4.0  # kept free at the back page's foot
MIN_FILL_MM = 6.0  # less free height than this is left as it is
MAX_ROW_EXTRA_MM = 14.0  # a write-in row grows to at most this much taller
PX_TO_MM = 25.4 / 96


@dataclass(frozen=True)
class Side:
    """One language of the handout: its guide and handout chapter."""

    guide: Guide
    handout: Chapter
    sections: tuple[str, ...]


def _side(guide: Guide) -> Side:
    if guide.handout is None:
        raise BuildError(Diagnostic("guide.toml", 0, "error", "guide.handout is not set"))
    parts = [join(section) for section in sections(guide.handout.body)]
    return Side(guide, guide.handout, tuple(p for p in parts if p.strip()))


def qr_data_uri(url: str) -> str:
    """A vector QR code (SVG) for *url*."""
    import segno

    return str(segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2))


def render_html(
    guide: Guide,
    paper: str,
    theme: Theme,
    clinic: Clinic | None = None,
    also: Guide | None = None,
    second_page: bool = False,
) -> tuple[str, str]:
    """Return the handout's HTML and CSS."""
    env = environment(theme, guide)
    sides = [_side(guide)] + ([_side(also)] if also else [])
    if also and len(sides[0].sections) != len(sides[1].sections):
        raise BuildError(
            Diagnostic(
                f"{also.locale}:handout", 0, "error", "the two languages have different sections"
            )
        )
    url = clinic.qr_url if clinic and clinic.qr_url else guide.url
    variables = context(
        guide,
        paper=paper,
        paper_size=PAPER_SIZES[paper],
        sides=sides,
        clinic=clinic,
        qr_url=url,
        qr_image=qr_data_uri(url),
        bilingual=also is not None,
        second_page=second_page,
        side_fonts=[
            (s.guide.locale, font_list(s.guide, "body"), font_list(s.guide, "heading"))
            for s in sides
        ],
    )
    html = env.get_template("handout/handout.html").render(variables)
    css = env.get_template("handout/handout.css").render(variables)
    if any(side.guide.scripts and side.guide.scripts[0].keep_words for side in sides):
        html = keep_words_together(html)
    return html, css


def _lowest_line(boxes: list[Any]) -> float | None:
    """The bottom of the lowest line in *boxes* and their descendants (px), None if no line."""
    from weasyprint.formatting_structure.boxes import LineBox

    bottoms = [
        line.position_y + line.height
        for box in boxes
        for line in box.descendants()
        if isinstance(line, LineBox)
    ]
    return max(bottoms, default=None)


def _used_height_mm(page: object) -> float:
    box = page._page_box  # type: ignore[attr-defined]
    top = box.content_box_y()
    bottom = _lowest_line([box])
    return max(0.0, float((top if bottom is None else bottom) - top) * PX_TO_MM)


def _free_height_mm(page: object) -> float:
    """The height left below the last line of a page's content (margin boxes left out)."""
    from weasyprint.formatting_structure.boxes import MarginBox

    box = page._page_box  # type: ignore[attr-defined]
    bottom = box.content_box_y() + box.height
    last = _lowest_line([child for child in box.children if not isinstance(child, MarginBox)])
    return max(0.0, float(bottom - (bottom if last is None else last)) * PX_TO_MM)


def _render(
    guide: Guide,
    paper: str,
    theme: Theme,
    root: Path,
    clinic: Clinic | None,
    also: Guide | None,
    second_page: bool,
    row_extra_mm: float = 0.0,
) -> tuple[Any, list[str]]:
    from weasyprint import CSS, HTML

    from guidepress.render.fetcher import ProjectFetcher

    html, css = render_html(guide, paper, theme, clinic, also, second_page)
    if row_extra_mm:
        css += f"\n.write-in {{ padding-top: {row_extra_mm:.1f}mm; }}\n"
    fonts = font_configuration()
    fetcher = ProjectFetcher([root, *theme.folders])
    base = theme.file("handout/handout.html").parent
    with captured_weasyprint_warnings() as warnings:
        document = HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher).render(
            stylesheets=[CSS(string=css, font_config=fonts, url_fetcher=fetcher)],
            font_config=fonts,
            pdf_variant="pdf/ua-1",
        )
    return document, warnings


def write_handout(
    guide: Guide,
    paper: str,
    theme: Theme,
    root: Path,
    target: Path,
    clinic: Clinic | None = None,
    also: Guide | None = None,
) -> int:
    """Render the handout to *target* on exactly two pages.

    Short content gets the clinic's box on the back; content that overflows two pages is an
    error that says by how much.
    """
    document, warnings = _render(guide, paper, theme, root, clinic, also, False)
    second_page = len(document.pages) < MAX_PAGES
    if second_page:
        document, warnings = _render(guide, paper, theme, root, clinic, also, True)
    if clinic is None and len(document.pages) == MAX_PAGES:
        document, warnings = _filled(
            guide, paper, theme, root, also, second_page, document, warnings
        )
    missing = [w for w in warnings if "notdef" in w]
    if missing:
        raise BuildError(
            [Diagnostic(f"{guide.locale}:handout-{paper}", 0, "error", w) for w in missing]
        )
    pages = len(document.pages)
    if pages > MAX_PAGES:
        extra = sum(_used_height_mm(p) for p in document.pages[MAX_PAGES:])
        label = guide.locale + (f"+{also.locale}" if also else "")
        raise BuildError(
            Diagnostic(
                f"{label}:handout-{paper}",
                0,
                "error",
                f"the handout overflows two pages by {extra:.0f} mm of text "
                f"({pages} pages); shorten the translation or the clinic's details",
            )
        )
    textlayer.prepare(pdfua.prepare(document)).write_pdf(target, pdf_variant="pdf/ua-1")
    return pages


def _filled(
    guide: Guide,
    paper: str,
    theme: Theme,
    root: Path,
    also: Guide | None,
    second_page: bool,
    document: Any,
    warnings: list[str],
) -> tuple[Any, list[str]]:
    """The handout laid out again with its write-in rows sharing the back page's free height
    (kept when it still fits two pages), so the contact box uses the page."""
    rows = len(guide.write_in or ()) or 2
    free = _free_height_mm(document.pages[-1]) - FILL_MARGIN_MM
    if free < MIN_FILL_MM:
        return document, warnings
    extra = min(free / rows, MAX_ROW_EXTRA_MM)
    filled = _render(guide, paper, theme, root, None, also, second_page, extra)
    return filled if len(filled[0].pages) == MAX_PAGES else (document, warnings)


class HandoutRenderer(Renderer):
    """The two-page clinic handout, one per paper size."""

    name = "handout"
    kind = "handout"
    format = "pdf"
    templates = ("handout",)

    def wanted(self, config: Config) -> bool:
        return self.name in config.formats and config.handout is not None

    def artifacts(self, config: Config, locale: str) -> list[Artifact]:
        if not self.wanted(config):
            return []
        return [
            self.artifact(locale, paper, "standard", f"{stem(config, locale)}-handout-{paper}.pdf")
            for paper in config.papers
        ]

    def write(self, guide: Guide, artifact: Artifact, project: Project, target: Path) -> int | None:
        assert artifact.paper is not None
        config = project.config
        return write_handout(guide, artifact.paper, config.theme, config.root, target)
