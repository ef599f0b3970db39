"""PDF structure: fonts embedded with Unicode maps, /Lang, tags, outline, size, links."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guidepress.checks.artifact import Item, Outcome
from guidepress.errors import Severity

if TYPE_CHECKING:  # pypdf is imported when a PDF is read, not when results are reused
    from pypdf import PdfReader

PAPER_POINTS = {"a4": (595, 842), "letter": (612, 792)}


def pdf_fonts(reader: PdfReader) -> dict[str, tuple[bool, bool]]:
    """Every font of a PDF: (embedded, has a ToUnicode map), by base font name."""
    found: dict[str, tuple[bool, bool]] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            owner = descendants[0].get_object() if descendants else font
            descriptor = owner.get("/FontDescriptor") or {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = (embedded, "/ToUnicode" in font)
    return found


def _named_destinations(reader: PdfReader) -> set[str]:
    from pypdf.errors import PyPdfError

    try:
        return set(reader.named_destinations)
    except (PyPdfError, KeyError, TypeError):
        return set()


def _broken_links(reader: PdfReader) -> list[str]:
    from guidepress.checks.pdftext import link_targets

    names = _named_destinations(reader)
    return [t for page in reader.pages for t, _ in link_targets(page) if t not in names]


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
    reader = item.pdf
    root: Any = reader.trailer["/Root"]
    for name, (embedded, unicode_map) in pdf_fonts(reader).items():
        if not embedded:
            yield "error", f"font {name} is not embedded"
        if not unicode_map:
            yield "error", f"font {name} has no ToUnicode map (text cannot be extracted)"
    if str(root.get("/Lang", "")) != artifact["locale"]:
        yield "error", f"/Lang is {root.get('/Lang')!r}, not {artifact['locale']!r}"
    if "/StructTreeRoot" not in root:
        yield "error", "no structure tree (untagged PDF)"
    if not (reader.metadata and reader.metadata.title):
        yield "error", "no document title in the metadata"
    if artifact["kind"] == "guide" and not reader.outline:
        yield "error", "no bookmarks (outline)"
    if artifact["kind"] == "handout" and len(reader.pages) != 2:
        yield "error", f"a handout must have exactly 2 pages, not {len(reader.pages)}"
    expected = PAPER_POINTS.get(artifact.get("paper") or "")
    box = reader.pages[0].mediabox
    if expected and (round(float(box.width)), round(float(box.height))) != expected:
        yield "error", f"page size {box.width}x{box.height} pt is not {artifact['paper']}"
    for target in _broken_links(reader):
        yield "error", f"internal link to #{target} has no destination"


def check_pdf(item: Item) -> Outcome:
    """PDF structure of one PDF: fonts, /Lang, tags, title, outline, pages, size, links."""
    findings = [item.finding("pdf", severity, message) for severity, message in _problems(item)]
    return Outcome(findings, {"pages": len(item.pdf.pages)})
