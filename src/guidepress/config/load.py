"""Load and validate guide.toml into frozen dataclasses, reporting every problem at once."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from guidepress.config.licences import DEFAULT_LICENCE
from guidepress.config.locales import parse_locale, script_of
from guidepress.config.schema import (
    EDITIONS,
    PAPERS,
    Validator,
    is_str,
    is_str_list,
)
from guidepress.errors import Diagnostic, InputError
from guidepress.theme import Theme

CHAPTER_NAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")


@dataclass(frozen=True)
class FontStack:
    """The font families declared for one script (ISO 15924 code)."""

    script: str
    body: str
    heading: str
    keep_words: bool = False
    line: int = 0
    """Where guide.toml declares this stack, for diagnostics."""


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
    keywords: tuple[str, ...]
    notice: str
    """The cover's notice (a disclaimer), or "" for none."""
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
    duplex: tuple[str, ...]
    """Editions meant for duplex book printing: chapters open on a right-hand page."""
    formats: tuple[str, ...]
    shared_scripts: tuple[str, ...]
    threshold: float
    below_threshold: str
    fonts: dict[str, FontStack]
    timestamp: dt.datetime
    """When every artifact says it was made: SOURCE_DATE_EPOCH, else the release date."""
    licence: str = DEFAULT_LICENCE
    """The SPDX id of the text's licence (see config/licences.py)."""
    feedback: str = ""
    """Where readers send corrections (an https:// or mailto: address)."""
    handout_notice: str = ""
    write_in: tuple[str, ...] = ()
    """The handout's fill-in labels; () for the theme's own."""
    conforms_to: str = ""
    """The EPUB accessibility standard the publisher vouches for; "" for no claim."""
    certified_by: str = ""

    @property
    def theme(self) -> Theme:
        """The templates: the guide's own `templates/` files over the packaged theme."""
        return Theme.of(self.templates_dir)

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


def _check_locales(v: Validator, guide: dict[str, Any], fonts: dict[str, Any]) -> None:
    locales = guide.get("locales")
    if not isinstance(locales, list) or not is_str_list(locales):
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


def _find_chapters(v: Validator, folder: Path, line: int) -> list[ChapterFile]:
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
        folder = path.parent
        problem = "no such folder" if not folder.is_dir() else "no guide.toml in this folder"
        hint = "; name the guide's folder with -C DIR"
        raise InputError(Diagnostic(str(folder), 0, "error", problem + hint)) from None
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
    v = Validator(path, text)
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
    handout = root / guide["handout"] if is_str(guide.get("handout")) else None
    if handout is not None and not handout.is_file():
        v.problem(v.lines.of("guide", "handout"), f"handout file {guide['handout']!r} not found")
    templates = root / str(guide.get("templates", "templates"))
    if "templates" in guide and not templates.is_dir():
        v.problem(v.lines.of("guide", "templates"), f"templates folder {templates.name!r} missing")
    if v.problems:
        raise InputError(v.problems)
    config = _config(path, data, chapters, handout, templates, tuple(formats))
    lines = {script: v.lines.of(f"fonts.{script}") for script in config.fonts}
    stacks = {s: replace(stack, line=lines[s]) for s, stack in config.fonts.items()}
    return replace(config, fonts=stacks)


def _check_formats(v: Validator, out: dict[str, Any], known: Sequence[str]) -> None:
    chosen = out.get("formats", [])
    for name in chosen if is_str_list(chosen) else []:
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
    handout_table, epub = _table(data, "handout"), _table(data, "epub")
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
        keywords=tuple(guide.get("keywords", ())),
        notice=guide.get("notice", ""),
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
        duplex=tuple(out.get("duplex", EDITIONS)),
        formats=tuple(out.get("formats", formats)),
        shared_scripts=tuple(out.get("shared_scripts", ())),
        threshold=float(pub.get("threshold", 0.0)),
        below_threshold=pub.get("below_threshold", "draft"),
        fonts={
            s: FontStack(s, f["body"], f["heading"], bool(f.get("keep_words", False)))
            for s, f in fonts.items()
        },
        timestamp=build_timestamp(guide["date"], os.environ.get("SOURCE_DATE_EPOCH")),
        licence=guide.get("licence", DEFAULT_LICENCE),
        feedback=guide.get("feedback", guide["url"]),
        handout_notice=handout_table.get("notice", ""),
        write_in=tuple(handout_table.get("write_in", ())),
        conforms_to=epub.get("conforms_to", ""),
        certified_by=epub.get("certified_by", guide.get("publisher", guide["authors"][0])),
    )
