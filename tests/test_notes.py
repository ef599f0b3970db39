"""Every footnote is printed on the page of its call, and `check` counts them from the PDF.

The `notes` fixture is a copy of the guide's chapter "The inner world": on A4 its list of
studies ends at a page foot, where WeasyPrint 70 moves note 13 to the next page and loses
note 14 (and on Letter large print moves note 13).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import guidepress, make_project
from guidepress.checks.pdftext import PdfText, Run
from guidepress.theme import PACKAGED, Theme

PDFS = [
    "notes-guide-en-a4.pdf",
    "notes-guide-en-letter.pdf",
    "notes-guide-en-a4-large-print.pdf",
    "notes-guide-en-letter-large-print.pdf",
]


@pytest.fixture(scope="module")
def notes_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("notes"), "notes")
    run = guidepress(project, "build", "--only", "pdf", "--only", "large-print")
    assert run.returncode == 0, run.stderr
    return project


def _plain_weasyprint_pdf(project: Path, target: Path) -> None:
    """The fixture's A4 guide laid out once, as WeasyPrint alone does (no fallback)."""
    from weasyprint import CSS, HTML

    from guidepress.build.pipeline import Pipeline
    from guidepress.config import load_project
    from guidepress.errors import Reporter
    from guidepress.render.pdf import PdfJob, font_configuration, render_html
    from guidepress.render.registry import FORMAT_NAMES

    pipeline = Pipeline(load_project(project / "guide.toml", FORMAT_NAMES))
    reporter = Reporter(quiet=True)
    guide = pipeline.guide(pipeline.status("en", reporter), reporter)
    html, css = render_html(guide, PdfJob("a4", "standard"), Theme((PACKAGED,)))
    fonts = font_configuration()
    document = HTML(string=html, base_url=str(PACKAGED / "pdf") + "/")
    document.write_pdf(target, stylesheets=[CSS(string=css, font_config=fonts)], font_config=fonts)


def test_the_check_tells_a_lost_note_from_a_displaced_one(
    notes_project: Path, tmp_path: Path
) -> None:
    from guidepress.checks.notes import note_figures

    plain = tmp_path / "plain.pdf"
    _plain_weasyprint_pdf(notes_project, plain)
    figures = note_figures(PdfText(plain))
    assert figures.lost == ["page 4: note 14 is called but printed on no page"]
    assert figures.displaced == ["page 4: note 13 is printed on page 5, not on its call's page"]
    assert figures.called == 18


def test_every_note_is_printed_on_its_calls_page(notes_project: Path) -> None:
    from guidepress.checks.notes import note_figures

    for name in PDFS:
        figures = note_figures(PdfText(notes_project / "build" / "en" / name))
        assert figures.as_dict() == {"called": 18, "lost": 0, "displaced": 0}, name


def test_check_reports_note_figures_and_fails_on_a_lost_note(
    notes_project: Path, tmp_path: Path
) -> None:
    run = guidepress(notes_project, "check", "--json", "-")
    report = json.loads(run.stdout)
    assert report["checks"]["notes"]["en"] == "ok"
    assert report["figures"]["notes"]["build/en/notes-guide-en-a4.pdf"] == {
        "called": 18,
        "lost": 0,
        "displaced": 0,
    }
    table = guidepress(notes_project, "check")
    assert "notes en: called 72, lost 0, displaced 0 (4 PDFs)" in table.stdout

    copy = tmp_path / "notes"
    shutil.copytree(notes_project, copy)
    _plain_weasyprint_pdf(copy, copy / "build" / "en" / PDFS[0])
    failed = guidepress(copy, "check")
    assert failed.returncode == 1
    assert (
        "build/en/notes-guide-en-a4.pdf: error: [notes] page 4: note 14 is called but "
        "printed on no page" in failed.stderr
    )
    assert "[notes] page 4: note 13 is printed on page 5" in failed.stderr


