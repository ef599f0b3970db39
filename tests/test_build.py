"""End to end: build the mini guide and open the PDFs, EPUBs and manifest that come out."""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree
from pypdf import PdfReader

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_pdf_has_pages_of_the_paper_size_and_the_text(mini_build: Path, paper: str) -> None:
    reader = PdfReader(mini_build / "en" / f"mini-guide-en-{paper}.pdf")
    assert len(reader.pages) >= 4  # cover, contents, two chapters
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == tuple(round(v) for v in POINTS[paper])
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Mini Guide" in text
    assert "Keep the door open" in text
    assert "When to seek urgent help" in text
    assert "25.44" in text
    assert "translators:" not in text  # translator notes never reach readers


def test_pdf_metadata_language_and_outline(mini_build: Path) -> None:
    reader = PdfReader(mini_build / "en" / "mini-guide-en-a4.pdf")
    assert reader.metadata is not None and reader.metadata.title == "Mini Guide"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == ["Welcome", "Getting help"]


def body_font_size(path: Path) -> float:
    """Return the most common font size (in points) of the text runs of a PDF."""
    sizes: Counter[float] = Counter()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes[round(size * tm[3] * cm[3], 1)] += len(text)

    for page in PdfReader(path).pages[2:]:
        page.extract_text(visitor_text=visit)
    return sizes.most_common(1)[0][0]


def test_body_text_sizes_of_standard_and_large_print(mini_build: Path) -> None:
    assert body_font_size(mini_build / "en" / "mini-guide-en-a4.pdf") >= 10.5
    assert body_font_size(mini_build / "en" / "mini-guide-en-a4-large-print.pdf") >= 16


def _opf(epub: zipfile.ZipFile) -> etree._Element:
    container = etree.fromstring(epub.read("META-INF/container.xml"))
    path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
    return etree.fromstring(epub.read(path))


def test_epub_package_and_navigation(mini_build: Path) -> None:
    with zipfile.ZipFile(mini_build / "en" / "mini-guide-en.epub") as epub:
        assert epub.namelist()[0] == "mimetype"
        assert epub.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        opf = _opf(epub)
        assert opf.findtext(".//dc:title", namespaces=NS) == "Mini Guide"
        assert opf.findtext(".//dc:language", namespaces=NS) == "en"
        identifier = opf.findtext(".//dc:identifier", namespaces=NS)
        assert identifier and identifier.startswith("urn:uuid:")
        nav_name = next(n for n in epub.namelist() if n.endswith("nav.xhtml"))
        nav = etree.fromstring(epub.read(nav_name))
        chapters = nav.xpath("//x:nav[@epub:type='toc']/x:ol/x:li/x:a/text()", namespaces=NS)
        assert chapters[:2] == ["Welcome", "Getting help"]
        chapter = next(n for n in epub.namelist() if "chapter-01" in n)
        body = etree.fromstring(epub.read(chapter))
        notes = body.xpath("//*[@epub:type='footnote']", namespaces=NS)
        assert len(notes) == 1
        link = body.xpath("//x:a[text()='the next chapter']/@href", namespaces=NS)
        assert link == ["chapter-02-help.xhtml#help"]


def test_manifest_lists_every_artifact_with_its_hash(mini_build: Path) -> None:
    data = json.loads((mini_build / "manifest.json").read_text())
    assert data["guide"]["slug"] == "mini-guide"
    paths = {a["path"] for a in data["artifacts"]}
    assert "en/mini-guide-en-a4.pdf" in paths and "en/mini-guide-en.epub" in paths
    for artifact in data["artifacts"]:
        assert set(artifact) >= {
            "locale",
            "kind",
            "format",
            "paper",
            "edition",
            "path",
            "bytes",
            "sha256",
            "pages",
            "coverage",
        }
        assert (mini_build / artifact["path"]).stat().st_size == artifact["bytes"]
        assert (artifact["pages"] is None) == (artifact["format"] != "pdf")


def _page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_footnotes_sit_on_the_page_of_their_call(mini_build: Path) -> None:
    pages = _page_texts(mini_build / "en" / "mini-guide-en-a4.pdf")
    note_page = next(i for i, text in enumerate(pages) if "Families and clinicians alike" in text)
    assert "Read the next chapter" in pages[note_page]


def test_contents_page_numbers_match_chapter_pages(mini_build: Path) -> None:
    pages = _page_texts(mini_build / "en" / "mini-guide-en-a4.pdf")
    contents = next(text for text in pages if "Contents" in text)
    for title in ("Welcome", "Getting help"):
        listed = re.search(rf"^{title}[ .]*?(\d+)$", contents, re.MULTILINE)
        assert listed, contents
        start = next(i for i, text in enumerate(pages) if re.search(rf"CHAPTER \d\n{title}", text))
        assert int(listed.group(1)) == start + 1
        assert (start + 1) % 2 == 1  # chapters open on a right-hand (odd) page


def test_keep_words_leaves_entities_and_the_head_alone() -> None:
    from guidepress.render.pdf import keep_words_together

    html = "<html><head><title>한국어</title></head><body><p>1&#8239;A &amp; 한국</p></body></html>"
    joined = keep_words_together(html)
    assert "<title>한국어</title>" in joined
    assert "&#8239;" in joined and "&amp;" in joined
    assert "한\u2060국" in joined


def test_a_new_release_of_any_installed_package_rebuilds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output bytes depend on WeasyPrint, fontTools, Babel…: their versions are in every key."""
    from guidepress.build import cache

    before = cache.tool_digest.__wrapped__()
    installed = list(cache.metadata.distributions())

    new_release = SimpleNamespace(metadata={"Name": "weasyprint"}, version="999.0")
    monkeypatch.setattr(cache.metadata, "distributions", lambda: [*installed, new_release])
    assert cache.tool_digest.__wrapped__() != before
