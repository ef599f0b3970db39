"""The manifest lists every file with its true size and hash, and nothing else is there."""

from __future__ import annotations

from collections.abc import Iterator

from guidepress.checks import Context, Finding


def check_manifest(ctx: Context) -> Iterator[Finding]:
    build = ctx.config.build_dir
    for artifact in ctx.artifacts:
        path = build / artifact["path"]
        shown = f"build/{artifact['path']}"
        if not path.is_file():
            yield Finding("manifest", artifact["locale"], "error", shown, 0, "listed but missing")
            continue
        if path.stat().st_size != artifact["bytes"]:
            yield Finding(
                "manifest",
                artifact["locale"],
                "error",
                shown,
                0,
                f"is {path.stat().st_size} bytes, the manifest says {artifact['bytes']}",
            )
        elif ctx.sha256(path) != artifact["sha256"]:
            yield Finding(
                "manifest",
                artifact["locale"],
                "error",
                shown,
                0,
                "SHA-256 differs from the manifest",
            )
    for locale in ctx.locales:
        folder = build / locale
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            relative = str(path.relative_to(build))
            if path.is_file() and relative not in ctx.listed and not path.name.startswith("."):
                yield Finding(
                    "manifest",
                    locale,
                    "error",
                    f"build/{relative}",
                    0,
                    "file is not listed in manifest.json",
                )
