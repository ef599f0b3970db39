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
