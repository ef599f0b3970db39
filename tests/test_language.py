"""Runs in another language than their page carry `lang` (document/language.py) in every
edition: EPUB, web and PDF (`/Lang` on the structure element, render/pdfua.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
import pytest

from conftest import guidepress, make_project
from guidepress.document.language import Marker


def test_latin_names_on_an_arabic_page_are_english_and_isolated() -> None:
    html = "<p>منتدى (Patient Information Forum). و Funakoshi &amp; Miyamoto، 2015</p>"
    assert Marker("en", "Arab", "rtl").mark(html) == (
        '<p>منتدى (<span lang="en" dir="ltr">Patient Information Forum</span>). و '
        '<span lang="en" dir="ltr">Funakoshi &amp; Miyamoto</span>، 2015</p>'
    )


def test_japanese_titles_in_korean_and_english_are_japanese() -> None:
    html = '<p>厚生労働省 『ひきこもりの評価』 2010. Kato <a href="#x">et al</a>.</p>'
    assert Marker("en", "Kore", "ltr").mark(html) == (
        '<p><span lang="ja">厚生労働省</span> <span lang="ja">『ひきこもりの評価』</span> 2010. '
        '<span lang="en">Kato</span> <a href="#x">et al</a>.</p>'
    )
    assert Marker("en", "Latn", "ltr").mark("<p>Kato, ひきこもり</p>") == (
        '<p>Kato, <span lang="ja">ひきこもり</span></p>'
    )
    assert Marker("en", "Jpan", "ltr").mark("<p>厚生労働省</p>") == "<p>厚生労働省</p>"


def test_tags_attributes_and_entities_are_left_whole() -> None:
    html = '<img alt="Chart A" src="data:x"/>&#8239;&amp;<em>ABC</em>'
    assert Marker("en", "Arab", "rtl").mark(html) == (
        '<img alt="Chart A" src="data:x"/>&#8239;&amp;<em><span lang="en" dir="ltr">ABC</span></em>'
    )


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("language"), "scripts")
    run = guidepress(project, "build", "--locale", "ar", "--only", "pdf", "--only", "epub",
                     "--only", "web")  # fmt: skip
    assert run.returncode == 0, run.stderr
    return project / "build" / "ar"


MARK = '<span lang="en" dir="ltr">A</span>'  # "المجموعة A": the table's Latin group name


def test_epub_and_web_mark_the_latin_run(arabic: Path) -> None:
    with zipfile.ZipFile(arabic / "scripts-ar.epub") as epub:
        assert MARK in epub.read("EPUB/chapter-01-basics.xhtml").decode("utf-8")
    assert MARK in (arabic / "index.html").read_text("utf-8")


def test_pdf_structure_gives_the_latin_run_its_language(arabic: Path) -> None:
    with pikepdf.open(arabic / "scripts-ar-a4.pdf") as pdf:
        found = []
        stack = [pdf.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if "/Lang" in node:
                    found.append((str(node.S), str(node.Lang)))
                stack.append(node.get("/K", pikepdf.Array()))
        assert ("/Span", "en") in found


def test_the_text_of_a_link_is_left_alone() -> None:
    """A span inside a link would take the link's PDF annotation out of its /Link element."""
    marker = Marker("en", "Kore", "ltr")
    html = '<p>Kato <a href="https://x.org/a"><em>https://x.org/a</em></a> 主</p>'
    assert marker.mark(html) == (
        '<p><span lang="en">Kato</span> <a href="https://x.org/a"><em>https://x.org/a</em></a> '
        '<span lang="ja">主</span></p>'
    )
    assert marker.mark_linked("Rooney</a> Kato", in_link=True) == (
        'Rooney</a> <span lang="en">Kato</span>',
        False,
    )


SOURCE_TITLE = "Read [Shutting Out the Sun]{lang=en} by Michael Zielenziger."
MARKED = '<span lang="en">Shutting Out the Sun</span>'


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini guide with an English title in a paragraph, kept and marked in French."""
    project = make_project(tmp_path_factory.mktemp("marked"), "mini")
    chapter = project / "chapters" / "01-welcome.md"
    chapter.write_text(chapter.read_text("utf-8") + f"\n{SOURCE_TITLE}\n", "utf-8")
    catalog = project / "locales" / "fr" / "LC_MESSAGES" / "guide.po"
    entry = (
        f'\nmsgctxt "welcome"\nmsgid "{SOURCE_TITLE}"\n'
        'msgstr "Lisez [Shutting Out the Sun]{lang=en} de Michael Zielenziger."\n'
    )
    catalog.write_text(catalog.read_text("utf-8") + entry, "utf-8")
    run = guidepress(project, "build", "--locale", "fr", "--only", "pdf", "--only", "epub",
                     "--only", "web")  # fmt: skip
    assert run.returncode == 0, run.stderr
    return project / "build" / "fr"


def test_a_marked_title_on_a_latin_page_is_english_in_epub_web_and_pdf(french: Path) -> None:
    with zipfile.ZipFile(next(french.glob("*.epub"))) as epub:
        names = [name for name in epub.namelist() if name.endswith("html")]
        pages = [epub.read(name).decode("utf-8") for name in names]
    assert any(MARKED in page and "Lisez" in page for page in pages)
    assert MARKED in (french / "index.html").read_text("utf-8")
    with pikepdf.open(next(french.glob("*-a4.pdf"))) as pdf:
        spans = [
            node
            for node in _elements(pdf.Root.StructTreeRoot.K)
            if node.get("/Lang") == "en" and node.S == "/Span"
        ]
        assert spans


def _elements(node: object) -> list[pikepdf.Dictionary]:
    found, stack = [], [node]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
            stack.append(node.get("/K", pikepdf.Array()))
    return found


def test_a_language_mark_left_out_of_a_translation_is_a_warning() -> None:
    from guidepress.i18n.integrity import problems

    blocking, advisory = problems(SOURCE_TITLE, "Lisez Shutting Out the Sun.", "en")
    assert not blocking and advisory == [
        "keep the language mark around words left as in the source: [Shutting Out the Sun]{lang=en}"
    ]
    assert problems(SOURCE_TITLE, "Lisez « Fermer le soleil ».", "en") == ([], [])