def test_a_contents_entry_pushed_by_a_layout_change_is_caught_and_corrected(
    notes_project: Path, tmp_path: Path
) -> None:
    from weasyprint import CSS, HTML

    from guidepress.build.pipeline import Pipeline
    from guidepress.checks.pages import page_figures
    from guidepress.config import load_project
    from guidepress.errors import Reporter
    from guidepress.render.pdf import PdfJob, font_configuration, render_html
    from guidepress.render.pdf_layout import lay_out
    from guidepress.render.pdf_pages import (
        anchor_pages,
        fix_numbers,
        fixed_stylesheet,
        wrong_numbers,
    )
    from guidepress.render.registry import FORMAT_NAMES

    pipeline = Pipeline(load_project(notes_project / "guide.toml", FORMAT_NAMES))
    reporter = Reporter(quiet=True)
    guide = pipeline.guide(pipeline.status("en", reporter), reporter)
    html, css = render_html(guide, PdfJob("letter", "standard"), Theme((PACKAGED,)))
    fonts = font_configuration()

    def make_css(text: str) -> CSS:
        return CSS(string=text, font_config=fonts)

    document = HTML(string=html, base_url=str(PACKAGED / "pdf") + "/")
    first = document.render(stylesheets=[make_css(css)], font_config=fonts, pdf_variant="pdf/ua-1")
    assert wrong_numbers(first.pages) == []
    # The numbers of that layout are printed, then a change pushes the chapter's sections on.
    fix_numbers(document.etree_element, anchor_pages(first.pages))
    summary = next(
        p for p in document.etree_element.iter("p") if p.get("class") == "chapter-summary"
    )
    summary.set("style", "break-before: page")
    stale = document.render(
        stylesheets=[make_css(fixed_stylesheet(css))], font_config=fonts, pdf_variant="pdf/ua-1"
    )
    assert wrong_numbers(stale.pages)
    stale.write_pdf(tmp_path / "stale.pdf", pdf_variant="pdf/ua-1")
    figures = page_figures(PdfText(tmp_path / "stale.pdf"))
    assert figures.wrong_contents and figures.contents == len(guide.chapters) + sum(
        1 for chapter in guide.chapters for h in chapter.headings if h.level == 2
    )

    settled = lay_out(
        document, css, make_css, {"font_config": fonts, "pdf_variant": "pdf/ua-1"}, "en:letter"
    )
    assert wrong_numbers(settled.pages) == []
    settled.write_pdf(tmp_path / "settled.pdf", pdf_variant="pdf/ua-1")
    again = page_figures(PdfText(tmp_path / "settled.pdf"))
    assert again.wrong_contents == [] and again.wrong_references == []
    assert again.contents == figures.contents and again.references > 0


def test_a_page_of_mostly_notes_still_shows_its_notes() -> None:
    """ja A4 large print p. 69: one line of body text and two long notes under it."""
    from guidepress.checks.notes import page_notes

    notes_page = [
        Run(0, 700, 16.0, "問題のサインかもしれません。"),
        Run(300, 704, 11.2, "24"),
        Run(320, 704, 11.2, "25"),
        Run(0, 100, 14.4, "24. "),
        Run(30, 100, 14.4, "Ministry of Health, Labour and Welfare（2010）。詳しくは参考文献"),
        Run(0, 80, 14.4, "25. "),
        Run(30, 80, 14.4, "Yong・Nomura（2019）。詳しくは参考文献 (77)をご覧ください。"),
    ]
    assert page_notes(notes_page, 16.0) == ([24, 25], [24, 25])


def test_large_print_notes_are_found_at_body_size() -> None:
    """Large print sets calls at full size, raised, and note numbers bold."""
    from guidepress.checks.notes import page_notes

    page = [
        Run(0, 700, 16.0, "names difficulty with relationships (20.8%)."),
        Run(398, 708, 16.0, "23"),
        Run(416, 708, 16.0, ","),
        Run(420, 708, 16.0, "24"),
        Run(0, 680, 16.0, "1. Stress builds up outside the home."),
        Run(0, 100, 16.0, "23. ", bold=True),
        Run(30, 100, 16.0, "Jiji Press (news report), 2023."),
        Run(0, 80, 16.0, "24. ", bold=True),
        Run(30, 80, 16.0, "Stip and others, 2016."),
    ]
    assert page_notes(page, 16.0) == ([23, 24], [23, 24])


