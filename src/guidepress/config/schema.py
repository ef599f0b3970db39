"""guide.toml's schema: the keys each table takes, and a validator that finds their lines."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from guidepress.errors import Diagnostic

PAPERS = ("a4", "letter")
EDITIONS = ("standard", "large-print")


def is_str(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip())


def is_str_list(v: Any) -> bool:
    return isinstance(v, list) and all(is_str(x) for x in v)


def is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def is_date(v: Any) -> bool:
    return isinstance(v, dt.date) and not isinstance(v, dt.datetime)


Check = Callable[[Any], bool]
# section -> key -> (check, description, required)
SCHEMA: dict[str, dict[str, tuple[Check, str, bool]]] = {
    "guide": {
        "slug": (
            lambda v: is_str(v) and re.fullmatch(r"[a-z0-9-]+", v) is not None,
            "a lowercase slug (a-z, 0-9, -)",
            True,
        ),
        "title": (is_str, "a non-empty string", True),
        "subtitle": (is_str, "a non-empty string", False),
        "authors": (is_str_list, "a list of names", True),
        "publisher": (is_str, "a non-empty string", False),
        "version": (is_str, "a version string", True),
        "date": (is_date, "a TOML date (YYYY-MM-DD)", True),
        "url": (lambda v: is_str(v) and v.startswith("https://"), "an https:// URL", True),
        "source_locale": (is_str, "a locale code", False),
        "locales": (
            lambda v: is_str_list(v) and len(v) > 0,
            "a non-empty list of locale codes",
            True,
        ),
        "chapters": (is_str, "a folder path", False),
        "handout": (is_str, "a Markdown file path", False),
        "templates": (is_str, "a folder path", False),
        "locales_dir": (is_str, "a folder path", False),
    },
    "output": {
        "papers": (
            lambda v: is_str_list(v) and set(v) <= set(PAPERS),
            f"a list drawn from {', '.join(PAPERS)}",
            False,
        ),
        "editions": (
            lambda v: is_str_list(v) and set(v) <= set(EDITIONS),
            f"a list drawn from {', '.join(EDITIONS)}",
            False,
        ),
        "duplex": (
            lambda v: is_str_list(v) and set(v) <= set(EDITIONS),
            f"a list drawn from {', '.join(EDITIONS)} (editions for duplex book printing)",
            False,
        ),
        "formats": (is_str_list, "a list of format names", False),
        "shared_scripts": (
            lambda v: is_str_list(v) and all(re.fullmatch(r"[A-Z][a-z]{3}", x) for x in v),
            "a list of ISO 15924 script codes that every edition may print (e.g. cited titles)",
            False,
        ),
    },
    "publishing": {
        "threshold": (lambda v: is_number(v) and 0 <= v <= 1, "a number from 0 to 1", False),
        "below_threshold": (lambda v: v in ("draft", "skip"), '"draft" or "skip"', False),
    },
}
FONT_KEYS = {"body", "heading", "keep_words"}


class TomlLines:
    """Find the line of a key in a TOML file, for diagnostics."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def of(self, section: str, key: str | None = None) -> int:
        current = ""
        header = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
        for number, line in enumerate(self.lines, start=1):
            found = header.match(line)
            if found:
                current = found.group(1)
                if key is None and current == section:
                    return number
                continue
            if key and current == section and re.match(rf"^\s*{re.escape(key)}\s*=", line):
                return number
        return self.of(section) if key else 0


class Validator:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = TomlLines(text)
        self.problems: list[Diagnostic] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Diagnostic(str(self.path.name), line, "error", message))

    def check_sections(self, data: dict[str, Any]) -> None:
        for section, values in data.items():
            if section == "fonts":
                self.check_fonts(values)
                continue
            if section not in SCHEMA:
                self.problem(self.lines.of(section), f"unknown section [{section}]")
                continue
            if not isinstance(values, dict):
                self.problem(self.lines.of(section), f"[{section}] must be a table")
                continue
            self.check_keys(section, values)
        for section, keys in SCHEMA.items():
            for key, (_, what, required) in keys.items():
                if required and key not in data.get(section, {}):
                    self.problem(
                        self.lines.of(section), f"missing required key {section}.{key} ({what})"
                    )

    def check_keys(self, section: str, values: dict[str, Any]) -> None:
        for key, value in values.items():
            spec = SCHEMA[section].get(key)
            line = self.lines.of(section, key)
            if spec is None:
                known = ", ".join(SCHEMA[section])
                self.problem(line, f"unknown key {section}.{key} (known keys: {known})")
            elif not spec[0](value):
                self.problem(line, f"{section}.{key} must be {spec[1]}, not {value!r}")

    def check_fonts(self, fonts: Any) -> None:
        if not isinstance(fonts, dict) or not fonts:
            self.problem(self.lines.of("fonts"), "[fonts] must have one table per script")
            return
        for script, stack in fonts.items():
            line = self.lines.of(f"fonts.{script}")
            if not re.fullmatch(r"[A-Z][a-z]{3}", script):
                self.problem(line, f"font script {script!r} is not an ISO 15924 code like Latn")
            if not isinstance(stack, dict):
                self.problem(line, f"[fonts.{script}] must be a table")
                continue
            for key in sorted(set(stack) - FONT_KEYS):
                self.problem(
                    self.lines.of(f"fonts.{script}", key),
                    f"unknown key fonts.{script}.{key} (known keys: body, heading, keep_words)",
                )
            for key in ("body", "heading"):
                if not is_str(stack.get(key)):
                    self.problem(line, f"fonts.{script}.{key} must be a font family name")
            if not isinstance(stack.get("keep_words", False), bool):
                self.problem(line, f"fonts.{script}.keep_words must be true or false")
