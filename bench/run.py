"""Benchmark guidepress: cold, no-op and incremental builds, the WeasyPrint floor, Pandoc,
`check` on the full build (cold and warm results cache) and serve's edit-to-reload latency.

Usage: python bench/run.py [--runs N] [--locale L ...]   (nox -s bench)
Writes bench/results.json and prints a table of medians and ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns("build", ".nox", ".git", "__pycache__", "*.egg-info", "bench")


LAST_STDERR = [""]
JOB_LINE = re.compile(r"^\[\d+/\d+\] built\s+(\S+) \(([\d.]+) s\)$", re.MULTILINE)


def run(command: list[str], cwd: Path | None = None) -> float:
    """Wall time of *command*; fail loudly if it fails."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    LAST_STDERR[0] = done.stderr
    return time.perf_counter() - started


def guidepress(project: Path, *args: str) -> float:
    return run([sys.executable, "-m", "guidepress", "-C", str(project), "build", *args])


def artifact_times() -> dict[str, float]:
    """Per-artifact render times that the last build printed."""
    return {path: float(seconds) for path, seconds in JOB_LINE.findall(LAST_STDERR[0])}


def manifest_times(project: Path) -> dict[str, float]:
    cache = project / "build" / ".cache"
    return {p.name: p.stat().st_mtime for p in cache.glob("*.json")}


def rebuilt_count(project: Path, before: dict[str, float]) -> int:
    after = manifest_times(project)
    return sum(1 for name, stamp in after.items() if before.get(name) != stamp)


def touch_catalog(project: Path, locale: str) -> None:
    po = project / "locales" / locale / "LC_MESSAGES" / "guide.po"
    po.write_text(po.read_text() + f"\n# bench edit {time.time()}\n")


