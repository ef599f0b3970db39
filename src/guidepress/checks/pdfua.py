"""PDF/UA: two independent checkers from PyPI, `pdfua` and `outloud` (test extras), when
installed. Their errors are errors; their warnings are left to them (heuristics a person
confirms). Each checks every PDF of the build; outloud takes about 30 s for a 50-page guide.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from guidepress.checks.artifact import Item, Outcome


def tool(name: str) -> str | None:
    """The command *name* from this Python's environment, else from PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.is_file() else shutil.which(name)


def _json(command: list[str]) -> Any:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        return {"unreadable": (done.stderr or done.stdout).strip()[-300:]}


def pdfua_errors(command: str, path: Path) -> list[str]:
    """`pdfua check`'s errors for *path*, as 'RULE page N: message'."""
    report = _json([command, "check", "--format", "json", str(path)])
    if "unreadable" in report:
        return [f"pdfua gave no report: {report['unreadable']}"]
    return [
        f"{f.get('rule_id', '?')} page {f.get('page', '?')}: {f.get('message', '')}"
        for f in report.get("findings", [])
        if f.get("severity") == "error"
    ]


def outloud_errors(command: str, path: Path) -> list[str]:
    """outloud's errors for *path*, as 'RULE page N: message'."""
    report = _json([command, "--json", "-", str(path)])
    if "unreadable" in report:
        return [f"outloud gave no report: {report['unreadable']}"]
    found = []
    for result in report.get("results", []):
        if result.get("verdict") == "unreadable":
            found.append(f"outloud could not read it: {result.get('error')}")
        found.extend(
            f"{f.get('rule', '?')} page {f.get('page', '?')}: {f.get('message', '')}"
            for f in result.get("findings", [])
            if f.get("severity") == "error"
        )
    return found


CHECKERS = {"pdfua": pdfua_errors, "outloud": outloud_errors}


def installed() -> bool:
    """Whether at least one of the checkers is installed."""
    return any(tool(name) for name in CHECKERS)


def check_pdfua(item: Item) -> Outcome:
    """Each installed checker's errors on one PDF."""
    findings = []
    for name, errors in CHECKERS.items():
        command = tool(name)
        if command is None:
            continue
        for message in errors(command, item.path):
            findings.append(item.finding("pdfua", "error", f"{name}: {message}"))
    return Outcome(findings)
