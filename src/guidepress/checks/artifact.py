"""One artifact, opened once for every check of it, and what a per-artifact check returns.

A per-artifact check is a function `(item: Item) -> Outcome`: it reads the artifact's manifest
entry and its already-opened PDF (`item.pdf`) or EPUB (`item.epub`) and returns findings and
figures. `registry.ARTIFACT_CHECKS` lists them; the runner runs them in a process pool and
keeps each artifact's outcomes in build/.cache/ under the artifact's SHA-256.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guidepress.build.pipeline import Pipeline
from guidepress.checks import Finding
from guidepress.config import Project
from guidepress.errors import Severity

if TYPE_CHECKING:
    import pikepdf

    from guidepress.checks.pdftext import PdfText

Figures = dict[str, float]
"""What a check measured in one artifact, by name (counts or shares)."""


@dataclass
class Outcome:
    """What one check found in one artifact."""

    findings: list[Finding] = field(default_factory=list)
    figures: Figures = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "findings": [vars(f) for f in self.findings],
            "figures": self.figures,
        }

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Outcome:
        findings = [Finding(**f) for f in record["findings"]]
        return cls(findings, {str(k): float(v) for k, v in record["figures"].items()})


class Item:
    """One artifact of the build: its manifest entry, its file, opened lazily and once."""

    def __init__(self, entry: dict[str, Any], project: Project) -> None:
        self.entry = entry
        self.project = project
        self.locale: str = entry["locale"]
        self.path: Path = project.config.build_dir / entry["path"]
        self.shown = f"build/{entry['path']}"

    @property
    def pipeline(self) -> Pipeline:
        """This process's pipeline (sources, catalogs, Guides made once), for a check that
        compares an artifact with what it was made from (declare `reads_sources`)."""
        return _pipeline(self.project)

    @cached_property
    def pdf(self) -> pikepdf.Pdf:
        """The PDF, opened once for every PDF check."""
        import pikepdf

        return pikepdf.open(self.path)

    @cached_property
    def text(self) -> PdfText:
        """The PDF's text runs, page by page, extracted once for every check that reads them."""
        from guidepress.checks.pdftext import PdfText

        return PdfText(self.path, self.pdf)

    @cached_property
    def epub(self) -> zipfile.ZipFile:
        """The EPUB's zip archive, opened once for every EPUB check."""
        return zipfile.ZipFile(self.path)

    def close(self) -> None:
        """Close what was opened; a later check opens it again."""
        if "epub" in self.__dict__:
            self.__dict__.pop("epub").close()
        if "pdf" in self.__dict__:
            self.__dict__.pop("text", None)
            self.__dict__.pop("pdf").close()

    def finding(
        self, check: str, severity: Severity, message: str, inside: str | None = None
    ) -> Finding:
        """A finding about this artifact (or a file *inside* it, such as an EPUB's page)."""
        shown = f"{self.shown}!{inside}" if inside else self.shown
        return Finding(check, self.locale, severity, shown, 0, message)


_PIPELINES: dict[Path, Pipeline] = {}


def _pipeline(project: Project) -> Pipeline:
    root = project.config.root
    if root not in _PIPELINES:
        _PIPELINES[root] = Pipeline(project)
    return _PIPELINES[root]


ArtifactFunction = Callable[[Item], Outcome]


@dataclass(frozen=True)
class ArtifactCheck:
    """A check of one artifact at a time: its report row, what it applies to, its function."""

    name: str
    formats: tuple[str, ...]
    run: ArtifactFunction
    kinds: tuple[str, ...] = ()
    """The manifest kinds it applies to (all when empty)."""
    reads_sources: bool = False
    """True when its result depends on the locale's sources and catalog as well as on the
    artifact's bytes: cached results are then also keyed by those."""
    tools: tuple[str, ...] = ()
    """External commands it runs when installed: installing or removing one invalidates
    cached results."""

    def applies(self, entry: dict[str, Any]) -> bool:
        return entry.get("format") in self.formats and (
            not self.kinds or entry.get("kind") in self.kinds
        )


BatchFunction = Callable[[list[Item]], dict[str, Outcome]]


@dataclass(frozen=True)
class BatchCheck:
    """A check that one external tool does for many artifacts at once (one JVM for epubcheck).

    Its function takes the items to check and returns an Outcome by manifest path.
    """

    name: str
    """Its own name (the cache's key for its results)."""
    row: str
    """The report row its findings count in."""
    formats: tuple[str, ...]
    run: BatchFunction
    tools: tuple[str, ...] = ()

    def applies(self, entry: dict[str, Any]) -> bool:
        return entry.get("format") in self.formats


def run_item(item: Item, checks: list[ArtifactCheck]) -> dict[str, Outcome]:
    """Every check of *checks* that applies to *item*; an unreadable file is one error."""
    from pikepdf import PdfError
    from pypdf.errors import PyPdfError

    outcomes: dict[str, Outcome] = {}
    try:
        for check in checks:
            if not check.applies(item.entry):
                continue
            try:
                outcomes[check.name] = check.run(item)
            except (PdfError, PyPdfError, OSError, KeyError, ValueError, zipfile.BadZipFile) as err:
                fmt = item.entry["format"].upper()
                problem = item.finding(check.name, "error", f"cannot read {fmt}: {err}")
                outcomes[check.name] = Outcome([problem])
    finally:
        item.close()
    return outcomes
