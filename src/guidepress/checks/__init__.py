"""`guidepress check`: prove a finished build is publishable. Each module holds small checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from guidepress.build.pipeline import Pipeline
from guidepress.config import Project
from guidepress.errors import Diagnostic

Status = Literal["ok", "warning", "error", "skipped"]


@dataclass(frozen=True)
class Finding:
    """One problem a check found."""

    check: str
    locale: str
    severity: Literal["error", "warning"]
    path: str
    line: int
    message: str

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(self.path, self.line, self.severity, f"[{self.check}] {self.message}")


@dataclass
class Report:
    """All findings, plus which checks ran for which locales."""

    locales: list[str]
    strict: bool = False
    ran: dict[str, set[str]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # check -> artifact path -> counts (e.g. notes called, lost, displaced)
    figures: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

    def status(self, check: str, locale: str) -> Status:
        if check in self.skipped:
            return "skipped"
        if locale not in self.ran.get(check, set()):
            return "skipped"
        severities = {f.severity for f in self.findings if f.check == check and f.locale == locale}
        return "error" if "error" in severities else "warning" if severities else "ok"

    @property
    def failed(self) -> bool:
        """An error fails the check; under strict, so does a warning."""
        return any(f.severity == "error" or self.strict for f in self.findings)

    def as_json(self) -> dict[str, Any]:
        return {
            "locales": self.locales,
            "checks": {
                check: {loc: self.status(check, loc) for loc in self.locales} for check in self.ran
            },
            "skipped": self.skipped,
            "findings": [asdict(f) for f in self.findings],
            "figures": self.figures,
            "passed": not self.failed,
        }


class Context:
    """What checks share: the project and its pipeline, the manifest's artifacts, the locales."""

    def __init__(self, project: Project, locales: list[str], artifacts: list[dict[str, Any]]):
        self.project = project
        self.config = project.config
        self.pipeline = Pipeline(project)
        self.locales = locales
        self.artifacts = [a for a in artifacts if a.get("locale") in locales]
        self.figures: dict[str, dict[str, dict[str, int]]] = {}


Check = Callable[[Context], Iterator[Finding]]
