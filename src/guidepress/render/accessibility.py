"""The EPUB's accessibility metadata, from what the book actually contains.

Features are claimed only for what is there (alternative text only when there are images or
charts, a visual access mode only then). A conformance claim (`dcterms:conformsTo`) is made
only when guide.toml's `[epub] conforms_to` says the publisher vouches for it; `guidepress
check` then fails a book that claims it unless epubcheck and DAISY Ace ran and passed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from guidepress.document import Guide

CHART = re.compile(r'<figure class="chart".*?</figure>', re.S)


@dataclass(frozen=True)
class Contents:
    """What the book holds that its accessibility metadata describes."""

    notes: int
    tables: int
    charts: int
    images: int
    """Images other than chart bars."""

    @classmethod
    def of(cls, guide: Guide, pages: Iterable[str]) -> Contents:
        """Count what the chapters' XHTML *pages* hold."""
        text = "".join(pages)
        return cls(
            notes=sum(len(c.footnotes) for c in guide.chapters),
            tables=text.count("<table"),
            charts=len(CHART.findall(text)),
            images=CHART.sub("", text).count("<img"),
        )

    @property
    def visual(self) -> bool:
        return bool(self.charts or self.images)


@dataclass(frozen=True)
class Claim:
    """A conformance claim the publisher vouches for in guide.toml."""

    conforms_to: str
    certified_by: str


def properties(contents: Contents, summary: str, claim: Claim | None) -> list[tuple[str, str]]:
    """The `<meta property>` pairs of the package document, in a stable order."""
    pairs = [("schema:accessMode", "textual")]
    if contents.visual:
        pairs.append(("schema:accessMode", "visual"))
    pairs.append(("schema:accessModeSufficient", "textual"))
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    if contents.visual:
        features.append("alternativeText")
    features.append("displayTransformability")
    pairs += [("schema:accessibilityFeature", feature) for feature in features]
    pairs += [("schema:accessibilityHazard", "none"), ("schema:accessibilitySummary", summary)]
    if claim is not None:
        pairs += [
            ("dcterms:conformsTo", claim.conforms_to),
            ("a11y:certifiedBy", claim.certified_by),
        ]
    return pairs
