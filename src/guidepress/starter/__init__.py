"""`guidepress new DIR`: a starter guide that builds and checks clean at once.

The files are written from the templates in this folder (package data), with the title,
slug, date, languages and font tables filled in.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from string import Template

from guidepress.config.locales import parse_locale, script_of
from guidepress.config.noto import font_table
from guidepress.errors import Diagnostic, InputError

FOLDER = Path(__file__).resolve().parent
FILES = {
    "guide.toml": "guide.toml.in",
    "README.md": "README.md.in",
    ".gitignore": "gitignore.in",
    "chapters/01-welcome.md": "01-welcome.md.in",
    "chapters/handout.md": "handout.md.in",
}


def slug_of(title: str) -> str:
    """A file-name slug from a title: `Caring for Bees` -> `caring-for-bees`."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words) or "guide"


def check_locales(locales: list[str]) -> None:
    unknown = [code for code in locales if parse_locale(code) is None]
    if unknown:
        message = f"unknown locale {unknown[0]!r} (use codes like en, fr, he, th)"
        raise InputError(Diagnostic("--locales", 0, "error", message))


def starter_files(title: str, locales: list[str], today: dt.date) -> dict[str, str]:
    """The starter guide's files (relative path -> text)."""
    scripts = dict.fromkeys(["Latn", *(script_of(code) for code in locales)])
    values = {
        "title": title.replace('"', "'"),
        "slug": slug_of(title),
        "date": today.isoformat(),
        "source": locales[0],
        "locales": ", ".join(f'"{code}"' for code in locales),
        "fonts": "\n".join(font_table(script) for script in scripts),
    }
    return {
        name: Template((FOLDER / source).read_text(encoding="utf-8")).substitute(values)
        for name, source in FILES.items()
    }


def create(folder: Path, title: str, locales: list[str], today: dt.date) -> list[str]:
    """Write the starter guide into *folder* (new or empty); return what was made."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(Diagnostic(str(folder), 0, "error", "exists and is not empty"))
    check_locales(locales)
    written = []
    for name, text in starter_files(title, locales, today).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(f"created {folder / name}")
    return written
