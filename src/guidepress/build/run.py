"""The build, read top to bottom like the pipeline: project -> sources -> locales -> plan ->
jobs (reusing what is unchanged) -> manifest -> download page."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

from guidepress.build import cache, manifest
from guidepress.build.jobs import Result, execute, pool_size
from guidepress.build.pipeline import LocaleStatus, Pipeline
from guidepress.config import Config, Project
from guidepress.config.atomic import atomic_path
from guidepress.document import dead_links
from guidepress.errors import BuildError, Diagnostic, GuidepressError, InputError, Reporter
from guidepress.render import Artifact
from guidepress.render.registry import RENDERERS, renderer

Progress = Callable[[Result, int, int], None]


@dataclass
class Summary:
    """The outcome of a build."""

    results: list[Result]
    seconds: float

    @property
    def built(self) -> int:
        return sum(1 for r in self.results if r.entry and not r.reused)

    @property
    def reused(self) -> int:
        return sum(1 for r in self.results if r.reused)


def plan(config: Config, locales: list[str]) -> list[Artifact]:
    """Return every artifact guide.toml asks for, for *locales*: each renderer's, in turn."""
    return [
        artifact
        for locale in locales
        for renderer in RENDERERS
        for artifact in renderer.artifacts(config, locale)
    ]


def build(
    project: Project,
    reporter: Reporter,
    locales: list[str] | None = None,
    only: list[str] | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    pipeline: Pipeline | None = None,
) -> Summary:
    """Build the requested artifacts into build/ and update manifest.json.

    *pipeline*: one made from the same sources to reuse (the live preview renders locale by
    locale from one reading of the chapters); a new one by default.
    """
    started = time.perf_counter()
    config = project.config
    chosen = project.select(locales or [])
    pipeline = pipeline or Pipeline(project)
    sources = pipeline.sources()  # unreadable chapters stop the build here
    for problem in dead_links(sources.every()):
        reporter.add(problem)
    statuses, broken = _validate_locales(pipeline, chosen, reporter)
    publish = [s.locale for s in statuses.values() if not s.skipped]
    artifacts = [a for a in plan(config, publish) if not only or a.only_key in only]
    with build_lock(config):
        results: list[Result] = []
        for batch in _batches(artifacts):
            shifted = _shifted(progress, len(results), len(artifacts))
            done = _run_all(pipeline, batch, statuses, pool_size(jobs), shifted)
            entries = [r.entry for r in done if r.entry is not None]
            manifest.update(config, entries, {a.path for a in batch})
            results += done
        for result in results:
            for diagnostic in result.diagnostics:
                reporter.add(diagnostic)
        if not only or "site" in only:
            _write_download_page(pipeline, reporter)
    _raise_for_failures(results, reporter, broken)
    return Summary(results, time.perf_counter() - started)


def _batches(artifacts: list[Artifact]) -> list[list[Artifact]]:
    """Files first, then web editions: a web edition lists its language's files and sizes
    from the manifest (its renderer's `built_inputs`)."""
    files = [a for a in artifacts if a.kind != "web"]
    pages = [a for a in artifacts if a.kind == "web"]
    return [batch for batch in (files, pages) if batch]


def _shifted(progress: Progress | None, before: int, total: int) -> Progress | None:
    """*progress* counting across batches: the results before this one, out of all."""
    if progress is None:
        return None
    report = progress
    return lambda result, done, _total: report(result, before + done, total)


def _validate_locales(
    pipeline: Pipeline, chosen: list[str], reporter: Reporter
) -> tuple[dict[str, LocaleStatus], dict[str, GuidepressError]]:
    """Each locale's status; a locale whose catalog is broken is left out, not the build."""
    statuses: dict[str, LocaleStatus] = {}
    broken: dict[str, GuidepressError] = {}
    for locale in chosen:
        try:
            statuses[locale] = _validate_locale(pipeline, locale, reporter)
        except GuidepressError as err:
            for diagnostic in err.diagnostics:
                reporter.add(diagnostic)
            broken[locale] = err
    return statuses, broken


@contextmanager
def build_lock(config: Config) -> Iterator[None]:
    """Refuse to run beside another build of the same folder."""
    config.build_dir.mkdir(parents=True, exist_ok=True)
    with (config.build_dir / ".lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(
                Diagnostic(
                    str(config.build_dir / ".lock"),
                    0,
                    "error",
                    "another build is running in this folder",
                )
            ) from None
        for leftover in config.build_dir.rglob(".*.part"):  # from a build that was killed
            leftover.unlink(missing_ok=True)
        yield


