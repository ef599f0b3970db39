"""Compare two guidepress trees in one run: interleaved cold and no-op builds, medians.

Wall and CPU seconds are both recorded: on a shared machine the CPU figures are the steadier.

Usage: python bench/ab.py RUNS TREE_A TREE_B [LOCALE ...]
Each tree builds a copy of its own project with its own `.nox/build` interpreter (or, for a
tree without one, such as a `git worktree` of an older commit, this interpreter with the
tree's `src/` first on the path), in alternating order (A B, B A, …) so that a change in
machine load falls on both alike. It prints each run, then medians and the B/A ratios, and
leaves each tree's last manifest in /tmp/ab-<tree>-manifest.json for comparing hashes.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SKIP = shutil.ignore_patterns("build", ".nox", ".git", "__pycache__", "*.egg-info")


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process and its descendants."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(tree: Path, project: Path, args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one build: CPU time barely moves with the machine's load."""
    python = tree / ".nox" / "build" / "bin" / "python"
    env = dict(os.environ)
    if not python.exists():
        python = Path(sys.executable)
        env["PYTHONPATH"] = str(tree / "src")
    command = [str(python), "-m", "guidepress", "-C", str(project), "build", *args]
    cpu, started = children_cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise SystemExit(f"{tree}: build failed:\n{done.stderr[-2000:]}")
    return round(time.perf_counter() - started, 2), round(children_cpu() - cpu, 2)


def main() -> None:
    runs, first, second, *locales = sys.argv[1:]
    trees = (Path(first).resolve(), Path(second).resolve())
    args = [arg for locale in locales for arg in ("--locale", locale)]
    kinds = ("cold", "noop", "cold_cpu", "noop_cpu")
    times: dict[Path, dict[str, list[float]]] = {t: {k: [] for k in kinds} for t in trees}
    with tempfile.TemporaryDirectory() as scratch:
        projects = {t: Path(scratch) / f"{i}-{t.name}" for i, t in enumerate(trees)}
        for tree, project in projects.items():
            shutil.copytree(tree, project, ignore=SKIP)
        for run in range(int(runs)):
            for tree in trees if run % 2 == 0 else trees[::-1]:
                project = projects[tree]
                shutil.rmtree(project / "build", ignore_errors=True)
                for kind in ("cold", "noop"):
                    wall, cpu = timed_build(tree, project, args)
                    times[tree][kind].append(wall)
                    times[tree][f"{kind}_cpu"].append(cpu)
                print(tree, {kind: values[-1] for kind, values in times[tree].items()}, flush=True)
                shutil.copy(
                    project / "build" / "manifest.json", f"/tmp/ab-{tree.name}-manifest.json"
                )
    medians = {str(t): {k: statistics.median(v) for k, v in times[t].items()} for t in trees}
    ratios = {k: round(medians[str(trees[1])][k] / medians[str(trees[0])][k], 3) for k in kinds}
    print(
        json.dumps(
            {"runs": {str(t): v for t, v in times.items()}, "medians": medians, "b_over_a": ratios},
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