def touch_chapter(project: Path) -> None:
    chapter = sorted((project / "chapters").glob("0*.md"))[0]
    chapter.write_text(chapter.read_text() + "\n")


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def check(project: Path, args: list[str]) -> float:
    """Wall time of `guidepress check`; findings (exit 1) are the guide's, not a failure."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "guidepress", "-C", str(project), "check", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def check_runs(project: Path, args: list[str], cold: list[float], warm: list[float]) -> None:
    """`check` of the whole build with no cached results, then again with them."""
    for record in (project / "build" / ".cache").glob("check__*.json"):
        record.unlink()
    cold.append(check(project, args))
    warm.append(check(project, args))


def build_scenarios(project: Path, locales: list[str], runs: int) -> dict[str, object]:
    args = [arg for loc in locales for arg in ("--locale", loc)]
    cold, noop, catalog, chapter = [], [], [], []
    check_cold: list[float] = []
    check_warm: list[float] = []
    per_artifact: dict[str, list[float]] = {}
    rebuilt_catalog = rebuilt_chapter = 0
    for _ in range(runs):
        shutil.rmtree(project / "build", ignore_errors=True)
        cold.append(guidepress(project, *args))
        for path, seconds in artifact_times().items():
            per_artifact.setdefault(path, []).append(seconds)
        noop.append(guidepress(project, *args))
        check_runs(project, args, check_cold, check_warm)
        before = manifest_times(project)
        edited = next(loc for loc in locales if loc != "en")
        touch_catalog(project, edited)
        catalog.append(guidepress(project, *args))
        rebuilt_catalog = rebuilt_count(project, before)
        before = manifest_times(project)
        touch_chapter(project)
        chapter.append(guidepress(project, *args))
        rebuilt_chapter = rebuilt_count(project, before)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "cold": median(cold),
        "noop": median(noop),
        "catalog_edit": median(catalog),
        "chapter_edit": median(chapter),
        "check_cold": median(check_cold),
        "check_warm": median(check_warm),
        "runs": {
            "cold": cold,
            "noop": noop,
            "catalog_edit": catalog,
            "chapter_edit": chapter,
            "check_cold": check_cold,
            "check_warm": check_warm,
        },
        "rebuilt_after_catalog_edit": rebuilt_catalog,
        "rebuilt_after_chapter_edit": rebuilt_chapter,
        "peak_rss_mb_any_process": round(peak_kb / 1024, 1),
        "per_artifact_cold": {path: median(times) for path, times in sorted(per_artifact.items())},
    }


FLOOR = r"""
import json, sys, time
from pathlib import Path
from guidepress.build.pipeline import Pipeline
from guidepress.config import load_project
from guidepress.render.registry import FORMAT_NAMES
from guidepress.errors import Reporter
from guidepress.render.pdf import PdfJob, render_html
from guidepress.render.epub import write_epub
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
project, runs = Path(sys.argv[1]), int(sys.argv[2])
pipeline = Pipeline(load_project(project / "guide.toml", FORMAT_NAMES))
config = pipeline.config
out = {"pdf": {}, "epub": {}}
for locale in sys.argv[3:]:
    status = pipeline.status(locale, Reporter(quiet=True))
    guide = pipeline.guide(status, Reporter(quiet=True))
    for paper in config.papers:
        for edition in config.editions:
            job = PdfJob(paper, edition)
            html, css = render_html(guide, job, config.theme)
            base = config.theme.file(job.template).parent
            times = []
            for _ in range(runs):
                fonts = FontConfiguration()
                start = time.perf_counter()
                HTML(string=html, base_url=str(base) + "/").write_pdf(
                    stylesheets=[CSS(string=css, font_config=fonts)], font_config=fonts)
                times.append(time.perf_counter() - start)
            out["pdf"][f"{locale}-{paper}-{edition}"] = sorted(times)[len(times) // 2]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        write_epub(guide, config.theme, Path("/tmp/bench.epub"))
        times.append(time.perf_counter() - start)
    out["epub"][locale] = sorted(times)[len(times) // 2]
print(json.dumps(out))
"""


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return str(response.read().decode("utf-8"))


RELOAD_VERSION = re.compile(r"\}\)\('(\d+)'\);")


def _reloaded(base: str, page: str, marker: str) -> None:
    """Wait as the page's reload script does: long-poll /__events, then fetch the page."""
    while True:
        text = _get(page)
        if marker in text:
            return
        found = RELOAD_VERSION.search(text)
        _get(f"{base}__events?v={found.group(1) if found else -1}")


def serve_latency(project: Path, locale: str, runs: int) -> dict[str, object]:
    """Seconds from writing a chapter to `serve` answering with the new text: the page's
    reload signal (a long poll on 127.0.0.1), then the page, as a browser does."""
    server = subprocess.Popen(
        [sys.executable, "-m", "guidepress", "-C", str(project), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    times = []
    try:
        line = server.stdout.readline() if server.stdout else ""
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if found is None:
            raise SystemExit(f"serve did not start: {line!r}")
        base = found.group(0)
        page = f"{base}{locale}/index.html"
        _get(page)  # the browser is on this locale's page
        chapter = sorted((project / "chapters").glob("0*.md"))[0]
        for _ in range(runs):
            marker = f"Benchmark edit {time.time_ns()}"
            started = time.perf_counter()
            chapter.write_text(chapter.read_text() + f"\n{marker}\n")
            _reloaded(base, page, marker)
            times.append(time.perf_counter() - started)
            time.sleep(2)  # let the other locales finish before the next edit
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"chapter_edit_to_page": median(times), "runs": times}


def floors(project: Path, locales: list[str], runs: int) -> dict[str, dict[str, float]]:
    done = subprocess.run(
        [sys.executable, "-c", FLOOR, str(project), str(runs), *locales],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def pandoc(project: Path, runs: int) -> dict[str, float | None]:
    if shutil.which("pandoc") is None:
        return {"epub": None, "pdf_weasyprint": None}
    chapters = sorted(str(p) for p in (project / "chapters").glob("0*.md"))
    with tempfile.TemporaryDirectory() as out:
        epub = [
            run(["pandoc", "-f", "markdown", "-o", f"{out}/x.epub", *chapters]) for _ in range(runs)
        ]
        pdf = None
        if shutil.which("weasyprint"):
            pdf = median(
                [
                    run(
                        [
                            "pandoc",
                            "-f",
                            "markdown",
                            "--pdf-engine=weasyprint",
                            "-o",
                            f"{out}/x.pdf",
                            *chapters,
                        ]
                    )
                    for _ in range(runs)
                ]
            )
    return {"epub": median(epub), "pdf_weasyprint": pdf}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--locale", action="append", dest="locales")
    options = parser.parse_args()
    load_at_start = os.getloadavg()
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        shutil.copytree(ROOT, project, ignore=SKIP)
        config_locales = options.locales or _all_locales(project)
        builds = build_scenarios(project, config_locales, options.runs)
        serve = serve_latency(project, config_locales[0], options.runs)
        floor = floors(project, config_locales, options.runs)
        peer = pandoc(project, options.runs)
    cores = os.cpu_count() or 1
    floor_total = sum(floor["pdf"].values()) + sum(floor["epub"].values())
    results = {
        "machine": {
            "cores": cores,
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "locales": config_locales,
        "runs": options.runs,
        "builds": builds,
        "floor": floor,
        "pandoc": peer,
        "serve": serve,
        "load_average": {"start": load_at_start, "end": os.getloadavg()},
        "targets": {
            "check_cold_vs_cold_build": round(builds["check_cold"] / builds["cold"], 3),
            "check_cold_limit": 0.25,
            "check_warm_seconds": builds["check_warm"],
            "check_warm_limit": 2.0,
            "serve_edit_to_reload_seconds": serve["chapter_edit_to_page"],
            "serve_limit": 1.0,
            "cold_vs_ideal": round(builds["cold"] / (floor_total / cores), 3),
            "cold_limit": 1.2,
            "noop_seconds": builds["noop"],
            "epub_en_vs_pandoc": (
                round(floor["epub"].get("en", 0) / peer["epub"], 3) if peer["epub"] else None
            ),
        },
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    _print(results)


def _all_locales(project: Path) -> list[str]:
    import tomllib

    return list(tomllib.loads((project / "guide.toml").read_text())["guide"]["locales"])


def _print(results: dict[str, object]) -> None:
    builds = results["builds"]
    targets = results["targets"]
    floor = results["floor"]
    peer = results["pandoc"]
    assert isinstance(builds, dict) and isinstance(targets, dict)
    assert isinstance(floor, dict) and isinstance(peer, dict)
    rows = [
        ("cold full build (median s)", builds["cold"]),
        ("no-op rebuild (median s)", builds["noop"]),
        ("after one catalog edit (median s)", builds["catalog_edit"]),
        ("  artifacts rebuilt", builds["rebuilt_after_catalog_edit"]),
        ("after one chapter edit (median s)", builds["chapter_edit"]),
        ("  artifacts rebuilt", builds["rebuilt_after_chapter_edit"]),
        ("sum of PDF floors (s)", round(sum(floor["pdf"].values()), 2)),
        ("sum of EPUB times (s)", round(sum(floor["epub"].values()), 2)),
        ("cold / ((floors + EPUBs) / cores)", targets["cold_vs_ideal"]),
        ("English EPUB (s)", round(floor["epub"].get("en", 0), 3)),
        ("pandoc -o x.epub (s)", peer["epub"]),
        ("English EPUB / pandoc", targets["epub_en_vs_pandoc"]),
        ("pandoc --pdf-engine=weasyprint (s)", peer["pdf_weasyprint"]),
        ("peak RSS of any process (MB)", builds["peak_rss_mb_any_process"]),
        ("check, cold results cache (median s)", builds["check_cold"]),
        ("  / cold build (limit 0.25)", targets["check_cold_vs_cold_build"]),
        ("check, warm results cache (median s)", builds["check_warm"]),
        ("serve: chapter edit to new page (median s)", targets["serve_edit_to_reload_seconds"]),
        ("load average (1, 5, 15 min), start and end", results["load_average"]),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