def test_one_layout_keeps_every_note_with_its_call(notes_project: Path) -> None:
    """The first layout is already right, so no second (costly) layout is needed."""
    from weasyprint import CSS, HTML

    from guidepress.build.pipeline import Pipeline
    from guidepress.config import load_project
    from guidepress.errors import Reporter
    from guidepress.render.pdf import PdfJob, font_configuration, render_html
    from guidepress.render.pdf_keepnotes import notes_kept_with_calls
    from guidepress.render.pdf_notes import misplaced_notes
    from guidepress.render.registry import FORMAT_NAMES

    pipeline = Pipeline(load_project(notes_project / "guide.toml", FORMAT_NAMES))
    reporter = Reporter(quiet=True)
    guide = pipeline.guide(pipeline.status("en", reporter), reporter)
    fonts = font_configuration()
    for paper, edition in [("a4", "standard"), ("letter", "large-print")]:
        html, css = render_html(guide, PdfJob(paper, edition), Theme((PACKAGED,)))
        document = HTML(string=html, base_url=str(PACKAGED / "pdf") + "/")
        with notes_kept_with_calls() as kept:
            rendered = document.render(
                stylesheets=[CSS(string=css, font_config=fonts)], font_config=fonts
            )
        assert kept
        assert misplaced_notes(rendered.pages) == [], (paper, edition)


def test_large_print_meets_the_low_vision_profile(notes_project: Path) -> None:
    """Nothing under 16 pt but running heads and page numbers (14 pt), no hyphenation."""
    from guidepress.checks.largeprint import profile_figures

    for name in PDFS[2:]:
        text = PdfText(notes_project / "build" / "en" / name)
        figures = profile_figures(text)
        assert figures.small_text == [], name
        assert figures.hyphenated == [], name
        sizes = {run.size for runs in text.pages for run in runs}
        assert min(sizes) == 14.0, name  # the running head and page number


def test_no_faulty_hyphenation_reaches_the_text_layer(notes_project: Path) -> None:
    """No U+2010 at line ends, no break in short or all-capital words."""
    from guidepress.checks.hyphens import hyphen_figures

    for name in PDFS[:2]:
        text = PdfText(notes_project / "build" / "en" / name)
        figures = hyphen_figures(text)
        assert figures.breaks > 0, name  # the standard edition does hyphenate
        assert figures.faults == [], name
        assert not any("\u2010" in run.text for runs in text.pages for run in runs), name


def test_the_hyphen_check_finds_faulty_breaks() -> None:
    from guidepress.checks.hyphens import Break, fault

    assert fault(Break(1, "profes", "sional", "\u2010"))
    assert fault(Break(1, "COV", "ID", "-"))
    assert fault(Break(1, "diagnos", "is", "-"))
    assert fault(Break(1, "im", "port", "-"))
    assert fault(Break(1, "profes", "sional", "-")) is None


def test_blank_pages_only_where_the_edition_is_for_duplex_printing(notes_project: Path) -> None:
    """No running head on a chapter's first page; blank pages only in a duplex edition."""
    from guidepress.checks.notes import chapter_starts

    for name in PDFS:
        path = notes_project / "build" / "en" / name
        texts = [page.extract_text() for page in PdfReader(path).pages]
        blank = [i for i, text in enumerate(texts) if "intentionally left blank" in text]
        starts = chapter_starts(PdfText(path))
        for start in starts:
            assert texts[start].lstrip().startswith("CHAPTER"), (name, start)
        if "large-print" in name:
            assert all(start % 2 == 0 for start in starts), name  # odd page numbers
        else:
            assert blank == [], name


def test_a_number_beside_a_two_line_table_cell_is_not_a_call() -> None:
    """fr/es: "4,93" is centred beside "Désengagement comporte-/mental", above "mental"."""
    from guidepress.checks.notes import page_notes

    page = [
        Run(76, 588, 16.0, "Désengagement comporte-"),
        Run(76, 573, 16.0, "mental"),
        Run(343, 580.8, 16.0, "4,93"),
        Run(505, 580.8, 16.0, "4,05"),
        Run(76, 540, 16.0, "names difficulty with relationships."),
        Run(398, 548, 16.0, "93"),
        Run(0, 100, 16.0, "93. ", bold=True),
    ]
    assert page_notes(page, 16.0) == ([93], [93])
