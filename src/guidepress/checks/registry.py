"""Every check `guidepress check` runs. A new check is one module and one line here.

* `ARTIFACT_CHECKS`: `(Item) -> Outcome` functions, one artifact at a time, run in a process
  pool over the artifacts whose bytes changed since the last check (results kept in
  build/.cache/). Each gets the artifact opened once: `item.pdf`, `item.epub`.
* `BATCH_CHECKS`: one external tool run over many artifacts at once (epubcheck: one JVM).
* `BUILD_CHECKS`: the whole build: catalogs, glyphs, links (and the manifest, never cached),
  their findings kept while their inputs are unchanged.

A new per-artifact check is one more line in ARTIFACT_CHECKS, for example
`ArtifactCheck("notes", ("pdf",), check_notes, kinds=("guide",))`, where `check_notes(item)`
reads `item.text` (or `item.pdf`) and returns an `Outcome` (findings, figures). A check
that compares the file with its sources says `reads_sources=True` and reads `item.pipeline`;
one that runs external commands names them in `tools=(...)` (`("pdfua", "outloud")`).
"""

from __future__ import annotations

from typing import Literal

from guidepress.checks import Check
from guidepress.checks.artifact import ArtifactCheck, BatchCheck
from guidepress.checks.catalogs import check_catalogs, check_template
from guidepress.checks.epub import check_epub
from guidepress.checks.epubcheck import check_books
from guidepress.checks.kindle import check_kindle
from guidepress.checks.manifest import check_manifest
from guidepress.checks.pdf import check_pdf
from guidepress.checks.pdfua import check_pdfua
from guidepress.checks.printed import check_hyphens, check_large_print, check_notes, check_pages
from guidepress.checks.text import check_glyphs, check_guide_url, check_urls
from guidepress.checks.textlayer import check_text_layer

Scope = Literal["locale", "guide"]

ARTIFACT_CHECKS: tuple[ArtifactCheck, ...] = (
    ArtifactCheck("pdf", ("pdf",), check_pdf, tools=("qpdf",)),
    ArtifactCheck("notes", ("pdf",), check_notes),
    ArtifactCheck("pages", ("pdf",), check_pages),
    ArtifactCheck("large-print", ("pdf",), check_large_print),
    ArtifactCheck("hyphens", ("pdf",), check_hyphens),
    ArtifactCheck("epub", ("epub",), check_epub, tools=("ace", "ace-cli")),
    ArtifactCheck("kindle", ("epub",), check_kindle),
    ArtifactCheck(
        "textlayer", ("pdf",), check_text_layer, reads_sources=True, tools=("pdftotext",)
    ),
    ArtifactCheck("pdfua", ("pdf",), check_pdfua, tools=("pdfua", "outloud")),
)

BATCH_CHECKS: tuple[BatchCheck, ...] = (
    BatchCheck("epubcheck", "epub", ("epub",), check_books, ("java", "epubcheck")),
)

BUILD_CHECKS: tuple[tuple[str, Check, Scope], ...] = (
    ("catalogs", check_catalogs, "locale"),
    ("catalogs", check_template, "guide"),
    ("glyphs", check_glyphs, "locale"),
    ("links", check_urls, "locale"),
    ("links", check_guide_url, "guide"),
)
"""Whole-build checks after the artifacts' (the manifest check runs first, always). A
"locale" check's findings are kept per locale, keyed by that locale's sources, catalog and
glossary; a "guide" check's by the settings, chapters, templates and the .pot."""

MANIFEST_CHECK: tuple[str, Check] = ("manifest", check_manifest)