def _raise_for_failures(
    results: list[Result], reporter: Reporter, broken: dict[str, GuidepressError]
) -> None:
    codes = [r.exit_code for r in results if r.entry is None]
    codes += [err.exit_code for err in broken.values()]
    if codes:
        problems = reporter.errors or [Diagnostic("build", 0, "error", "a job failed")]
        if all(code == 2 for code in codes):
            raise InputError(problems)
        raise BuildError(problems)


def _validate_locale(pipeline: Pipeline, locale: str, reporter: Reporter) -> LocaleStatus:
    """Coverage, integrity warnings and glyph coverage of a locale, cached by its inputs."""
    config = pipeline.config
    key = cache.locale_key(config, locale)
    record = cache.load(config, f"locale-{locale}", key)
    if record is None:
        record = _locale_record(pipeline, locale)
        cache.save(config, f"locale-{locale}", key, **record)
    diagnostics = cache.diagnostics_from_json(record["diagnostics"])
    for diagnostic in diagnostics:
        reporter.add(diagnostic)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise BuildError(errors)
    return LocaleStatus(**record["status"])


def _locale_record(pipeline: Pipeline, locale: str) -> dict[str, Any]:
    """A declared font that is not installed stops the locale at its guide.toml line; then
    coverage, and every glyph its text needs in its fonts (kept until its inputs change)."""
    from guidepress.fonts.glyphs import missing_glyphs
    from guidepress.fonts.system import missing_fonts

    facts = pipeline.project.facts(locale)
    absent = missing_fonts(pipeline.config, facts.fonts)
    if absent:
        raise InputError(absent)
    found = Reporter(quiet=True)
    status = pipeline.status(locale, found)
    if not status.skipped:
        catalog = pipeline.catalog(locale, Reporter(quiet=True))
        found.diagnostics += missing_glyphs(pipeline.config, facts, pipeline.units(), catalog)
    return {"status": asdict(status), "diagnostics": cache.diagnostics_to_json(found.diagnostics)}


def _write_download_page(pipeline: Pipeline, reporter: Reporter) -> None:
    """Rebuild build/index.html from the whole manifest (other shards' entries too).

    A locale whose catalog cannot be read (reported where it was built) is listed in the
    source language's words, and the page is made again by the next build.
    """
    from guidepress.render.site import write_download_page

    config = pipeline.config
    key = cache.site_key(config)
    target = config.build_dir / "index.html"
    if target.is_file() and cache.load(config, "site", key) is not None:
        return
    guide = pipeline.guide(pipeline.status(config.source_locale, reporter), reporter)
    artifacts = manifest.read_entries(config.build_dir / "manifest.json")
    uis = {}
    for loc in config.locales:
        try:
            uis[loc] = pipeline.catalog(loc, reporter).ui()
        except GuidepressError:
            continue
    with atomic_path(target) as temp:
        write_download_page(guide, pipeline.project, artifacts, uis, temp)
    if len(uis) == len(config.locales):
        cache.save(config, "site", key)


def _reusable(config: Config, artifact: Artifact, key: str) -> manifest.Entry | None:
    record = cache.load(config, artifact.path, key)
    target = config.build_dir / artifact.path
    if record is None or not target.is_file():
        return None
    entry = manifest.Entry(**record["entry"])
    return entry if target.stat().st_size == entry.bytes else None


def _run_all(
    pipeline: Pipeline,
    artifacts: list[Artifact],
    statuses: dict[str, LocaleStatus],
    jobs: int,
    progress: Progress | None,
) -> list[Result]:
    config = pipeline.config
    results: list[Result] = []
    keys: dict[Artifact, str] = {}
    for artifact in artifacts:
        maker = renderer(artifact.only_key)
        extra = maker.built_inputs(config, artifact.locale)
        status = statuses[artifact.locale]
        key = cache.artifact_key(config, artifact, status, maker.templates, extra)
        entry = _reusable(config, artifact, key)
        if entry is not None:
            results.append(Result(artifact, entry, 0.0, reused=True))
        else:
            keys[artifact] = key
    total = len(artifacts)
    for result in results:
        if progress:
            progress(result, len(results), total)
    todo = sorted(keys, key=lambda artifact: artifact.format != "pdf")
    for result in execute(pipeline, todo, statuses, jobs):
        if result.entry is not None:
            key = keys[result.artifact]
            cache.save(config, result.artifact.path, key, entry=asdict(result.entry))
        results.append(result)
        if progress:
            progress(result, len(results), total)
    return results
