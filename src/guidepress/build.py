"""The build: plan jobs (locale x artifact), reuse what is unchanged, write the manifest."""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import jinja2

from guidepress import cache, manifest, pipeline
from guidepress.config import Config
from guidepress.document import Guide, dead_links
from guidepress.errors import BuildError, Diagnostic, GuidepressError, InputError, Reporter
from guidepress.pipeline import LocaleStatus

PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Artifact:
    """One file the build makes."""

    locale: str
    kind: str
    format: str
    paper: str | None
    edition: str
    path: str

    @property
    def only_key(self) -> str:
        if self.kind == "guide" and self.format == "pdf":
            return "large-print" if self.edition == "large-print" else "pdf"
        return {"handout": "handout", "web": "web"}.get(self.kind, self.format)


@dataclass
class Result:
    """What a job made, or why it failed."""

    artifact: Artifact
    entry: manifest.Entry | None
    seconds: float
    reused: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)
    exit_code: int = 0


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
    """Return every artifact guide.toml asks for, for *locales*."""
    out: list[Artifact] = []
    for locale in locales:
        stem = f"{locale}/{config.slug}-{locale}"
        for paper in config.papers:
            if "pdf" in config.formats and "standard" in config.editions:
                out.append(
                    Artifact(locale, "guide", "pdf", paper, "standard", f"{stem}-{paper}.pdf")
                )
            if "large-print" in config.formats and "large-print" in config.editions:
                out.append(
                    Artifact(
                        locale,
                        "guide",
                        "pdf",
                        paper,
                        "large-print",
                        f"{stem}-{paper}-large-print.pdf",
                    )
                )
        if "handout" in config.formats and config.handout is not None:
            for paper in config.papers:
                out.append(
                    Artifact(
                        locale, "handout", "pdf", paper, "standard", f"{stem}-handout-{paper}.pdf"
                    )
                )
        if "epub" in config.formats:
            out.append(Artifact(locale, "guide", "epub", None, "standard", f"{stem}.epub"))
        if "web" in config.formats:
            out.append(Artifact(locale, "web", "html", None, "standard", f"{locale}/index.html"))
    return [a for a in out if (a.kind, a.format) in RENDERERS]


def _render_pdf(guide: Guide, artifact: Artifact, config: Config, target: Path) -> int | None:
    from guidepress.render.pdf import PdfJob, write_pdf

    assert artifact.paper is not None
    return write_pdf(
        guide, PdfJob(artifact.paper, artifact.edition), config.templates_dir, config.root, target
    )


def _render_epub(guide: Guide, artifact: Artifact, config: Config, target: Path) -> int | None:
    from guidepress.render.epub import write_epub

    write_epub(guide, config.templates_dir, target)
    return None


def _render_handout(guide: Guide, artifact: Artifact, config: Config, target: Path) -> int | None:
    from guidepress.render.handout import write_handout

    assert artifact.paper is not None
    return write_handout(guide, artifact.paper, config.templates_dir, config.root, target)


def _render_web(guide: Guide, artifact: Artifact, config: Config, target: Path) -> int | None:
    from guidepress.render.site import write_web

    write_web(guide, config, target)
    return None


Renderer = Callable[[Guide, Artifact, Config, Path], "int | None"]
RENDERERS: dict[tuple[str, str], Renderer] = {
    ("guide", "pdf"): _render_pdf,
    ("guide", "epub"): _render_epub,
    ("handout", "pdf"): _render_handout,
    ("web", "html"): _render_web,
}


def _template_problem(err: jinja2.TemplateError, config: Config) -> Diagnostic:
    """A template mistake as `templates/…:LINE: error: …`."""
    name = getattr(err, "filename", None) or getattr(err, "name", None) or "templates"
    shown = (
        config.relative(Path(name))
        if Path(str(name)).is_absolute()
        else f"{config.relative(config.templates_dir)}/{name}"
    )
    line = getattr(err, "lineno", 0) or 0
    return Diagnostic(shown, line, "error", f"template error: {err.message or err}")


