"""Every check `guidepress check` runs. A new check is one module and one line here.

* `ARTIFACT_CHECKS`: `(Item) -> Outcome` functions, one artifact at a time, run in a process
  pool over the artifacts whose bytes changed since the last check (results kept in
  build/.cache/). Each gets the artifact opened once: `item.pdf`, `item.epub`.
* `BATCH_CHECKS`: one external tool run over many artifacts at once (epubcheck: one JVM).
* `BUILD_CHECKS`: the whole build, every time: manifest, catalogs, glyphs, links.
"""

from __future__ import annotations

from guidepress.checks import Check
from guidepress.checks.artifact import ArtifactCheck, BatchCheck
from guidepress.checks.catalogs import check_catalogs, check_template
from guidepress.checks.epub import check_epub
from guidepress.checks.epubcheck import check_books
from guidepress.checks.manifest import check_manifest
from guidepress.checks.pdf import check_pdf
from guidepress.checks.text import check_glyphs, check_guide_url, check_urls

ARTIFACT_CHECKS: tuple[ArtifactCheck, ...] = (
    ArtifactCheck("pdf", ("pdf",), check_pdf),
    ArtifactCheck("epub", ("epub",), check_epub),
)

BATCH_CHECKS: tuple[BatchCheck, ...] = (BatchCheck("epubcheck", "epub", ("epub",), check_books),)

BUILD_CHECKS: tuple[tuple[str, Check], ...] = (
    ("catalogs", check_catalogs),
    ("catalogs", check_template),
    ("glyphs", check_glyphs),
    ("links", check_urls),
    ("links", check_guide_url),
)
"""Whole-build checks after the artifacts' (the manifest check runs first, always)."""

MANIFEST_CHECK: tuple[str, Check] = ("manifest", check_manifest)
