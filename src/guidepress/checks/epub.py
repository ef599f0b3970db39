"""One EPUB: size, no scripts or remote resources, internal links, DAISY Ace when installed
(and required when the book claims conformance).

epubcheck runs for all books at once: see epubcheck.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree  # type: ignore[import-untyped]

from guidepress.checks.artifact import Item, Outcome

ACE_IMPACTS = ("minor", "moderate", "serious", "critical")
"""Every violation DAISY Ace reports fails the check, whatever its impact."""
MAX_EPUB_BYTES = 1_500_000
# A script, or a resource the reading system would fetch: anything loaded by src=, or by
# <link href=>. A link the reader follows (<a href="https://…">) is not a resource.
SCRIPT_OR_REMOTE = re.compile(
    rb"<script|\bsrc=[\"']?(?:https?:)?//|<link\b[^>]*\bhref=[\"']?(?:https?:)?//",
    re.I,
)


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
            if impact in ACE_IMPACTS:
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


def check_epub(item: Item) -> Outcome:
    """One EPUB: its size, no scripts or remote resources, internal links, DAISY Ace."""
    findings = []
    size = item.path.stat().st_size
    if size > MAX_EPUB_BYTES:
        message = f"{size:,} bytes; an e-book must stay under {MAX_EPUB_BYTES:,}"
        findings.append(item.finding("epub", "error", message))
    epub = item.epub
    ids, links = _ids_and_links(epub)
    for name in epub.namelist():
        if name.endswith((".xhtml", ".html", ".svg")) and SCRIPT_OR_REMOTE.search(epub.read(name)):
            findings.append(item.finding("epub", "error", "a script or a remote resource", name))
    for source, target in links:
        if target not in ids:
            message = f"link to {target} goes nowhere"
            findings.append(item.finding("links", "error", message, source))
    ace = _ace(item.path)
    for problem in ace or []:
        findings.append(item.finding("epub", "error", problem))
    claim = _claim(epub)
    if claim and ace is None:
        message = (
            f"the book claims {claim!r} (dcterms:conformsTo) but DAISY Ace is not installed to"
            " test it: install it, or remove [epub] conforms_to from guide.toml"
        )
        findings.append(item.finding("epub", "error", message))
    return Outcome(findings, {"bytes": size})


def _claim(epub: zipfile.ZipFile) -> str | None:
    """The conformance the package document claims, if any."""
    for name in epub.namelist():
        if name.endswith(".opf"):
            found = re.search(rb'property="dcterms:conformsTo">([^<]*)<', epub.read(name))
            return found.group(1).decode() if found else None
    return None