def run_job(config_path: str, artifact: Artifact, status: LocaleStatus) -> Result:
    """Render one artifact atomically into build/; never raises for user errors."""
    from guidepress.atomic import atomic_path

    started = time.perf_counter()
    reporter = Reporter(quiet=True)
    config = pipeline.config(config_path)
    target = config.build_dir / artifact.path
    try:
        guide = pipeline.guide(config_path, status, reporter)
        with atomic_path(target) as temp:
            pages = RENDERERS[(artifact.kind, artifact.format)](guide, artifact, config, temp)
    except GuidepressError as err:
        reporter.diagnostics.extend(err.diagnostics)
        return Result(
            artifact,
            None,
            time.perf_counter() - started,
            diagnostics=reporter.diagnostics,
            exit_code=err.exit_code,
        )
    except jinja2.TemplateError as err:
        reporter.diagnostics.append(_template_problem(err, config))
        return Result(
            artifact,
            None,
            time.perf_counter() - started,
            diagnostics=reporter.diagnostics,
            exit_code=2,
        )
    entry = manifest.Entry(
        locale=artifact.locale,
        kind=artifact.kind,
        format=artifact.format,
        paper=artifact.paper,
        edition=artifact.edition,
        path=artifact.path,
        bytes=target.stat().st_size,
        sha256=manifest.file_sha256(target),
        pages=pages,
        coverage=round(status.coverage, 4),
        draft=status.draft,
    )
    return Result(artifact, entry, time.perf_counter() - started, diagnostics=reporter.diagnostics)


# --- the orchestrator ---------------------------------------------------------------------


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


def _select_locales(config: Config, requested: list[str]) -> list[str]:
    unknown = [loc for loc in requested if loc not in config.locales]
    if unknown:
        raise InputError(
            [
                Diagnostic(
                    "guide.toml",
                    0,
                    "error",
                    f"unknown locale {loc!r}; guide.toml lists {', '.join(config.locales)}",
                )
                for loc in unknown
            ]
        )
    return requested or list(config.locales)


def build(
    config: Config,
    reporter: Reporter,
    locales: list[str] | None = None,
    only: list[str] | None = None,
    jobs: int | None = None,
    progress: Callable[[Result, int, int], None] | None = None,
) -> Summary:
    """Build the requested artifacts into build/ and update manifest.json."""
    started = time.perf_counter()
    path = str(config.path)
    chosen = _select_locales(config, locales or [])
    chapters, handout = pipeline.sources(path)  # unreadable chapters stop the build here
    for problem in dead_links([*chapters, *([handout] if handout else [])]):
        reporter.add(problem)
    statuses = {loc: _validate_locale(config, loc, reporter) for loc in chosen}
    artifacts = [
        a
        for a in plan(config, [s.locale for s in statuses.values() if not s.skipped])
        if not only or a.only_key in only
    ]
    with build_lock(config):
        results = _run_all(config, artifacts, statuses, jobs or os.cpu_count() or 1, progress)
        for result in results:
            for diagnostic in result.diagnostics:
                reporter.add(diagnostic)
        entries = [r.entry for r in results if r.entry is not None]
        manifest.update(config, entries, {a.path for a in artifacts})
        if not only or "site" in only:
            _write_download_page(config, reporter)
    summary = Summary(results, time.perf_counter() - started)
    failed = [r for r in results if r.entry is None]
    if failed:
        problems = reporter.errors or [Diagnostic("build", 0, "error", "a job failed")]
        if all(r.exit_code == 2 for r in failed):
            raise InputError(problems)
        raise BuildError(problems)
    return summary


