"""Run per-artifact checks over many artifacts: a process pool sized like the build's, and
the batch checks (one external tool for many artifacts) in a thread beside it."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from typing import Any

from guidepress.build.jobs import pool_size, watch_parent
from guidepress.checks.artifact import ArtifactCheck, BatchCheck, Item, Outcome, run_item
from guidepress.config import Project

Outcomes = dict[str, Outcome]


def _worker_checks(entry: dict[str, Any], project: Project, names: list[str]) -> Outcomes:
    from guidepress.checks.registry import ARTIFACT_CHECKS

    return run_item(Item(entry, project), [c for c in ARTIFACT_CHECKS if c.name in names])


def _batches(
    project: Project, entries: list[dict[str, Any]], batches: tuple[BatchCheck, ...]
) -> dict[str, Outcomes]:
    found: dict[str, Outcomes] = {}
    for batch in batches:
        items = [Item(e, project) for e in entries if batch.applies(e)]
        for path, outcome in (batch.run(items) if items else {}).items():
            found.setdefault(path, {})[batch.name] = outcome
    return found


def check_all(
    project: Project,
    entries: list[dict[str, Any]],
    checks: tuple[ArtifactCheck, ...],
    batches: tuple[BatchCheck, ...],
    jobs: int | None,
) -> Iterator[tuple[str, Outcomes]]:
    """Every entry's outcomes, by manifest path, as each artifact's checks finish."""
    names = [c.name for c in checks]
    workers = min(pool_size(jobs), len(entries))
    with ThreadPoolExecutor(max_workers=1) as thread:
        batched = thread.submit(_batches, project, entries, batches)
        if workers <= 1:
            for entry in entries:
                yield entry["path"], _own(entry, project, checks, batched)
        else:
            yield from _pooled(project, entries, names, workers, batched)


def _own(
    entry: dict[str, Any],
    project: Project,
    checks: tuple[ArtifactCheck, ...],
    batched: Future[dict[str, Outcomes]],
) -> Outcomes:
    outcomes = run_item(Item(entry, project), list(checks))
    return {**outcomes, **batched.result().get(entry["path"], {})}


def _pooled(
    project: Project,
    entries: list[dict[str, Any]],
    names: list[str],
    workers: int,
    batched: Future[dict[str, Outcomes]],
) -> Iterator[tuple[str, Outcomes]]:
    # spawn: workers start clean, like the build's
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=watch_parent) as pool:
        largest_first = sorted(entries, key=lambda e: -int(e.get("bytes") or 0))
        futures = {pool.submit(_worker_checks, e, project, names): e["path"] for e in largest_first}
        done = {futures[f]: f.result() for f in as_completed(futures)}
    extra = batched.result()
    for entry in entries:
        path = entry["path"]
        yield path, {**done[path], **extra.get(path, {})}
