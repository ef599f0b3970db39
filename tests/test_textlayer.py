"""Text layers: what pdftotext extracts is what was written (render/textlayer, checks/textlayer)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest

from conftest import guidepress, make_project
from guidepress.checks.textlayer import (
    THRESHOLD,
    extracted_words,
    is_known,
    measure,
    pdf_text,
    vocabulary,
    words,
)
from guidepress.render.textlayer import actual_text, prepare, rtl_glyphs

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("textlayer"), "scripts")
    run = guidepress(project, "build", "--locale", "hi", "--locale", "ar", "--only", "pdf")
    assert run.returncode == 0, run.stderr
    return project


def _words(project: Path, locale: str) -> list[str]:
    text = pdf_text(project / "build" / locale / f"scripts-{locale}-a4.pdf")
    assert text is not None
    return words(text)


@pytest.mark.parametrize(
    "word",
    [
        "क्लिनिकों",  # conjunct क्ल followed by an i-matra drawn before it
        "मार्गदर्शिका",  # two rephs and an i-matra
        "लिपियाँ",  # i-matra at the start of a word, candrabindu
    ],
)
def test_devanagari_conjuncts_and_i_matra_extract_as_written(built: Path, word: str) -> None:
    assert word in _words(built, "hi")


@pytest.mark.parametrize(
    "word",
    [
        "الأساسيات",  # lam-alef (with hamza): one glyph for two letters
        "أيضًا",  # tanween fath: a mark glyph of its own
    ],
)
def test_arabic_lam_alef_and_tanween_extract_as_written(built: Path, word: str) -> None:
    assert word in _words(built, "ar")


SOURCE_WORDS = {
    # a conjunct with an i-matra; an i-matra (MuPDF 1.28 repeats the last glyphs of a
    # cover title's span, "लिपियाँपियाँ", so the i-matra word is one of the body's)
    "hi": ["क्लिनिकों", "परिवारों"],
    "ar": ["الأساسيات", "أيضًا"],  # lam-alef (with hamza); tanween fath
}


def _mupdf_words(path: Path) -> list[str]:
    import pymupdf

    with pymupdf.open(path) as document:
        return words("\n".join(page.get_text() for page in document))


@pytest.mark.parametrize("locale", ["hi", "ar"])
def test_poppler_and_mupdf_extract_the_words_as_written(built: Path, locale: str) -> None:
    path = built / "build" / locale / f"scripts-{locale}-a4.pdf"
    poppler, mupdf = _words(built, locale), _mupdf_words(path)
    for word in SOURCE_WORDS[locale]:
        assert word in poppler, ("pdftotext", word)
        assert word in mupdf, ("MuPDF", word)


def _actual_texts(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [
            str(operands[1]["/ActualText"])
            for page in pdf.pages
            for operands, operator in pikepdf.parse_content_stream(page)
            if operator == pikepdf.Operator("BDC") and "/ActualText" in operands[1]
        ]


def test_arabic_actual_text_is_never_a_line_in_reversed_order(built: Path) -> None:
    """A reader that takes `/ActualText` verbatim (ISO 32000 14.9.4) reads only marked words
    in another order: lines of letters without marks (lam-alef too) are read from glyphs."""
    spans = _actual_texts(built / "build" / "ar" / "scripts-ar-a4.pdf")
    assert spans and all(" " not in text for text in spans), spans
    assert "اًضيأ" in spans or ".اًضيأ" in spans  # the tanween word, as every extractor reads it
    assert not [text for text in spans if "ساسأ" in text]  # lam-alef: its glyph's own map


def test_hindi_lines_keep_their_actual_text_in_logical_order(built: Path) -> None:
    spans = _actual_texts(built / "build" / "hi" / "scripts-hi-a4.pdf")
    assert any("क्लिनिकों" in text for text in spans), spans


def test_arabic_line_extracts_in_reading_order(built: Path) -> None:
    text = pdf_text(built / "build" / "ar" / "scripts-ar-a4.pdf")
    assert text is not None
    assert "اعتنوا بأنفسكم أيضًا" in text


def test_check_reports_every_pdf_at_full_fidelity(built: Path) -> None:
    run = guidepress(built, "check", "--locale", "hi", "--locale", "ar", "--json", "-")
    report = json.loads(run.stdout)
    assert not [f for f in report["findings"] if f["check"] == "textlayer"]
    assert report["checks"]["textlayer"] == {"hi": "ok", "ar": "ok"}
    shares = [
        figures["text layer share"]
        for shown, figures in report["figures"]["textlayer"].items()
        if shown.split("/")[1] in ("hi", "ar")
    ]
    assert shares and all(share == 1.0 for share in shares), report["figures"]["textlayer"]


def test_a_pdf_whose_words_are_not_the_documents_is_below_the_threshold(built: Path) -> None:
    path = built / "build" / "hi" / "scripts-hi-a4.pdf"
    figure = measure(path, vocabulary(["मूल बातें"]), "hi.pdf")
    assert figure is not None and figure.share < THRESHOLD
    assert "बातें" not in figure.unknown and figure.unknown


def test_words_ignore_joiners_case_and_numbers_glued_to_words() -> None:
    assert words("CHAPTER 3\u2060기\u2060본 50쪽 enfermedad1 詳しく") == [
        "chapter", "3", "기본", "50", "쪽", "enfermedad", "1", "詳", "し", "く",
    ]  # fmt: skip


def test_a_word_hyphenated_across_lines_is_one_word() -> None:
    known = vocabulary(["<p>schizophrenia is <em>rare</em></p>"])
    assert extracted_words("schizo-\nphrenia is rare\n12", known) == ["schizophrenia", "is", "rare"]
    assert is_known("rareis", known) and not is_known("rarely", known)
    address = "rare: https://guide.example.org/\nunderstanding-hikikomori/ is"
    assert extracted_words(address, known) == ["rare", "is"]


def test_bookmarks_and_title_lose_invisible_joiners() -> None:
    page = SimpleNamespace(bookmarks=[(1, "기\u2060본", (0, 0), "open")])
    document = SimpleNamespace(pages=[page], metadata=SimpleNamespace(title="문\u2060자"))
    prepare(document)
    assert page.bookmarks == [(1, "기본", (0, 0), "open")]
    assert document.metadata.title == "문자"
    assert actual_text("a\u00adb\u2060c") == "abc"


def test_right_to_left_glyphs_get_their_own_letters_and_marked_words_a_span() -> None:
    # "بًا لا" drawn left to right: lam-alef (one glyph), space, alef, tanween, beh.
    glyphs = rtl_glyphs("بًا لا", [7, 6, 4, 2, 0])
    assert glyphs == [
        ("ال", "", -1),  # a ligature's letters in visual order, as extractors lay them out
        (" ", "", -1),
        ("ا", "اًب", 0),  # the word with a mark: a span, in the same order
        ("", "اًب", 0),
        ("ب", "اًب", 0),
    ]
