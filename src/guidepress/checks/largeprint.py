"""The large-print low-vision profile, read from the PDF.

No text under 16 pt except in the top and bottom margins (running head, page number), which
are at least 14 pt; no hyphenated line ends; a table and the chart drawn from it (`#id` and
`#id-chart`) on one page. Each is an error in a large-print PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from guidepress.checks.hyphens import line_breaks
from guidepress.checks.pdftext import PdfText, Run

MIN_TEXT, MIN_MARGIN = 16.0, 14.0
TOLERANCE = 0.05  # points: sizes are read back rounded to 0.1
MM = 72 / 25.4
TOP_MARGIN, BOTTOM_MARGIN = 22 * MM, 24 * MM  # templates/pdf/guide.css @page margins


@dataclass
class ProfileFigures:
    """What the large-print profile found in one PDF."""

    small_text: list[str] = field(default_factory=list)
    hyphenated: list[str] = field(default_factory=list)
    apart: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "pages with small text": len(self.small_text),
            "hyphenated lines": len(self.hyphenated),
            "tables apart from their chart": len(self.apart),
        }

    @property
    def problems(self) -> list[str]:
        return self.small_text + self.hyphenated + self.apart


def _too_small(run: Run, height: float) -> bool:
    in_margin = run.y > height - TOP_MARGIN or run.y < BOTTOM_MARGIN
    least = MIN_MARGIN if in_margin else MIN_TEXT
    return run.size < least - TOLERANCE


def small_text(text: PdfText) -> list[str]:
    """One message per page with text under the profile's sizes."""
    found = []
    for index, runs in enumerate(text.pages):
        height = text.page_height(index)
        small = [run for run in runs if _too_small(run, height)]
        if small:
            least = min(small, key=lambda run: run.size)
            found.append(
                f"page {index + 1}: {len(small)} runs of text under {MIN_TEXT:g} pt "
                f"(smallest {least.size:g} pt: {least.text.strip()[:30]!r})"
            )
    return found


def tables_apart(text: PdfText) -> list[str]:
    """Tables whose chart starts on another page."""
    pages = text.destinations
    return [
        f"page {pages[name]}: table #{name} is on page {pages[name]}, "
        f"its chart on page {pages[name + '-chart']}"
        for name in sorted(pages)
        if name + "-chart" in pages and pages[name + "-chart"] != pages[name]
    ]


def profile_figures(text: PdfText) -> ProfileFigures:
    """Check one large-print PDF against the low-vision profile."""
    return ProfileFigures(
        small_text=small_text(text),
        hyphenated=[
            f"page {found.page}: '{found.left}{found.mark}' + '{found.right}' is hyphenated"
            for found in line_breaks(text)
        ],
        apart=tables_apart(text),
    )
