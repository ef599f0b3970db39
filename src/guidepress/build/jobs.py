"""Jobs: render one artifact atomically, in this process or in a pool of worker processes."""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from guidepress import theme
from guidepress.build import manifest
from guidepress.build.pipeline import LocaleStatus, Pipeline
from guidepress.config import Config, Project
from guidepress.config.atomic import atomic_path
from guidepress.errors import Diagnostic, GuidepressError, Reporter
from guidepress.render import Artifact
from guidepress.render.registry import renderer

PR_SET_PDEATHSIG = 1


@dataclass
class Result:
    """What a job made, or why it failed."""

    artifact: Artifact
    entry: manifest.Entry | None
    seconds: float
    reused: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)
    exit_code: int = 0


def template_problem(err: jinja2.TemplateError, config: Config) -> Diagnostic:
    """A template mistake as `templates/…:LINE: error: …`."""
    name = getattr(err, "filename", None) or getattr(err, "name", None) or "templates"
    shown = theme.shown(Path(name), config.root) if Path(str(name)).is_absolute() else name
    line = getattr(err, "lineno", 0) or 0
    return Diagnostic(shown, line, "error", f"template error: {err.message or err}")


def _entry(
    artifact: Artifact, target: Path, pages: int | None, status: LocaleStatus
) -> manifest.Entry:
    return manifest.Entry(
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


def run_job(pipeline: Pipeline, artifact: Artifact, status: LocaleStatus) -> Result:
    """Render one artifact atomically into build/; never raises for user errors."""
    started = time.perf_counter()
    reporter = Reporter(quiet=True)
    config = pipeline.config
    target = config.build_dir / artifact.path
    try:
        guide = pipeline.guide(status, reporter)
        with atomic_path(target) as temp:
            pages = renderer(artifact.only_key).write(guide, artifact, pipeline.project, temp)
    except GuidepressError as err:
        reporter.diagnostics.extend(err.diagnostics)
        return _failed(artifact, started, reporter, err.exit_code)
    except jinja2.TemplateError as err:
        reporter.diagnostics.append(template_problem(err, config))
        return _failed(artifact, started, reporter, 2)
    entry = _entry(artifact, target, pages, status)
    return Result(artifact, entry, time.perf_counter() - started, diagnostics=reporter.diagnostics)


def _failed(artifact: Artifact, started: float, reporter: Reporter, code: int) -> Result:
    seconds = time.perf_counter() - started
    return Result(artifact, None, seconds, diagnostics=reporter.diagnostics, exit_code=code)


# --- worker processes -------------------------------------------------------------------

_worker: Pipeline | None = None
"""This worker process's pipeline, made once from the Project the build passed it."""


def pool_size(jobs: int | None) -> int:
    """How many worker processes: *jobs* when given, else one per CPU (build and check)."""
    return jobs or os.cpu_count() or 1


def watch_parent() -> None:
    """Ask Linux to kill this worker process when its parent (the build or check) dies."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _start_worker(project: Project) -> None:
    """Make the worker's pipeline, and ask Linux to kill the worker when the build dies."""
    global _worker
    _worker = Pipeline(project)
    watch_parent()


def _worker_job(artifact: Artifact, status: LocaleStatus) -> Result:
    assert _worker is not None, "the pool starts each worker with _start_worker"
    return run_job(_worker, artifact, status)


def execute(
    pipeline: Pipeline, todo: list[Artifact], statuses: dict[str, LocaleStatus], jobs: int
) -> Iterator[Result]:
    """Run every job; in a pool of *jobs* processes when there is more than one to do."""
    if jobs <= 1 or len(todo) <= 1:
        for artifact in todo:
            yield run_job(pipeline, artifact, statuses[artifact.locale])
        return
    # spawn: workers start clean and do not inherit the build lock's file descriptor
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(todo)),
        mp_context=context,
        initializer=_start_worker,
        initargs=(pipeline.project,),
    ) as pool:
        futures = [pool.submit(_worker_job, a, statuses[a.locale]) for a in todo]
        for future in as_completed(futures):
            yield future.result()
