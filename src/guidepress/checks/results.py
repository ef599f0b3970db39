"""Per-artifact check results, kept in build/.cache/ and reused while nothing they depend on
changed: the artifact's SHA-256, the tool's own code (and installed packages), the check
options and which external checkers are installed.

Records are written atomically; one that cannot be read or parsed is a miss, not a crash.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from typing import Any

from guidepress.build import cache
from guidepress.checks.artifact import ArtifactCheck, BatchCheck, Outcome
from guidepress.checks.epub import ace_command
from guidepress.checks.epubcheck import epubcheck_command
from guidepress.config import Config


def options_digest(
    checks: tuple[ArtifactCheck, ...], batches: tuple[BatchCheck, ...], **options: Any
) -> str:
    """The check options and the external checkers this run would use."""
    tools = {
        "epubcheck": epubcheck_command(),
        "ace": ace_command(),
        "qpdf": shutil.which("qpdf"),
    }
    names = [c.name for c in checks] + [b.name for b in batches]
    text = json.dumps({"checks": names, "tools": tools, "options": options}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def key(sha256: str, options: str, sources: str = "") -> str:
    """The key of one artifact's results: its bytes, the tool, the options (and sources)."""
    parts = [cache.tool_digest(), sha256.encode(), options.encode(), sources.encode()]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _name(path: str) -> str:
    return f"check/{path}"


def load(config: Config, path: str, record_key: str) -> dict[str, Outcome] | None:
    """The outcomes stored for the artifact at *path* under *record_key*, or None."""
    record = cache.load(config, _name(path), record_key)
    if record is None:
        return None
    try:
        return {name: Outcome.from_json(found) for name, found in record["outcomes"].items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def save(config: Config, path: str, record_key: str, outcomes: dict[str, Outcome]) -> None:
    stored = {name: outcome.as_json() for name, outcome in outcomes.items()}
    cache.save(config, _name(path), record_key, outcomes=stored)
