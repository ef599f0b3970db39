"""Stage 6: renderers, each turning a translated Guide into one kind of artifact.

A renderer has a name (what `build --only` calls it), says what it makes, which template
folders it reads, lists its artifacts for a locale and writes one. `registry.RENDERERS`
lists them all; the build's plan is the flattening of their artifacts.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guidepress.config import Config, Project
from guidepress.document import Guide


@dataclass(frozen=True)
class Artifact:
    """One file the build makes."""

    locale: str
    kind: str
    format: str
    paper: str | None
    edition: str
    path: str
    only_key: str
    """The name of the renderer that makes it (what `build --only` selects)."""


class Renderer(ABC):
    """One kind of artifact: its name, what it makes, the templates it reads, how to write it."""

    name: str
    """The renderer's name, also the `build --only` and `output.formats` value."""
    kind: str
    """What it makes: `guide`, `handout` or `web` (the manifest's `kind`)."""
    format: str
    """The file format: `pdf`, `epub` or `html` (the manifest's `format`)."""
    templates: tuple[str, ...]
    """Template folders it reads; a change in them rebuilds its artifacts."""

    def wanted(self, config: Config) -> bool:
        """Whether guide.toml asks for this renderer's artifacts."""
        return self.name in config.formats

    @abstractmethod
    def artifacts(self, config: Config, locale: str) -> list[Artifact]:
        """The artifacts this renderer makes for *locale* (none if guide.toml wants none)."""

    @abstractmethod
    def write(self, guide: Guide, artifact: Artifact, project: Project, target: Path) -> int | None:
        """Write *artifact* to *target*; return its page count (None if it has no pages)."""

    def built_inputs(self, config: Config, locale: str) -> Any:
        """What it shows from other artifacts (JSON data, part of its cache key); none here."""
        return None

    def artifact(self, locale: str, paper: str | None, edition: str, path: str) -> Artifact:
        return Artifact(locale, self.kind, self.format, paper, edition, path, self.name)


def stem(config: Config, locale: str) -> str:
    """The common start of a locale's file paths: `<lang>/<slug>-<lang>`."""
    return f"{locale}/{config.slug}-{locale}"
