"""Load and validate guide.toml into frozen dataclasses, reporting every problem at once."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guidepress.config.locales import parse_locale, script_of
from guidepress.errors import Diagnostic, InputError

PAPERS = ("a4", "letter")
EDITIONS = ("standard", "large-print")
CHAPTER_NAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")


@dataclass(frozen=True)
class FontStack:
    """The font families declared for one script (ISO 15924 code)."""

    script: str
    body: str
    heading: str
    keep_words: bool = False


@dataclass(frozen=True)
class ChapterFile:
    """One `chapters/NN-slug.md` file."""

    number: int
    slug: str
    path: Path


@dataclass(frozen=True)
class Config:
    """The guide's settings, validated."""

    root: Path
    path: Path
    slug: str
    title: str
    subtitle: str
    authors: tuple[str, ...]
    publisher: str
    version: str
    date: dt.date
    url: str
    source_locale: str
    locales: tuple[str, ...]
    chapters: tuple[ChapterFile, ...]
    handout: Path | None
    templates_dir: Path
    locales_dir: Path
    papers: tuple[str, ...]
    editions: tuple[str, ...]
    formats: tuple[str, ...]
    shared_scripts: tuple[str, ...]
    threshold: float
    below_threshold: str
    fonts: dict[str, FontStack]
    timestamp: dt.datetime
    """When every artifact says it was made: SOURCE_DATE_EPOCH, else the release date."""

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    def catalog_path(self, locale: str) -> Path:
        return self.locales_dir / locale / "LC_MESSAGES" / "guide.po"

    def relative(self, path: Path) -> str:
        """Return *path* relative to the project root, for diagnostics."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def build_timestamp(release: dt.date, epoch: str | None) -> dt.datetime:
    """The artifacts' creation time (UTC): *epoch* (SOURCE_DATE_EPOCH) or the release date."""
    if epoch is None or not epoch.strip():
        return dt.datetime.combine(release, dt.time(), tzinfo=dt.UTC)
    try:
        return dt.datetime.fromtimestamp(int(epoch.strip()), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise InputError(
            Diagnostic(
                "SOURCE_DATE_EPOCH",
                0,
                "error",
                f"{epoch!r} is not a time in whole seconds since 1970-01-01 UTC",
            )
        ) from None


def _is_str(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _is_str_list(v: Any) -> bool:
    return isinstance(v, list) and all(_is_str(x) for x in v)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _is_date(v: Any) -> bool:
    return isinstance(v, dt.date) and not isinstance(v, dt.datetime)


Check = Callable[[Any], bool]
# section -> key -> (check, description, required)
SCHEMA: dict[str, dict[str, tuple[Check, str, bool]]] = {
    "guide": {
        "slug": (
            lambda v: _is_str(v) and re.fullmatch(r"[a-z0-9-]+", v) is not None,
            "a lowercase slug (a-z, 0-9, -)",
            True,
        ),
        "title": (_is_str, "a non-empty string", True),
        "subtitle": (_is_str, "a non-empty string", False),
        "authors": (_is_str_list, "a list of names", True),
        "publisher": (_is_str, "a non-empty string", False),
        "version": (_is_str, "a version string", True),
        "date": (_is_date, "a TOML date (YYYY-MM-DD)", True),
        "url": (lambda v: _is_str(v) and v.startswith("https://"), "an https:// URL", True),
        "source_locale": (_is_str, "a locale code", False),
        "locales": (
            lambda v: _is_str_list(v) and len(v) > 0,
            "a non-empty list of locale codes",
            True,
        ),
        "chapters": (_is_str, "a folder path", False),
        "handout": (_is_str, "a Markdown file path", False),
        "templates": (_is_str, "a folder path", False),
        "locales_dir": (_is_str, "a folder path", False),
    },
    "output": {
        "papers": (
            lambda v: _is_str_list(v) and set(v) <= set(PAPERS),
            f"a list drawn from {', '.join(PAPERS)}",
            False,
        ),
        "editions": (
            lambda v: _is_str_list(v) and set(v) <= set(EDITIONS),
            f"a list drawn from {', '.join(EDITIONS)}",
            False,
        ),
        "formats": (_is_str_list, "a list of format names", False),
        "shared_scripts": (
            lambda v: _is_str_list(v) and all(re.fullmatch(r"[A-Z][a-z]{3}", x) for x in v),
            "a list of ISO 15924 script codes that every edition may print (e.g. cited titles)",
            False,
        ),
    },
    "publishing": {
        "threshold": (lambda v: _is_number(v) and 0 <= v <= 1, "a number from 0 to 1", False),
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


class _Validator:
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
                if not _is_str(stack.get(key)):
                    self.problem(line, f"fonts.{script}.{key} must be a font family name")
            if not isinstance(stack.get("keep_words", False), bool):
                self.problem(line, f"fonts.{script}.keep_words must be true or false")


def _check_locales(v: _Validator, guide: dict[str, Any], fonts: dict[str, Any]) -> None:
    locales = guide.get("locales")
    if not isinstance(locales, list) or not _is_str_list(locales):
        return
    line = v.lines.of("guide", "locales")
    seen: set[str] = set()
    for code in locales:
        if code in seen:
            v.problem(line, f"locale {code!r} is listed twice")
        seen.add(code)
        if parse_locale(code) is None:
            v.problem(line, f"unknown locale {code!r}")
            continue
        script = script_of(code)
        if isinstance(fonts, dict) and script not in fonts:
            v.problem(
                v.lines.of("fonts"),
                f"locale {code!r} is written in {script}, but [fonts.{script}] is missing",
            )
    source = guide.get("source_locale", "en")
    if source not in seen:
        v.problem(line, f"the source locale {source!r} must be in guide.locales")


def _find_chapters(v: _Validator, folder: Path, line: int) -> list[ChapterFile]:
    if not folder.is_dir():
        v.problem(line, f"chapters folder {folder.name!r} does not exist")
        return []
    chapters: list[ChapterFile] = []
    slugs: dict[str, Path] = {}
    for path in sorted(folder.glob("[0-9]*.md")):
        match = CHAPTER_NAME.match(path.name)
        if not match:
            v.problem(line, f"chapter file {path.name!r} is not named NN-slug.md")
            continue
        slug = match.group(2)
        if slug in slugs:
            v.problem(line, f"chapter slug {slug!r} is used by {slugs[slug].name} and {path.name}")
        slugs[slug] = path
        chapters.append(ChapterFile(int(match.group(1)), slug, path))
    if not chapters and folder.is_dir():
        v.problem(line, f"no chapters (NN-slug.md) found in {folder.name!r}")
    return chapters


def _read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(Diagnostic(path.name, 0, "error", "no guide.toml here")) from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(Diagnostic(path.name, 0, "error", f"cannot read: {err}")) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(err))) else 0
        raise InputError(Diagnostic(path.name, line, "error", f"invalid TOML: {err}")) from None
    return text, data


def _table(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name, {})
    return value if isinstance(value, dict) else {}


def load_config(path: Path, formats: Sequence[str]) -> Config:
    """Read *path* (guide.toml); raise InputError listing every problem.

    *formats* are the names of the renderers the build has (the registry's); a guide
    chooses among them and gets all of them by default.
    """
    path = path.resolve()
    root = path.parent
    text, data = _read_toml(path)
    v = _Validator(path, text)
    v.check_sections(data)
    guide, out = _table(data, "guide"), _table(data, "output")
    fonts = data.get("fonts", {})
    _check_locales(v, guide, fonts)
    _check_formats(v, out, formats)
    for script in out.get("shared_scripts", []) if isinstance(fonts, dict) else []:
        if isinstance(script, str) and script not in fonts:
            v.problem(
                v.lines.of("output", "shared_scripts"),
                f"shared script {script!r} has no [fonts.{script}] table",
            )
    chapters = _find_chapters(
        v, root / str(guide.get("chapters", "chapters")), v.lines.of("guide", "chapters")
    )
    handout = root / guide["handout"] if _is_str(guide.get("handout")) else None
    if handout is not None and not handout.is_file():
        v.problem(v.lines.of("guide", "handout"), f"handout file {guide['handout']!r} not found")
    templates = root / str(guide.get("templates", "templates"))
    if not templates.is_dir():
        v.problem(v.lines.of("guide", "templates"), f"templates folder {templates.name!r} missing")
    if v.problems:
        raise InputError(v.problems)
    return _config(path, data, chapters, handout, templates, tuple(formats))


def _check_formats(v: _Validator, out: dict[str, Any], known: Sequence[str]) -> None:
    chosen = out.get("formats", [])
    for name in chosen if _is_str_list(chosen) else []:
        if name not in known:
            v.problem(
                v.lines.of("output", "formats"),
                f"unknown format {name!r}; this guidepress makes {', '.join(known)}",
            )


def _config(
    path: Path,
    data: dict[str, Any],
    chapters: list[ChapterFile],
    handout: Path | None,
    templates: Path,
    formats: tuple[str, ...],
) -> Config:
    guide, out, pub = _table(data, "guide"), _table(data, "output"), _table(data, "publishing")
    fonts = data.get("fonts", {})
    root = path.parent
    return Config(
        root=root,
        path=path,
        slug=guide["slug"],
        title=guide["title"],
        subtitle=guide.get("subtitle", ""),
        authors=tuple(guide["authors"]),
        publisher=guide.get("publisher", guide["authors"][0]),
        version=guide["version"],
        date=guide["date"],
        url=guide["url"],
        source_locale=guide.get("source_locale", "en"),
        locales=tuple(guide["locales"]),
        chapters=tuple(chapters),
        handout=handout,
        templates_dir=templates,
        locales_dir=root / str(guide.get("locales_dir", "locales")),
        papers=tuple(out.get("papers", PAPERS)),
        editions=tuple(out.get("editions", EDITIONS)),
        formats=tuple(out.get("formats", formats)),
        shared_scripts=tuple(out.get("shared_scripts", ())),
        threshold=float(pub.get("threshold", 0.0)),
        below_threshold=pub.get("below_threshold", "draft"),
        fonts={
            s: FontStack(s, f["body"], f["heading"], bool(f.get("keep_words", False)))
            for s, f in fonts.items()
        },
        timestamp=build_timestamp(guide["date"], os.environ.get("SOURCE_DATE_EPOCH")),
    )
