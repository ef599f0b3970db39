"""Incremental builds: fingerprints of each artifact's inputs, kept in build/.cache/.

An artifact is rebuilt only when its fingerprint changes. A locale's validation (coverage,
integrity warnings, glyph coverage) and the download page are cached the same way, so a
build with nothing changed reads files and hashes, and renders nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from guidepress import __version__, theme
from guidepress.config import Config
from guidepress.config.atomic import write_text
from guidepress.errors import Diagnostic


@cache
def tool_digest() -> bytes:
    """The tool's version, its own code and every installed package's version.

    A changed renderer rebuilds everything, and so does a new WeasyPrint or Babel from a
    refreshed lock file, since output bytes depend on them.
    """
    package = Path(__file__).parents[1]  # the whole guidepress package
    code = b"".join(p.read_bytes() for p in sorted(package.rglob("*.py")))
    versions = sorted({f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()})
    return __version__.encode() + hashlib.sha256(code + "\n".join(versions).encode()).digest()


def _digest(parts: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def files_digest_parts(paths: Iterable[Path], root: Path) -> Iterable[bytes]:
    """Each file's path (relative to *root*) and bytes, in order: what a key hashes."""
    return _files(paths, root)


def _files(paths: Iterable[Path], root: Path) -> Iterable[bytes]:
    for path in sorted(set(paths)):
        yield theme.shown(path, root).encode()
        yield path.read_bytes() if path.is_file() else b"<missing>"


def _templates(config: Config, folders: Iterable[str]) -> list[Path]:
    return config.theme.files(folders)


def catalog_inputs(config: Config, locale: str) -> list[Path]:
    return [config.catalog_path(locale)] if locale != config.source_locale else []


def artifact_key(
    config: Config, artifact: Any, status: Any, templates: Iterable[str], extra: Any = None
) -> str:
    """Hash everything one artifact is made from: the sources of its kind, its templates,
    and *extra* (JSON data it shows, such as the files a web edition lists)."""
    sources = (
        [config.handout]
        if artifact.kind == "handout" and config.handout
        else [c.path for c in config.chapters]
    )
    inputs = [
        config.path,
        *sources,
        *catalog_inputs(config, artifact.locale),
        *_templates(config, templates),
    ]
    meta = json.dumps(
        [asdict(artifact), asdict(status), config.timestamp.isoformat(), extra], sort_keys=True
    ).encode()
    return _digest(
        [tool_digest(), meta, *_files([p for p in inputs if p is not None], config.root)]
    )


def locale_key(config: Config, locale: str) -> str:
    """Hash what a locale's validation reads: config, sources and its catalog."""
    inputs = [config.path, *(c.path for c in config.chapters), *catalog_inputs(config, locale)]
    if config.handout:
        inputs.append(config.handout)
    return _digest([tool_digest(), locale.encode(), *_files(inputs, config.root)])


def site_key(config: Config) -> str:
    """Hash what the download page is made from."""
    inputs = [
        config.path,
        config.build_dir / "manifest.json",
        *_templates(config, ("site",)),
        *(p for loc in config.locales for p in catalog_inputs(config, loc)),
    ]
    return _digest([tool_digest(), *_files(inputs, config.root)])


def _record_file(config: Config, name: str) -> Path:
    return config.build_dir / ".cache" / (name.replace("/", "__") + ".json")


def load(config: Config, name: str, key: str) -> dict[str, Any] | None:
    """The record stored under *name* if its key still matches."""
    try:
        record = json.loads(_record_file(config, name).read_text())
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("key") == key else None


def save(config: Config, name: str, key: str, **data: Any) -> None:
    write_text(_record_file(config, name), json.dumps({"key": key, **data}))


def diagnostics_to_json(diagnostics: list[Diagnostic]) -> list[dict[str, Any]]:
    return [asdict(d) for d in diagnostics]


def diagnostics_from_json(records: list[dict[str, Any]]) -> list[Diagnostic]:
    return [Diagnostic(**record) for record in records]
