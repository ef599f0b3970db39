"""`guidepress merge`: join the build folders of locale shards into one build and manifest.

Each shard (one CI job, `guidepress build --locale L`) writes only its own files and lists
only them in its manifest.json. Merging copies every listed file, after checking its size and
SHA-256, and writes one manifest with all the entries. Two shards that list the same path with
different contents, or that were built from another guide.toml, are refused.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, fields
from pathlib import Path, PurePosixPath
from typing import Any

from guidepress.build import manifest
from guidepress.build.run import build_lock
from guidepress.config import Config
from guidepress.config.atomic import atomic_path
from guidepress.errors import Diagnostic, InputError

ENTRY_FIELDS = {f.name for f in fields(manifest.Entry)}


@dataclass(frozen=True)
class Shard:
    """One shard's build folder and what its manifest lists."""

    folder: Path
    guide: dict[str, Any]
    artifacts: list[dict[str, Any]]

    @property
    def shown(self) -> str:
        return str(self.folder / "manifest.json")


def read_shard(folder: Path) -> Shard:
    """Read a shard's manifest.json; a missing or malformed one is an input error."""
    path = folder / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        hint = f"; did you mean {folder / 'build'}?" if (folder / "build").is_dir() else ""
        problem = Diagnostic(str(path), 0, "error", f"not a build folder: no manifest.json{hint}")
        raise InputError(problem) from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(Diagnostic(str(path), 0, "error", f"cannot read: {err}")) from None
    except json.JSONDecodeError as err:
        problem = Diagnostic(str(path), err.lineno, "error", f"invalid JSON: {err.msg}")
        raise InputError(problem) from None
    if not isinstance(data, dict) or not isinstance(data.get("artifacts"), list):
        raise InputError(Diagnostic(str(path), 0, "error", "not a guidepress manifest"))
    guide = data.get("guide")
    artifacts = [a for a in data["artifacts"] if isinstance(a, dict)]
    return Shard(folder, guide if isinstance(guide, dict) else {}, artifacts)


def merge(config: Config, folders: list[Path]) -> list[str]:
    """Copy every shard's artifacts into build/ and list them all in one manifest."""
    shards, problems = _read_shards(folders)
    problems += [p for shard in shards for p in _other_guide(config, shard)]
    chosen: dict[str, tuple[Shard, dict[str, Any]]] = {}
    for shard in shards:
        for entry in shard.artifacts:
            problem = _bad_entry(shard, entry) or _conflict(chosen, shard, entry)
            if problem:
                problems.append(problem)
            else:
                chosen.setdefault(entry["path"], (shard, entry))
    if problems:
        raise InputError(problems)
    with build_lock(config):
        copied = sum(_copy(shard, entry, config.build_dir) for shard, entry in chosen.values())
        entries = [_entry(entry) for _, entry in chosen.values()]
        manifest.update(config, entries, set(chosen))
    return [
        f"merged {len(chosen)} artifacts from {len(shards)} shards ({copied} files copied)",
        "now rebuild the download page: guidepress build --only site",
    ]


def _read_shards(folders: list[Path]) -> tuple[list[Shard], list[Diagnostic]]:
    """Every readable shard, and the problems of those that are not (all reported at once)."""
    shards, problems = [], []
    for folder in folders:
        try:
            shards.append(read_shard(folder))
        except InputError as err:
            problems += err.diagnostics
    return shards, problems


def _other_guide(config: Config, shard: Shard) -> list[Diagnostic]:
    """Differences between the guide a shard was built from and this project's guide.toml."""
    ours = manifest.guide_info(config)
    return [
        Diagnostic(
            shard.shown,
            0,
            "error",
            f"built from another guide.toml: {key} is {shard.guide.get(key)!r}, "
            f"here it is {value!r}",
        )
        for key, value in ours.items()
        if shard.guide.get(key) != value
    ]


def _bad_entry(shard: Shard, entry: dict[str, Any]) -> Diagnostic | None:
    """A problem with one listed artifact: a field missing, an unsafe path, a damaged file."""
    missing = sorted(ENTRY_FIELDS - {"draft"} - set(entry))
    if missing:
        return Diagnostic(shard.shown, 0, "error", f"entry lacks {', '.join(missing)}: {entry}")
    relative = PurePosixPath(str(entry["path"]))
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return Diagnostic(shard.shown, 0, "error", f"unsafe artifact path {entry['path']!r}")
    path = shard.folder / relative
    if not path.is_file():
        return Diagnostic(str(path), 0, "error", "listed in the shard's manifest but missing")
    if path.stat().st_size != entry["bytes"] or manifest.file_sha256(path) != entry["sha256"]:
        return Diagnostic(str(path), 0, "error", "size or SHA-256 differs from its manifest")
    return None


def _conflict(
    chosen: dict[str, tuple[Shard, dict[str, Any]]], shard: Shard, entry: dict[str, Any]
) -> Diagnostic | None:
    earlier = chosen.get(entry["path"])
    if earlier is None or earlier[1]["sha256"] == entry["sha256"]:
        return None
    return Diagnostic(
        shard.shown,
        0,
        "error",
        f"conflicting entry for {entry['path']}: {earlier[0].shown} has "
        f"SHA-256 {earlier[1]['sha256'][:12]}…, this shard {entry['sha256'][:12]}…",
    )


def _copy(shard: Shard, entry: dict[str, Any], build: Path) -> bool:
    """Copy one artifact unless the same bytes are already there; True if copied."""
    target = build / entry["path"]
    if target.is_file() and manifest.file_sha256(target) == entry["sha256"]:
        return False
    with atomic_path(target) as temp:
        shutil.copyfile(shard.folder / entry["path"], temp)
    return True


def _entry(entry: dict[str, Any]) -> manifest.Entry:
    return manifest.Entry(**{k: v for k, v in entry.items() if k in ENTRY_FIELDS})
