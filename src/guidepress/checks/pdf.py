"""PDF structure: fonts embedded with Unicode maps, /Lang, tags, outline, size, links."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guidepress.checks.artifact import Item, Outcome
from guidepress.errors import Severity

if TYPE_CHECKING:  # pikepdf is imported when a PDF is read, not when results are reused
    import pikepdf

PAPER_POINTS = {"a4": (595, 842), "letter": (612, 792)}


def pdf_fonts(pdf: pikepdf.Pdf) -> dict[str, tuple[bool, bool]]:
    """Every font of a PDF: (embedded, has a ToUnicode map), by base font name."""
    from guidepress.checks.pdftext import page_fonts

    found: dict[str, tuple[bool, bool]] = {}
    for font in page_fonts(pdf):
        descendants = font.get("/DescendantFonts")
        owner = descendants[0] if descendants else font
        descriptor = owner.get("/FontDescriptor") or {}
        embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        found[str(font.get("/BaseFont"))] = (embedded, "/ToUnicode" in font)
    return found


def _broken_links(item: Item) -> list[str]:
    from guidepress.checks.pdftext import link_targets

    names = set(item.text.destinations)
    return [t for page in item.pdf.pages for t, _ in link_targets(page) if t not in names]


def _title(pdf: pikepdf.Pdf) -> str:
    info = pdf.trailer.get("/Info")
    return str(info.get("/Title", "")) if info is not None else ""


def _has_outline(root: Any) -> bool:
    outlines = root.get("/Outlines")
    return outlines is not None and "/First" in outlines


def _qpdf(path: Path) -> str | None:
    if shutil.which("qpdf") is None:
        return None
    done = subprocess.run(
        ["qpdf", "--check", str(path)], capture_output=True, text=True, check=False
    )
    return None if done.returncode in (0, 3) else (done.stderr or done.stdout).strip()[:300]


def _problems(item: Item) -> Iterator[tuple[Severity, str]]:
    artifact = item.entry
    if problem := _qpdf(item.path):
        yield "error", f"qpdf --check: {problem}"
    pdf = item.pdf
    root: Any = pdf.Root
    for name, (embedded, unicode_map) in pdf_fonts(pdf).items():
        if not embedded:
            yield "error", f"font {name} is not embedded"
        if not unicode_map:
            yield "error", f"font {name} has no ToUnicode map (text cannot be extracted)"
    lang = str(root.get("/Lang", ""))
    if lang != artifact["locale"]:
        yield "error", f"/Lang is {lang!r}, not {artifact['locale']!r}"
    if "/StructTreeRoot" not in root:
        yield "error", "no structure tree (untagged PDF)"
    if not _title(pdf):
        yield "error", "no document title in the metadata"
    if artifact["kind"] == "guide" and not _has_outline(root):
        yield "error", "no bookmarks (outline)"
    if artifact["kind"] == "handout" and len(pdf.pages) != 2:
        yield "error", f"a handout must have exactly 2 pages, not {len(pdf.pages)}"
    expected = PAPER_POINTS.get(artifact.get("paper") or "")
    x0, y0, x1, y1 = (float(v) for v in pdf.pages[0].mediabox)
    width, height = abs(x1 - x0), abs(y1 - y0)
    if expected and (round(width), round(height)) != expected:
        yield "error", f"page size {width:g}x{height:g} pt is not {artifact['paper']}"
    for target in _broken_links(item):
        yield "error", f"internal link to #{target} has no destination"


def check_pdf(item: Item) -> Outcome:
    """PDF structure of one PDF: fonts, /Lang, tags, title, outline, pages, size, links."""
    findings = [item.finding("pdf", severity, message) for severity, message in _problems(item)]
    return Outcome(findings, {"pages": len(item.pdf.pages)})
