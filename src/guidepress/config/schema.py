"""guide.toml's schema: the keys each table takes, and a validator that finds their lines."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guidepress.config.licences import DEFAULT_LICENCE, LICENCES
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
Json = dict[str, Any]
STRING: Json = {"type": "string", "minLength": 1}
STRINGS: Json = {"type": "array", "items": STRING}
SCRIPT: Json = {"type": "string", "pattern": "^[A-Z][a-z]{3}$"}


@dataclass(frozen=True)
class Key:
    """One key of guide.toml: how it is checked, documented and described to editors."""

    check: Check
    what: str
    """The kind of value, as a diagnostic says it: "a non-empty string"."""
    doc: str
    example: str
    json: Json
    required: bool = False
    default: str = ""


def _slug(v: Any) -> bool:
    return is_str(v) and re.fullmatch(r"[a-z0-9-]+", v) is not None


def _chosen(choices: tuple[str, ...]) -> Check:
    return lambda v: is_str_list(v) and set(v) <= set(choices)


def _scripts(v: Any) -> bool:
    return is_str_list(v) and all(re.fullmatch(r"[A-Z][a-z]{3}", x) for x in v)


def _share(v: Any) -> bool:
    return is_number(v) and 0 <= v <= 1


GUIDE: dict[str, Key] = {
    "slug": Key(
        _slug,
        "a lowercase slug (a-z, 0-9, -)",
        "Begins every output file's name.",
        '"my-guide"',
        {"type": "string", "pattern": "^[a-z0-9-]+$"},
        required=True,
    ),
    "title": Key(is_str, "a non-empty string", "The guide's title.", '"My Guide"', STRING, True),
    "subtitle": Key(is_str, "a non-empty string", "Shown under the title.", '"A guide"', STRING),
    "authors": Key(is_str_list, "a list of names", "Who wrote it.", '["A. Writer"]', STRINGS, True),
    "publisher": Key(
        is_str,
        "a non-empty string",
        "Who publishes it; also the catalogs' copyright holder.",
        '"Our Organisation"',
        STRING,
        default="the first author",
    ),
    "keywords": Key(
        is_str_list,
        "a list of words",
        "Subject keywords for the PDF's metadata, translated as one comma-separated string.",
        '["health", "families"]',
        STRINGS,
        default="none",
    ),
    "licence": Key(
        lambda v: v in LICENCES,
        "an SPDX licence id: " + ", ".join(LICENCES),
        "The licence of the guide's text: on the imprint page, in the EPUB's dc:rights and on "
        "the download page.",
        '"CC-BY-SA-4.0"',
        {"enum": list(LICENCES)},
        default=DEFAULT_LICENCE,
    ),
    "feedback": Key(
        lambda v: is_str(v) and v.startswith(("https://", "mailto:")),
        "an https:// or mailto: address",
        "Where readers send corrections, named on the imprint page.",
        '"mailto:editors@example.org"',
        {"type": "string", "pattern": "^(https://|mailto:)"},
        default="the guide's url",
    ),
    "notice": Key(
        is_str,
        "a non-empty string",
        "A short notice on the cover, in the web edition and on the download page (a"
        " disclaimer, say); translated like the title.",
        '"This guide gives general information. It does not replace professional advice."',
        STRING,
        default="none",
    ),
    "version": Key(is_str, "a version string", "The edition's version.", '"1.0"', STRING, True),
    "date": Key(
        is_date,
        "a TOML date (YYYY-MM-DD)",
        "The release date; every artifact's timestamp unless SOURCE_DATE_EPOCH is set.",
        "2026-12-04",
        {"type": "string", "format": "date"},
        required=True,
    ),
    "url": Key(
        lambda v: is_str(v) and v.startswith("https://"),
        "an https:// URL",
        "Where build/ is published: on handouts, in their QR code, on the download page.",
        '"https://example.org/guide/"',
        {"type": "string", "pattern": "^https://"},
        required=True,
    ),
    "source_locale": Key(
        is_str,
        "a locale code",
        "The language the chapters are written in.",
        '"en"',
        STRING,
        default='"en"',
    ),
    "locales": Key(
        lambda v: is_str_list(v) and len(v) > 0,
        "a non-empty list of locale codes",
        "Every language published, the source language included.",
        '["en", "ar"]',
        {**STRINGS, "minItems": 1},
        required=True,
    ),
    "chapters": Key(
        is_str,
        "a folder path",
        "Folder of NN-slug.md chapters.",
        '"chapters"',
        STRING,
        default='"chapters"',
    ),
    "handout": Key(
        is_str,
        "a Markdown file path",
        "The two-page handout's text.",
        '"chapters/handout.md"',
        STRING,
        default="no handout",
    ),
    "templates": Key(
        is_str,
        "a folder path",
        "Your own templates and CSS: each file here replaces the packaged theme's file of the"
        " same name (e.g. pdf/guide.css); the others still come from the theme.",
        '"templates"',
        STRING,
        default='"templates" (used if it exists)',
    ),
    "locales_dir": Key(
        is_str,
        "a folder path",
        "Folder of the gettext catalogs.",
        '"locales"',
        STRING,
        default='"locales"',
    ),
}
OUTPUT: dict[str, Key] = {
    "papers": Key(
        _chosen(PAPERS),
        f"a list drawn from {', '.join(PAPERS)}",
        "Paper sizes of the PDFs.",
        '["a4", "letter"]',
        {"type": "array", "items": {"enum": list(PAPERS)}},
        default="all",
    ),
    "editions": Key(
        _chosen(EDITIONS),
        f"a list drawn from {', '.join(EDITIONS)}",
        "Editions of the guide PDF.",
        '["standard", "large-print"]',
        {"type": "array", "items": {"enum": list(EDITIONS)}},
        default="all",
    ),
    "duplex": Key(
        _chosen(EDITIONS),
        f"a list drawn from {', '.join(EDITIONS)} (editions for duplex book printing)",
        "Editions whose chapters open on a right-hand page (blank pages added for that).",
        '["standard"]',
        {"type": "array", "items": {"enum": list(EDITIONS)}},
        default="none",
    ),
    "formats": Key(
        is_str_list,
        "a list of format names",
        "What to make: pdf, large-print, handout, epub, web.",
        '["pdf", "epub"]',
        STRINGS,
        default="all",
    ),
    "shared_scripts": Key(
        _scripts,
        "a list of ISO 15924 script codes that every edition may print (e.g. cited titles)",
        "Scripts every language's edition prints besides its own and Latin.",
        '["Jpan"]',
        {"type": "array", "items": SCRIPT},
        default="none",
    ),
}
PUBLISHING: dict[str, Key] = {
    "threshold": Key(
        _share,
        "a number from 0 to 1",
        "The translated share below which a language is a draft (or skipped).",
        "0.95",
        {"type": "number", "minimum": 0, "maximum": 1},
        default="0",
    ),
    "below_threshold": Key(
        lambda v: v in ("draft", "skip"),
        '"draft" or "skip"',
        "What happens to a language below the threshold.",
        '"draft"',
        {"enum": ["draft", "skip"]},
        default='"draft"',
    ),
}
HANDOUT: dict[str, Key] = {
    "notice": Key(
        is_str,
        "a non-empty string",
        "A short notice at the foot of the handout (a disclaimer, say); translated.",
        '"This handout gives general information."',
        STRING,
        default="none",
    ),
    "write_in": Key(
        is_str_list,
        "a list of labels",
        "The labels of the lines readers fill in when no clinic file is given; translated.",
        '["Doctor:", "Phone:"]',
        STRINGS,
        default='the theme\'s "Contact:" and "Phone:"',
    ),
}
EPUB: dict[str, Key] = {
    "conforms_to": Key(
        is_str,
        "a non-empty string",
        "The accessibility standard the publisher vouches the EPUB meets (dcterms:conformsTo);"
        " made only when set, and `guidepress check` then holds the EPUB to it (epubcheck and"
        " DAISY Ace must pass).",
        '"EPUB Accessibility 1.1 - WCAG 2.2 Level AA"',
        STRING,
        default="no claim",
    ),
    "certified_by": Key(
        is_str,
        "a non-empty string",
        "Who vouches for conforms_to (a11y:certifiedBy); only with conforms_to.",
        '"Our Organisation"',
        STRING,
        default="the publisher",
    ),
}
SCHEMA: dict[str, dict[str, Key]] = {
    "guide": GUIDE,
    "output": OUTPUT,
    "publishing": PUBLISHING,
    "handout": HANDOUT,
    "epub": EPUB,
}
FONTS: dict[str, Key] = {
    "body": Key(is_str, "a font family name", "Body text face.", '"Noto Serif"', STRING, True),
    "heading": Key(is_str, "a font family name", "Headings face.", '"Noto Sans"', STRING, True),
    "keep_words": Key(
        lambda v: isinstance(v, bool),
        "true or false",
        "Break lines only between words (Korean).",
        "true",
        {"type": "boolean"},
        default="false",
    ),
}
FONT_KEYS = set(FONTS)


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
            for key, spec in keys.items():
                if spec.required and key not in data.get(section, {}):
                    self.problem(
                        self.lines.of(section),
                        f"missing required key {section}.{key} ({spec.what})",
                    )

    def check_keys(self, section: str, values: dict[str, Any]) -> None:
        for key, value in values.items():
            spec = SCHEMA[section].get(key)
            line = self.lines.of(section, key)
            if spec is None:
                known = ", ".join(SCHEMA[section])
                self.problem(line, f"unknown key {section}.{key} (known keys: {known})")
            elif not spec.check(value):
                self.problem(line, f"{section}.{key} must be {spec.what}, not {value!r}")

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
