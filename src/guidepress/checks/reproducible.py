"""Build again in a scratch copy of the project and compare every artifact's SHA-256."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from guidepress.build.manifest import file_sha256
from guidepress.checks import Context, Finding

SKIP = shutil.ignore_patterns("build", ".nox", ".git", "__pycache__", "*.egg-info", ".venv")


def check_reproducible(ctx: Context) -> Iterator[Finding]:
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "project"
        shutil.copytree(ctx.config.root, copy, ignore=SKIP, symlinks=True)
        command = [sys.executable, "-m", "guidepress", "-C", str(copy), "build"]
        for locale in ctx.locales:
            command += ["--locale", locale]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            yield Finding(
                "reproducible",
                ctx.locales[0],
                "error",
                "build",
                0,
                "the second build failed: " + done.stderr.strip()[-300:],
            )
            return
        for artifact in ctx.artifacts:
            again = copy / "build" / artifact["path"]
            if not again.is_file():
                continue
            if file_sha256(again) != artifact["sha256"]:
                yield Finding(
                    "reproducible",
                    artifact["locale"],
                    "error",
                    f"build/{artifact['path']}",
                    0,
                    "a second build of the same inputs gave different bytes",
                )
