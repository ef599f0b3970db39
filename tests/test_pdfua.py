"""PDF/UA structure WeasyPrint leaves out (render/pdfua.py): Print flag, header-cell /Scope."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from conftest import guidepress, make_project


@pytest.fixture(scope="module")
def guide_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("pdfua"), "scripts")
    run = guidepress(project, "build", "--locale", "en", "--only", "pdf")
    assert run.returncode == 0, run.stderr
    return project / "build" / "en" / "scripts-en-a4.pdf"


def _elements(node: Any) -> Iterator[Any]:
    if isinstance(node, pikepdf.Array):
        for item in node:
            yield from _elements(item)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        yield node
        if "/K" in node:
            yield from _elements(node.K)


def test_every_link_annotation_has_the_print_flag(guide_pdf: Path) -> None:
    with pikepdf.open(guide_pdf) as pdf:
        links = [
            annot
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if annot.get("/Subtype") == "/Link"
        ]
        assert links
        assert all(int(annot.get("/F", 0)) & 4 for annot in links)


def test_every_table_header_cell_has_a_scope(guide_pdf: Path) -> None:
    with pikepdf.open(guide_pdf) as pdf:
        headers = [e for e in _elements(pdf.Root.StructTreeRoot.K) if e.S == "/TH"]
        assert headers
        assert all(str(e.A.get("/Scope")) in ("/Column", "/Row") for e in headers)


def test_running_heads_and_page_numbers_are_pagination_artifacts(guide_pdf: Path) -> None:
    with pikepdf.open(guide_pdf) as pdf:
        last = pdf.pages[-1]
        operators = pikepdf.parse_content_stream(last)
        artifacts = [
            operands
            for operands, operator in operators
            if str(operator) == "BDC" and str(operands[0]) == "/Artifact"
        ]
        assert any(str(o[1].get("/Type")) == "/Pagination" for o in artifacts)


def test_every_figure_has_alt_and_decorative_images_are_artifacts(guide_pdf: Path) -> None:
    with pikepdf.open(guide_pdf) as pdf:
        figures = [e for e in _elements(pdf.Root.StructTreeRoot.K) if e.S == "/Figure"]
        assert figures  # the chart's bars
        assert all(str(e.get("/Alt", "")).strip() for e in figures)


def test_check_runs_both_pdf_ua_checkers_and_they_find_no_error(guide_pdf: Path) -> None:
    from guidepress.checks.pdfua import CHECKERS, tool

    if not all(tool(name) for name in CHECKERS):
        pytest.skip("pdfua and outloud are not installed (test extras)")
    project = guide_pdf.parents[2]
    run = guidepress(project, "check", "--locale", "en", "--json", "-")
    report = json.loads(run.stdout)
    assert [f["message"] for f in report["findings"] if f["check"] == "pdfua"] == []
    assert report["checks"]["pdfua"]["en"] == "ok"


def test_links_are_named_by_their_text_and_no_link_is_empty(tmp_path: Path) -> None:
    """A cross-reference whose `::after` page number breaks to the next line leaves a piece
    of no width: WeasyPrint tags it as an empty /Link and gives it an annotation of no area."""
    from weasyprint import CSS, HTML

    from guidepress.render import pdfua

    words = " ".join(["word"] * 12)
    paragraphs = "".join(
        f'<p>{"x" * size} {words} see <a href="#end">getting help</a> now</p>'
        for size in range(1, 30)
    )
    html = f'<html lang="en"><body style="width: 300px">{paragraphs}<h1 id="end">End</h1>'
    css = '@page { size: 320px 4000px; margin: 10px } a::after { content: " (" "12" ")" }'
    options = {"pdf_variant": "pdf/ua-1"}
    document = HTML(string=html).render(stylesheets=[CSS(string=css)], **options)
    pdfua.prepare(document).write_pdf(tmp_path / "links.pdf", **options)
    with pikepdf.open(tmp_path / "links.pdf") as pdf:
        links = [e for e in _elements(pdf.Root.StructTreeRoot.K) if e.S == "/Link"]
        assert links and all(_has_content(e) for e in links)
        annotations = [a for page in pdf.pages for a in page.get("/Annots", [])]
        assert annotations
        for annotation in annotations:
            x1, y1, x2, y2 = (float(v) for v in annotation.Rect)
            assert x2 > x1 and y1 != y2
            named = str(annotation.Contents).replace("(", " ").replace(")", " ").split()
            assert named and set(named) <= {"getting", "help", "12"}  # not the target's id


def _has_content(element: Any) -> bool:
    kids = element.get("/K", [])
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    return any(
        isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary) and "/S" in kid)
        for kid in kids
    )


def test_an_acronym_in_a_link_leaves_its_annotation_in_the_link(tmp_path: Path) -> None:
    """A contents entry with an acronym (NEET): the acronym's no-hyphenation span inside the
    link got an annotation whose structure parent was the /Span (outloud LNK-001)."""
    from weasyprint import HTML

    from guidepress.render import pdfua
    from guidepress.render.pdf import mark_acronyms

    html = mark_acronyms(
        '<html lang="en"><body><p>The NEET rate. See <a href="#end">NEET and otaku</a>.</p>'
        '<h1 id="end">End</h1></body></html>'
    )
    assert '<span class="acronym">NEET</span> rate' in html and ">NEET and otaku</a>" in html
    options = {"pdf_variant": "pdf/ua-1"}
    pdfua.prepare(HTML(string=html).render(**options)).write_pdf(tmp_path / "a.pdf", **options)
    with pikepdf.open(tmp_path / "a.pdf") as pdf:
        parents = {}
        numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
        for index in range(0, len(numbers), 2):
            parents[int(numbers[index])] = numbers[index + 1]
        annotations = [a for page in pdf.pages for a in page.get("/Annots", [])]
        assert annotations
        assert all(parents[int(a.StructParent)].S == "/Link" for a in annotations)
