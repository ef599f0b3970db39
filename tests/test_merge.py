"""Locale shards built in separate folders merge into exactly what one whole build makes."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from conftest import guidepress, make_project


def _files(build: Path) -> dict[str, str]:
    """Every published file under *build* with its SHA-256 (the cache and lock left out)."""
    return {
        str(p.relative_to(build)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(build.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(build).parts)
    }


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The mini guide built once per locale, each in its own folder: {locale: build/}."""
    built = {}
    for locale in ("en", "fr"):
        project = make_project(tmp_path_factory.mktemp(f"shard-{locale}"))
        run = guidepress(project, "build", "--locale", locale)
        assert run.returncode == 0, run.stderr
        built[locale] = project / "build"
    return built


def test_merged_shards_equal_one_whole_build(
    mini_build: Path, shards: dict[str, Path], tmp_path: Path
) -> None:
    target = make_project(tmp_path)
    merged = guidepress(target, "merge", str(shards["en"]), str(shards["fr"]))
    assert merged.returncode == 0, merged.stderr
    assert "merged 16 artifacts from 2 shards" in merged.stdout
    site = guidepress(target, "build", "--only", "site")
    assert site.returncode == 0, site.stderr
    whole, joined = _files(mini_build), _files(target / "build")
    assert "manifest.json" in whole and "index.html" in whole and len(whole) == 18
    assert joined == whole  # the same files, each with the same SHA-256
    again = guidepress(target, "merge", str(shards["fr"]))  # merging twice changes nothing
    assert again.returncode == 0 and "(0 files copied)" in again.stdout
    assert _files(target / "build") == whole


def _copy_shard(source: Path, tmp_path: Path, name: str) -> tuple[Path, dict]:
    folder = tmp_path / name
    shutil.copytree(source, folder)
    return folder, json.loads((folder / "manifest.json").read_text())


def _save(folder: Path, data: dict) -> None:
    (folder / "manifest.json").write_text(json.dumps(data))


def _epub_entry(data: dict) -> dict:
    return next(a for a in data["artifacts"] if a["path"].endswith(".epub"))


def test_two_shards_that_disagree_on_a_file_are_refused(
    shards: dict[str, Path], tmp_path: Path
) -> None:
    other, data = _copy_shard(shards["en"], tmp_path, "other")
    entry = _epub_entry(data)
    changed = other / entry["path"]
    changed.write_bytes(changed.read_bytes() + b"\0")
    entry["bytes"] += 1
    entry["sha256"] = hashlib.sha256(changed.read_bytes()).hexdigest()
    _save(other, data)
    target = make_project(tmp_path)
    run = guidepress(target, "merge", str(shards["en"]), str(other))
    assert run.returncode == 2
    assert f"{other}/manifest.json: error: conflicting entry for {entry['path']}" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (target / "build" / "manifest.json").exists()  # nothing half-merged


def test_a_damaged_or_foreign_shard_is_refused(shards: dict[str, Path], tmp_path: Path) -> None:
    damaged, data = _copy_shard(shards["en"], tmp_path, "damaged")
    entry = _epub_entry(data)
    (damaged / entry["path"]).write_bytes(b"not an epub")
    foreign, other = _copy_shard(shards["fr"], tmp_path, "foreign")
    other["guide"]["version"] = "9.9"
    _save(foreign, other)
    unsafe, third = _copy_shard(shards["fr"], tmp_path, "unsafe")
    third["artifacts"][0]["path"] = "../../escape.pdf"
    _save(unsafe, third)
    target = make_project(tmp_path)
    run = guidepress(target, "merge", str(damaged), str(foreign), str(unsafe), str(tmp_path))
    assert run.returncode == 2
    assert f"{damaged / entry['path']}: error: size or SHA-256 differs" in run.stderr
    assert f"{foreign}/manifest.json: error: built from another guide.toml: version" in run.stderr
    assert "'9.9', here it is '0.1.0'" in run.stderr
    missing = guidepress(target, "merge", str(tmp_path))
    assert missing.returncode == 2
    assert f"{tmp_path}/manifest.json: error: not a build folder" in missing.stderr
    run = guidepress(target, "merge", str(unsafe))
    assert "error: unsafe artifact path '../../escape.pdf'" in run.stderr
    assert not (target / "build" / "manifest.json").exists()
