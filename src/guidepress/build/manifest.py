"""build/manifest.json: every artifact with its size, hash, pages and coverage."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from guidepress.config import Config
from guidepress.config.atomic import write_text


@dataclass(frozen=True)
class Entry:
    """One artifact as the manifest lists it."""

    locale: str
    kind: str
    format: str
    paper: str | None
    edition: str
    path: str
    bytes: int
    sha256: str
    pages: int | None
    coverage: float
    draft: bool = False


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def guide_info(config: Config) -> dict[str, Any]:
    return {
        "slug": config.slug,
        "title": config.title,
        "subtitle": config.subtitle,
        "version": config.version,
        "date": config.date.isoformat(),
        "locales": list(config.locales),
        "source_locale": config.source_locale,
        "url": config.url,
    }


def read_entries(path: Path) -> list[dict[str, Any]]:
    """Return the artifacts of an existing manifest, or none if it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        artifacts = data.get("artifacts", [])
        return [a for a in artifacts if isinstance(a, dict) and "path" in a]
    except (OSError, ValueError, AttributeError):
        return []


def update(config: Config, entries: list[Entry], replaced_paths: set[str]) -> Path:
    """Merge *entries* into manifest.json, replacing those at *replaced_paths*."""
    path = config.build_dir / "manifest.json"
    kept = [a for a in read_entries(path) if a["path"] not in replaced_paths]
    fresh = [asdict(entry) for entry in entries]
    artifacts = sorted(kept + fresh, key=lambda a: str(a["path"]))
    text = json.dumps(
        {"guide": guide_info(config), "artifacts": artifacts}, ensure_ascii=False, indent=2
    )
    write_text(path, text + "\n")
    return path
