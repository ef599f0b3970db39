"""Run every check over a finished build and collect a Report.

manifest -> per-artifact checks (cached by SHA-256, in parallel; batch tools beside them)
-> whole-build checks (catalogs, glyphs, links) -> reproducible (when asked).
"""

from __future__ import annotations

import json
from typing import Any

from guidepress.build import cache
from guidepress.build.manifest import read_entries
from guidepress.build.run import plan
from guidepress.checks import Check, Context, Finding, Report, pdfua, results
from guidepress.checks.artifact import ArtifactCheck, BatchCheck
from guidepress.checks.parallel import Outcomes, check_all
from guidepress.checks.registry import ARTIFACT_CHECKS, BATCH_CHECKS, BUILD_CHECKS, MANIFEST_CHECK
from guidepress.checks.reproducible import check_reproducible
from guidepress.config import Project
from guidepress.errors import Diagnostic, InputError

ONLY_SKIPPED = "not run with --only"


def run_checks(
    project: Project,
    locales: list[str],
    reproducible: bool = False,
    strict: bool = False,
    only: list[str] | None = None,
    jobs: int | None = None,
) -> Report:
    """Check the build in build/ for *locales* (all by default); *strict*: warnings fail.

    *only* keeps the artifacts of those kinds (`build --only` names) and leaves out the
    whole-build checks; *jobs* sizes the process pool as for the build.
    """
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
    if only:
        kinds = {a.path: a.only_key for a in plan(config, list(config.locales))}
        ctx.artifacts = [a for a in ctx.artifacts if kinds.get(a["path"]) in only]
    report = Report(chosen, strict=strict)
    _run(ctx, report, *MANIFEST_CHECK)
    _check_artifacts(ctx, report, jobs, only)
    if only:
        for name, _, _ in BUILD_CHECKS:
            if name not in report.ran:
                report.skipped[name] = ONLY_SKIPPED
    else:
        _build_checks(ctx, report)
    if not only:
        for implied in ("links", "glossary"):
            report.ran.setdefault(implied, set()).update(chosen)
    if not pdfua.installed():
        report.skipped["pdfua"] = "install pdfua and outloud (the test extras)"
    if reproducible:
        _run(ctx, report, "reproducible", check_reproducible)
    else:
        report.skipped["reproducible"] = "run with --reproducible"
    return report


def _run(ctx: Context, report: Report, name: str, check: Check) -> None:
    report.ran.setdefault(name, set()).update(ctx.locales)
    report.findings.extend(check(ctx))


def _build_checks(ctx: Context, report: Report) -> None:
    """The whole-build checks, each locale's findings reused while its inputs are unchanged."""
    config, chosen = ctx.config, ctx.locales
    groups = [("guide", "guide", config.source_locale, results.guide_key(config))]
    groups += [("locale", f"locale-{loc}", loc, results.locale_key(config, loc)) for loc in chosen]
    found: list[list[list[Finding]]] = []
    for scope, name, locale, key in groups:
        cached = results.load_findings(config, name, key)
        if cached is None:
            ctx.locales = [locale]
            cached = [list(check(ctx)) if s == scope else [] for _, check, s in BUILD_CHECKS]
            results.save_findings(config, name, key, cached)
        found.append(cached)
    ctx.locales = chosen
    for index, (name, _, _) in enumerate(BUILD_CHECKS):
        report.ran.setdefault(name, set()).update(chosen)
        for group in found:
            report.findings.extend(group[index])


def _check_artifacts(
    ctx: Context, report: Report, jobs: int | None, only: list[str] | None
) -> None:
    """Per-artifact and batch checks: reuse what is cached, check the rest in parallel."""
    config = ctx.config
    every: list[ArtifactCheck | BatchCheck] = [*ARTIFACT_CHECKS, *BATCH_CHECKS]
    present = [
        a
        for a in ctx.artifacts
        if (config.build_dir / a["path"]).is_file() and any(c.applies(a) for c in every)
    ]
    options = results.options_digest(ARTIFACT_CHECKS, BATCH_CHECKS)
    keys = {a["path"]: _key(ctx, a, options) for a in present}
    outcomes: dict[str, Outcomes] = {}
    for artifact in present:
        found = results.load(config, artifact["path"], keys[artifact["path"]])
        if found is not None:
            outcomes[artifact["path"]] = found
            report.reused.append(f"build/{artifact['path']}")
    todo = [a for a in present if a["path"] not in outcomes]
    for path, found in check_all(ctx.project, todo, ARTIFACT_CHECKS, BATCH_CHECKS, jobs):
        results.save(config, path, keys[path], found)
        outcomes[path] = found
        report.checked.append(f"build/{path}")
    _collect(ctx, report, present, outcomes, only)


def _key(ctx: Context, artifact: dict[str, Any], options: str) -> str:
    sources = ""
    if any(c.reads_sources and c.applies(artifact) for c in ARTIFACT_CHECKS):
        sources = cache.locale_key(ctx.config, artifact["locale"])
    path = ctx.config.build_dir / artifact["path"]
    listed = {k: artifact.get(k) for k in ("path", "locale", "kind", "format", "paper", "edition")}
    return results.key(ctx.sha256(path), options, sources + json.dumps(listed, sort_keys=True))


def _collect(
    ctx: Context,
    report: Report,
    present: list[dict[str, Any]],
    outcomes: dict[str, Outcomes],
    only: list[str] | None,
) -> None:
    """Findings and figures in manifest order, each artifact's checks in registry order."""
    rows: list[BatchCheck | ArtifactCheck] = [*BATCH_CHECKS, *ARTIFACT_CHECKS]
    for artifact in present:
        shown = f"build/{artifact['path']}"
        for check in rows:
            outcome = outcomes[artifact["path"]].get(check.name)
            if outcome is None:
                continue
            report.findings.extend(outcome.findings)
            for finding in outcome.findings if only else ():  # links, found in an EPUB
                report.ran.setdefault(finding.check, set()).update(ctx.locales)
            if outcome.figures:
                report.figures.setdefault(check.name, {})[shown] = outcome.figures
    checks: list[ArtifactCheck | BatchCheck] = [*ARTIFACT_CHECKS, *BATCH_CHECKS]
    for check in checks:
        row = check.row if isinstance(check, BatchCheck) else check.name
        if not only or any(check.applies(a) for a in ctx.artifacts):
            report.ran.setdefault(row, set()).update(ctx.locales)
        elif row not in report.ran:
            report.skipped[row] = ONLY_SKIPPED
