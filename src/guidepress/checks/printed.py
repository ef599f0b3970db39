"""What the printed pages say, read once per PDF: notes, page numbers, large print, hyphens.

Each check is a function of one opened PDF (`PdfText`) and its manifest entry that returns
its figures and its problems; `check_printed` runs them over the build, so a parallel runner
can run `printed_findings` per artifact instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from guidepress.checks import Context, Finding
from guidepress.checks.hyphens import hyphen_figures
from guidepress.checks.largeprint import profile_figures
from guidepress.checks.notes import note_figures
from guidepress.checks.pages import page_figures
from guidepress.checks.pdftext import PdfText

Figures = dict[str, int]
Outcome = tuple[Figures, list[str]]
NAMES = ("notes", "pages", "large-print", "hyphens")


def _notes(text: PdfText, artifact: dict[str, Any]) -> Outcome | None:
    if artifact["kind"] != "guide":
        return None
    figures = note_figures(text)
    return figures.as_dict(), figures.lost + figures.displaced


def _pages(text: PdfText, artifact: dict[str, Any]) -> Outcome | None:
    figures = page_figures(text)
    return figures.as_dict(), figures.wrong_contents + figures.wrong_references


def _large_print(text: PdfText, artifact: dict[str, Any]) -> Outcome | None:
    if artifact.get("edition") != "large-print":
        return None
    figures = profile_figures(text)
    return figures.as_dict(), figures.problems


def _hyphens(text: PdfText, artifact: dict[str, Any]) -> Outcome | None:
    if artifact["kind"] != "guide":
        return None
    figures = hyphen_figures(text)
    return figures.as_dict(), figures.faults


CHECKS: dict[str, Callable[[PdfText, dict[str, Any]], Outcome | None]] = {
    "notes": _notes,
    "pages": _pages,
    "large-print": _large_print,
    "hyphens": _hyphens,
}


def printed_findings(
    path: Path, artifact: dict[str, Any]
) -> tuple[list[Finding], dict[str, Figures]]:
    """Every print check on the PDF at *path*: findings, and figures by check."""
    shown, locale = f"build/{artifact['path']}", artifact["locale"]
    try:
        text = PdfText(PdfReader(path))
        outcomes = {name: check(text, artifact) for name, check in CHECKS.items()}
    except (PyPdfError, OSError, KeyError) as err:
        return [Finding("notes", locale, "error", shown, 0, f"cannot read: {err}")], {}
    findings, figures = [], {}
    for name, outcome in outcomes.items():
        if outcome is None:
            continue
        figures[name] = outcome[0]
        findings += [Finding(name, locale, "error", shown, 0, text) for text in outcome[1]]
    return findings, figures


def check_printed(ctx: Context) -> Iterator[Finding]:
    """Print checks over every PDF of the build; figures go to the report."""
    for artifact in ctx.artifacts:
        path: Path = ctx.config.build_dir / artifact["path"]
        if artifact["format"] != "pdf" or not path.is_file():
            continue
        findings, figures = printed_findings(path, artifact)
        for name, counts in figures.items():
            ctx.figures.setdefault(name, {})[f"build/{artifact['path']}"] = counts
        yield from findings
