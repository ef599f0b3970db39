"""Diagnostics and the exception hierarchy; only cli.py maps these to exit codes."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One `path:line: severity: message` report."""

    path: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


class GuidepressError(Exception):
    """Base of every error a user can cause; carries its diagnostics."""

    exit_code = 1

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic | str) -> None:
        if isinstance(diagnostics, str):
            diagnostics = [Diagnostic("guidepress", 0, "error", diagnostics)]
        elif isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


class InputError(GuidepressError):
    """Bad usage or bad input: exit status 2."""

    exit_code = 2


class BuildError(GuidepressError):
    """The build or check found errors: exit status 1."""

    exit_code = 1


@dataclass
class Reporter:
    """Collects warnings and errors; prints each once as it arrives."""

    strict: bool = False
    quiet: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic in self.diagnostics:
            return
        self.diagnostics.append(diagnostic)
        if not self.quiet:
            print(diagnostic, file=sys.stderr)

    def warn(self, path: str | Path, line: int, message: str) -> None:
        self.add(Diagnostic(str(path), line, "warning", message))

    def error(self, path: str | Path, line: int, message: str) -> None:
        self.add(Diagnostic(str(path), line, "error", message))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def failed(self) -> bool:
        return bool(self.errors) or (self.strict and bool(self.warnings))
