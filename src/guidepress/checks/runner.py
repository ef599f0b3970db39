"""Run every check over a finished build and collect a Report."""

from __future__ import annotations

from guidepress.build.manifest import read_entries
from guidepress.checks import Check, Context, Report
from guidepress.checks.catalogs import check_catalogs, check_template
from guidepress.checks.epub import check_epub
from guidepress.checks.manifest import check_manifest
from guidepress.checks.pdf import check_pdf
from guidepress.checks.printed import NAMES as PRINTED
from guidepress.checks.printed import check_printed
from guidepress.checks.reproducible import check_reproducible
from guidepress.checks.text import check_glyphs, check_guide_url, check_urls
from guidepress.config import Project
from guidepress.errors import Diagnostic, InputError

CHECKS: list[tuple[str, Check]] = [
    ("manifest", check_manifest),
    ("pdf", check_pdf),
    ("notes", check_printed),  # also pages, large-print, hyphens
    ("epub", check_epub),
    ("catalogs", check_catalogs),
    ("catalogs", check_template),
    ("glyphs", check_glyphs),
    ("links", check_urls),
    ("links", check_guide_url),
]


def run_checks(
    project: Project, locales: list[str], reproducible: bool = False, strict: bool = False
) -> Report:
    """Check the build in build/ for *locales* (all by default); *strict*: warnings fail."""
    config = project.config
    chosen = project.select(locales)
    manifest = config.build_dir / "manifest.json"
    if not manifest.is_file():
        raise InputError(
            Diagnostic(
                "build/manifest.json", 0, "error", "no build to check; run guidepress build first"
            )
        )
    ctx = Context(project, chosen, read_entries(manifest))
    report = Report(chosen, strict=strict)
    checks = [*CHECKS, ("reproducible", check_reproducible)] if reproducible else CHECKS
    for name, check in checks:
        report.ran.setdefault(name, set()).update(chosen)
        report.findings.extend(check(ctx))
    report.figures = ctx.figures
    for implied in ("links", "glossary", *PRINTED):
        report.ran.setdefault(implied, set()).update(chosen)
    if not reproducible:
        report.skipped["reproducible"] = "run with --reproducible"
    return report