def _validate_locale(config: Config, locale: str, reporter: Reporter) -> LocaleStatus:
    """Coverage, integrity warnings and glyph coverage of a locale, cached by its inputs."""
    key = cache.locale_key(config, locale)
    record = cache.load(config, f"locale-{locale}", key)
    if record is None:
        found = Reporter(quiet=True)
        status = pipeline.locale_status(str(config.path), locale, found)
        found.diagnostics += _missing_glyphs(config, status)
        record = {
            "status": asdict(status),
            "diagnostics": cache.diagnostics_to_json(found.diagnostics),
        }
        cache.save(config, f"locale-{locale}", key, **record)
    diagnostics = cache.diagnostics_from_json(record["diagnostics"])
    for diagnostic in diagnostics:
        reporter.add(diagnostic)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        raise BuildError(errors)
    return LocaleStatus(**record["status"])


def _missing_glyphs(config: Config, status: LocaleStatus) -> list[Diagnostic]:
    from guidepress.glyphs import missing_glyphs

    if status.skipped:
        return []
    path = str(config.path)
    catalog = pipeline.catalog(path, status.locale, Reporter(quiet=True))
    return missing_glyphs(config, status.locale, pipeline.units(path), catalog)


def _write_download_page(config: Config, reporter: Reporter) -> None:
    """Rebuild build/index.html from the whole manifest (other shards' entries too)."""
    from guidepress.atomic import atomic_path
    from guidepress.render.site import write_download_page

    key = cache.site_key(config)
    target = config.build_dir / "index.html"
    if target.is_file() and cache.load(config, "site", key) is not None:
        return
    path = str(config.path)
    status = pipeline.locale_status(path, config.source_locale, reporter)
    guide = pipeline.guide(path, status, reporter)
    artifacts = manifest.read_entries(config.build_dir / "manifest.json")
    uis = {loc: pipeline.catalog(path, loc, reporter).ui() for loc in config.locales}
    with atomic_path(target) as temp:
        write_download_page(guide, config, artifacts, uis, temp)
    cache.save(config, "site", key)


def _reusable(config: Config, artifact: Artifact, key: str) -> manifest.Entry | None:
    record = cache.load(config, artifact.path, key)
    target = config.build_dir / artifact.path
    if record is None or not target.is_file():
        return None
    entry = manifest.Entry(**record["entry"])
    return entry if target.stat().st_size == entry.bytes else None


def _remember(config: Config, result: Result, key: str) -> None:
    if result.entry is not None:
        cache.save(config, result.artifact.path, key, entry=asdict(result.entry))


def _run_all(
    config: Config,
    artifacts: list[Artifact],
    statuses: dict[str, LocaleStatus],
    jobs: int,
    progress: Callable[[Result, int, int], None] | None,
) -> list[Result]:
    results: list[Result] = []
    todo: list[tuple[Artifact, str]] = []
    for artifact in artifacts:
        key = cache.artifact_key(config, artifact, statuses[artifact.locale])
        entry = _reusable(config, artifact, key)
        if entry is not None:
            results.append(Result(artifact, entry, 0.0, reused=True))
        else:
            todo.append((artifact, key))
    total = len(artifacts)
    for result in results:
        if progress:
            progress(result, len(results), total)
    todo.sort(key=lambda item: item[0].format != "pdf")
    keys = {artifact: key for artifact, key in todo}
    for result in _execute(config, [a for a, _ in todo], statuses, jobs):
        _remember(config, result, keys[result.artifact])
        results.append(result)
        if progress:
            progress(result, len(results), total)
    return results


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the build that started it dies."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _execute(
    config: Config, todo: list[Artifact], statuses: dict[str, LocaleStatus], jobs: int
) -> Iterator[Result]:
    path = str(config.path)
    if jobs <= 1 or len(todo) <= 1:
        for artifact in todo:
            yield run_job(path, artifact, statuses[artifact.locale])
        return
    # spawn: workers start clean and do not inherit the build lock's file descriptor
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(todo)), mp_context=context, initializer=_die_with_parent
    ) as pool:
        futures = [pool.submit(run_job, path, a, statuses[a.locale]) for a in todo]
        for future in as_completed(futures):
            yield future.result()
