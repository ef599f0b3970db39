"""The EPUB as a made book: its faces, navigation, notes and references, front matter, Kindle.

The `scripts` fixture gets two more chapters: one with a note called twice, bold and
emphasis, the other a reference list whose entries the notes cite; and every edition may
print Japanese (a Japanese title among the references), as the guide's do.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from lxml import etree

from conftest import guidepress, make_project
from guidepress.checks.kindle import kindle_problems

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
NOTES = """---
title: Notes
summary: A chapter that cites.
---

## Calling twice

A **bold** claim with *emphasis*.[^kato] The same study again.[^kato] A survey.[^mhlw]

[^kato]: Kato and others, 2020. See [References](#references).
[^mhlw]: Ministry of Health, 2010. See [References](#references).
"""
REFERENCES = """---
title: References
summary: Works cited.
references:
  - kato
  - mhlw
---

## Works cited

1. Kato TA. 2020. *Defining withdrawal*.
2. Ministry of Health. 2010. 厚生労働省のガイドライン.
"""
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def book_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("book"), "scripts")
    (project / "chapters" / "02-notes.md").write_text(NOTES)
    (project / "chapters" / "03-references.md").write_text(REFERENCES)
    toml = project / "guide.toml"
    toml.write_text(
        toml.read_text().replace(
            'formats = ["pdf",', 'shared_scripts = ["Jpan"]\nformats = ["pdf",'
        )
    )
    for only in ("epub", "web"):
        run = guidepress(project, "build", "--only", only)
        assert run.returncode == 0, run.stderr
    assert guidepress(project, "build", "--only", "site").returncode == 0
    return project


def _book(project: Path, locale: str) -> zipfile.ZipFile:
    return zipfile.ZipFile(project / "build" / locale / f"scripts-{locale}.epub")


def _fonts(book: zipfile.ZipFile) -> dict[str, set[int]]:
    """Each embedded font file's name with the code points its subset has."""
    return {
        Path(name).stem: set(TTFont(io.BytesIO(book.read(name))).getBestCmap())
        for name in book.namelist()
        if name.startswith("EPUB/fonts/")
    }


def test_each_face_in_use_is_embedded_and_cut_to_its_own_characters(book_project: Path) -> None:
    with _book(book_project, "en") as book:
        fonts = _fonts(book)
        css = book.read("EPUB/style/guide.css").decode()
    assert {"NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic"} <= set(fonts)
    assert ord("b") in fonts["NotoSerif-Bold"] and ord("q") not in fonts["NotoSerif-Bold"]
    assert fonts["NotoSerifCJKJP-Regular"] <= {ord(c) for c in "厚生労働省のガイドライン"}
    assert 'font-family: "Noto Serif"; font-weight: bold; font-style: normal' in css
    assert ':lang(ja) { font-family: "Noto Serif CJK JP", "Noto Serif", serif; }' in css
    with _book(book_project, "ko") as book:
        fonts = _fonts(book)
    assert "NotoSerifCJKKR-Bold" in fonts
    assert not any(HANGUL.match(chr(c)) for c in fonts["NotoSerifCJKJP-Regular"])
    assert ord("厚") in fonts["NotoSerifCJKJP-Regular"]


@pytest.mark.parametrize(
    ("locale", "rule"),
    [
        ("ja", ":lang(ja) em { font-style: normal; -webkit-text-emphasis: filled sesame"),
        ("ar", ":lang(ar) em { font-style: normal; font-weight: bold; }"),
    ],
)
def test_emphasis_is_the_scripts_own_and_reading_systems_keep_the_fonts(
    book_project: Path, locale: str, rule: str
) -> None:
    with _book(book_project, locale) as book:
        assert rule in book.read("EPUB/style/guide.css").decode()
        options = etree.fromstring(book.read("META-INF/com.apple.ibooks.display-options.xml"))
        assert options.xpath("//option[@name='specified-fonts']/text()") == ["true"]
        if locale == "ar":
            assert "NotoNaskhArabic-Bold" in _fonts(book)


def test_contents_nest_sections_under_chapters_with_landmarks(book_project: Path) -> None:
    with _book(book_project, "en") as book:
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
        ncx = etree.fromstring(book.read("EPUB/toc.ncx"))
        spine = etree.fromstring(book.read("EPUB/content.opf")).xpath(
            "//opf:itemref/@idref", namespaces=NS
        )
    toc = nav.xpath("//x:nav[@epub:type='toc']", namespaces=NS)[0]
    nested = toc.xpath("x:ol/x:li/x:ol/x:li/x:a/@href", namespaces=NS)
    assert "chapter-02-notes.xhtml#notes-calling-twice" in nested
    assert ncx.xpath("//ncx:meta[@name='dtb:depth']/@content", namespaces=NS) == ["2"]
    assert ncx.xpath("//ncx:navPoint/ncx:navPoint", namespaces=NS)
    marks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS)
    types = {a.get(f"{{{NS['epub']}}}type"): a.get("href") for a in marks}
    assert types == {
        "cover": "cover.xhtml",
        "toc": "nav.xhtml",
        "bodymatter": "chapter-01-basics.xhtml",
        "bibliography": "chapter-03-references.xhtml",
    }
    assert spine[:4] == ["cover", "titlepage", "imprint", "nav"]


def test_each_note_links_to_its_own_entry_and_back_to_each_call(book_project: Path) -> None:
    with _book(book_project, "en") as book:
        notes = etree.fromstring(book.read("EPUB/chapter-02-notes.xhtml"))
        references = etree.fromstring(book.read("EPUB/chapter-03-references.xhtml"))
    assert references.xpath("//x:ol/x:li/@id", namespaces=NS) == ["ref-kato", "ref-mhlw"]
    kato = notes.xpath("//x:aside[@id='fn-notes-kato']", namespaces=NS)[0]
    assert kato.xpath(".//x:a[not(@role)]/@href", namespaces=NS) == [
        "chapter-03-references.xhtml#ref-kato"
    ]
    assert kato.xpath(".//x:a[@role='doc-backlink']/@href", namespaces=NS) == [
        "#fnref-notes-kato",
        "#fnref-notes-kato-2",
    ]
    web = (book_project / "build" / "en" / "index.html").read_text()
    assert 'href="#ref-mhlw"' in web and 'id="ref-mhlw"' in web
    assert 'href="#fnref-notes-kato-2"' in web


def test_a_reference_list_that_names_too_few_keys_is_an_error(book_project: Path) -> None:
    chapter = book_project / "chapters" / "03-references.md"
    good = chapter.read_text()
    try:
        chapter.write_text(good.replace("  - mhlw\n", ""))
        run = guidepress(book_project, "build", "--locale", "en", "--only", "epub")
    finally:
        chapter.write_text(good)
    assert run.returncode == 2
    assert (
        "03-references.md:4: error: front matter names 1 references but the numbered list has 2"
        in run.stderr
    )


def test_title_page_imprint_and_licence(book_project: Path) -> None:
    with _book(book_project, "en") as book:
        title = book.read("EPUB/titlepage.xhtml").decode()
    with _book(book_project, "ja") as book:
        imprint = book.read("EPUB/imprint.xhtml").decode()
        opf = etree.fromstring(book.read("EPUB/content.opf"))
    assert 'epub:type="titlepage"' in title and "Scripts" in title
    assert 'href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>' in imprint
    assert "ライセンスで公開されています" in imprint  # the string is translated
    assert 'href="https://guidepress.example.org/understanding-hikikomori/"' in imprint
    rights = opf.xpath("//dc:rights/text()", namespaces=NS)
    assert rights and "CC BY 4.0" in rights[0]
    page = (book_project / "build" / "index.html").read_text()
    assert "CC BY 4.0" in page and 'id="kindle"' in page and "Send to Kindle" in page


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_the_books_meet_kindles_published_requirements(book_project: Path, locale: str) -> None:
    path = book_project / "build" / locale / f"scripts-{locale}.epub"
    with zipfile.ZipFile(path) as book:
        assert kindle_problems(book, path.stat().st_size) == []


def test_the_kindle_check_finds_a_script_a_missing_cover_and_contents_page(
    book_project: Path, tmp_path: Path
) -> None:
    source = book_project / "build" / "en" / "scripts-en.epub"
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(broken, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            if name.endswith(".opf"):
                data = data.replace(b' properties="cover-image"', b"")
                data = data.replace(b'<itemref idref="nav"/>', b"")
            elif name.endswith("chapter-01-basics.xhtml"):
                data = data.replace(b"</body>", b"<script>x()</script></body>")
            new.writestr(name, data)
    with zipfile.ZipFile(broken) as book:
        messages = [message for message, _ in kindle_problems(book, broken.stat().st_size)]
    assert messages == [
        "no cover image (a manifest item with properties=cover-image)",
        "a script (Kindle books run none)",
        "the toc landmark points to a page outside the reading order",
    ]


def _cover_fonts(project: Path, locale: str) -> set[str]:
    """The faces the cover image is drawn with (its PDF before rasterising)."""
    from weasyprint import CSS, HTML

    from guidepress.build.pipeline import Pipeline
    from guidepress.checks.pdf import pdf_fonts
    from guidepress.config import load_project
    from guidepress.errors import Reporter
    from guidepress.render.base import context, environment
    from guidepress.render.epub import cover_title
    from guidepress.render.pdf import font_configuration
    from guidepress.render.registry import FORMAT_NAMES

    pipeline = Pipeline(load_project(project / "guide.toml", FORMAT_NAMES))
    reporter = Reporter(quiet=True)
    guide = pipeline.guide(pipeline.status(locale, reporter), reporter)
    phrases, size = cover_title(guide.title)
    html = (
        environment(pipeline.config.theme, guide)
        .get_template("epub/cover-image.html")
        .render(context(guide, title_phrases=phrases, title_size=size))
    )
    pdf = HTML(string=html).write_pdf(
        font_config=font_configuration(), stylesheets=[CSS(string="@page { size: 6in 9in }")]
    )
    return {
        name.split("+")[-1].replace("-", "") for name in pdf_fonts(pikepdf.open(io.BytesIO(pdf)))
    }


def test_the_cover_is_set_in_the_books_own_faces(book_project: Path) -> None:
    faces = _cover_fonts(book_project, "ar")
    assert any(name.startswith("NotoNaskhArabic") for name in faces), faces
    assert not any("DejaVu" in name for name in faces), faces


def test_a_cover_title_breaks_between_words_or_fits_one_line() -> None:
    from guidepress.render.epub import COVER_TITLE_WIDTH_PT, cover_title

    assert cover_title("Understanding Hikikomori") == (["Understanding", "Hikikomori"], 46.0)
    phrases, size = cover_title("ひきこもりを理解する")
    assert phrases == ["ひきこもりを理解する"] and size * 10 <= COVER_TITLE_WIDTH_PT
