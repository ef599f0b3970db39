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
from guidepress.checks import Finding
from guidepress.checks.artifact import ArtifactCheck, BatchCheck, Outcome
from guidepress.checks.epubcheck import epubcheck_command
from guidepress.config import Config


def options_digest(
    checks: tuple[ArtifactCheck, ...], batches: tuple[BatchCheck, ...], **options: Any
) -> str:
    """The check options and the external checkers this run would use."""
    every: list[ArtifactCheck | BatchCheck] = [*checks, *batches]
    tools = {tool: shutil.which(tool) for check in every for tool in check.tools}
    tools["epubcheck.jar"] = " ".join(epubcheck_command() or [])
    names = [c.name for c in every]
    text = json.dumps({"checks": names, "tools": tools, "options": options}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def key(sha256: str, options: str, extra: str = "") -> str:
    """The key of one artifact's results: its bytes, the tool, the options, and *extra* (its
    manifest entry; its sources for a check that reads them)."""
    parts = [cache.tool_digest(), sha256.encode(), options.encode(), extra.encode()]
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


def _glossary(config: Config, locale: str) -> bytes:
    path = config.locales_dir / locale / "glossary.toml"
    return path.read_bytes() if path.is_file() else b"<missing>"


def locale_key(config: Config, locale: str) -> str:
    """What a locale's whole-build checks read: settings, sources, its catalog, its glossary
    (the declared fonts' coverage is taken as fixed, as the build's own glyph check does)."""
    parts = [
        cache.tool_digest(),
        cache.locale_key(config, locale).encode(),
        _glossary(config, locale),
    ]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def guide_key(config: Config) -> str:
    """What the guide-wide checks read: settings, chapters, templates, the .pot, babel.cfg."""
    root = config.root
    files = config.theme.files()
    files += [c.path for c in config.chapters] + [config.path, root / "babel.cfg"]
    files += [config.locales_dir / "guide.pot"] + ([config.handout] if config.handout else [])
    digest = hashlib.sha256(cache.tool_digest())
    for part in cache.files_digest_parts(files, root):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def load_findings(config: Config, name: str, record_key: str) -> list[list[Finding]] | None:
    """Each whole-build check's findings stored under *name*, or None."""
    record = cache.load(config, f"check-{name}", record_key)
    if record is None:
        return None
    try:
        return [[Finding(**f) for f in found] for found in record["findings"]]
    except (KeyError, TypeError, ValueError):
        return None


def save_findings(config: Config, name: str, record_key: str, found: list[list[Finding]]) -> None:
    stored = [[vars(f) for f in findings] for findings in found]
    cache.save(config, f"check-{name}", record_key, findings=stored)
