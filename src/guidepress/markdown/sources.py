"""Read chapter sources: UTF-8 text, front matter, images that stay inside the project."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml
from markdown_it.token import Token

from guidepress.config import Config
from guidepress.errors import Diagnostic, InputError
from guidepress.markdown import parser
from guidepress.markdown.assets import image_problems
from guidepress.markdown.html import slugify

MAX_SOURCE_BYTES = 2_000_000
FRONT_MATTER_KEYS = {"title", "summary", "references"}
REFERENCE_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class SourceChapter:
    """A chapter's Markdown with its front matter, as written in English."""

    number: int
    slug: str
    path: str
    text: str
    title: str
    title_line: int
    summary: str
    summary_line: int
    meta: dict[str, str] = field(default_factory=dict)
    file: Path | None = None
    meta_lines: dict[str, int] = field(default_factory=dict)

    @cached_property
    def tokens(self) -> list[Token]:
        """The chapter parsed once, headings with their ids, for every reader that does not
        translate it. Translation parses its own copy (it rewrites the tokens) and gives its
        headings these same ids with `copy_heading_ids`.
        """
        tokens = parser.parser().parse(self.text, {})
        _assign_heading_ids(tokens, self.slug)
        return tokens

    @property
    def references(self) -> tuple[str, ...]:
        """The keys of the reference list's entries, in order (front matter `references`)."""
        return tuple(self.meta.get("references", "").split())

    def reference_entries(self) -> list[Token]:
        """The items of the chapter's top-level numbered lists: its reference entries."""
        return [t for t in self.tokens if t.type == "list_item_open" and t.level == 1 and t.info]

    @cached_property
    def heading_ids(self) -> tuple[str, ...]:
        """Each heading's id, in order: made from the English text, so alike in every locale."""
        return tuple(str(t.attrGet("id")) for t in self.tokens if t.type == "heading_open")


def _assign_heading_ids(tokens: list[Token], slug: str) -> None:
    """Give each heading without `{#id}` an id made of the chapter's slug and its text."""
    used: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and not token.attrGet("id"):
            base = f"{slug}-{slugify(parser.plain_text(tokens[index + 1]))}"
            ident, n = base, 2
            while ident in used:
                ident, n = f"{base}-{n}", n + 1
            token.attrSet("id", ident)
        if token.attrGet("id"):
            used.add(str(token.attrGet("id")))


def copy_heading_ids(tokens: list[Token], source: SourceChapter) -> None:
    """Give the headings of *tokens*, a fresh parse of *source*, the ids of its headings."""
    headings = (t for t in tokens if t.type == "heading_open")
    for token, ident in zip(headings, source.heading_ids, strict=True):
        token.attrSet("id", ident)


def read_text(path: Path, shown: str) -> str:
    """Read a UTF-8 source file or raise InputError naming it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(Diagnostic(shown, 0, "error", "file not found")) from None
    except OSError as err:
        raise InputError(Diagnostic(shown, 0, "error", f"cannot read: {err.strerror}")) from None
    if len(data) > MAX_SOURCE_BYTES:
        raise InputError(
            Diagnostic(
                shown, 0, "error", f"file is {len(data):,} bytes; the limit is {MAX_SOURCE_BYTES:,}"
            )
        )
    if b"\0" in data:
        raise InputError(Diagnostic(shown, 0, "error", "binary file (contains NUL bytes)"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            Diagnostic(shown, line, "error", f"not UTF-8 (byte 0x{data[err.start]:02x})")
        ) from None


def _front_matter(text: str, shown: str) -> tuple[dict[str, str], dict[str, int]]:
    match = re.match(r"---\n(.*?\n)---\n", text, re.DOTALL)
    if not match:
        raise InputError(
            Diagnostic(shown, 1, "error", "missing front matter (--- title: … ---) at the top")
        )
    block = match.group(1)
    try:
        data = yaml.safe_load(block) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise InputError(
            Diagnostic(shown, line, "error", f"malformed front matter: {problem}")
        ) from None
    if not isinstance(data, dict):
        raise InputError(Diagnostic(shown, 2, "error", "front matter must be key: value lines"))
    lines: dict[str, int] = {}
    for number, line in enumerate(block.splitlines(), start=2):
        key = line.split(":", 1)[0].strip()
        lines.setdefault(key, number)
    problems = []
    for key in sorted(set(map(str, data)) - FRONT_MATTER_KEYS):
        problems.append(
            Diagnostic(
                shown,
                lines.get(key, 2),
                "error",
                f"unknown front-matter key {key!r} (known: title, summary, references)",
            )
        )
    problems += _reference_key_problems(data.get("references"), shown, lines.get("references", 2))
    for key in ("title", "summary"):
        if key in data and not isinstance(data[key], str):
            problems.append(
                Diagnostic(shown, lines.get(key, 2), "error", f"front-matter {key} must be text")
            )
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        problems.append(Diagnostic(shown, 2, "error", "front matter needs a title"))
    if problems:
        raise InputError(problems)
    if isinstance(data.get("references"), list):
        data["references"] = " ".join(data["references"])
    return {k: parser.normalize(str(v)) for k, v in data.items()}, lines


def _reference_key_problems(keys: object, shown: str, line: int) -> list[Diagnostic]:
    """`references` must be a list of distinct keys (a note's label names its entry)."""
    if keys is None:
        return []
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        return [Diagnostic(shown, line, "error", "front-matter references must be a list of keys")]
    bad = [k for k in keys if not REFERENCE_KEY.match(k)]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    problems = [
        Diagnostic(shown, line, "error", f"reference key {k!r}: use a-z, 0-9 and -") for k in bad
    ]
    problems += [
        Diagnostic(shown, line, "error", f"reference key {k!r} is listed twice") for k in twice
    ]
    return problems


def reference_problems(chapter: SourceChapter) -> list[Diagnostic]:
    """The chapter names as many reference keys as its numbered list has entries."""
    keys, entries = chapter.references, chapter.reference_entries()
    if not keys or len(keys) == len(entries):
        return []
    message = f"front matter names {len(keys)} references but the numbered list has {len(entries)}"
    return [Diagnostic(chapter.path, chapter.meta_lines.get("references", 2), "error", message)]


def load_chapter(
    path: Path, shown: str, number: int, slug: str, root: Path | None = None
) -> SourceChapter:
    """Read one chapter file and its front matter; check its images stay in the project."""
    chapter = parse_chapter(read_text(path, shown), shown, number, slug, path)
    problems = image_problems(chapter.tokens, path, shown, root or path.parent)
    problems += reference_problems(chapter)
    if problems:
        raise InputError(problems)
    return chapter


def parse_chapter(
    text: str, shown: str, number: int, slug: str, file: Path | None = None
) -> SourceChapter:
    """Parse a chapter's text and front matter."""
    text = text.replace("\r\n", "\n")
    meta, lines = _front_matter(text, shown)
    return SourceChapter(
        number=number,
        slug=slug,
        path=shown,
        text=text,
        title=meta["title"],
        title_line=lines.get("title", 2),
        summary=meta.get("summary", ""),
        summary_line=lines.get("summary", 0),
        meta=meta,
        file=file,
        meta_lines=lines,
    )


def load_sources(
    config_chapters: tuple[tuple[int, str, Path, str], ...], root: Path | None = None
) -> list[SourceChapter]:
    """Read every chapter; report all unreadable ones together."""
    chapters: list[SourceChapter] = []
    problems: list[Diagnostic] = []
    for number, slug, path, shown in config_chapters:
        try:
            chapters.append(load_chapter(path, shown, number, slug, root))
        except InputError as err:
            problems.extend(err.diagnostics)
    if problems:
        raise InputError(problems)
    return chapters


@dataclass(frozen=True)
class Sources:
    """Every chapter of the guide, and the handout's text when there is one."""

    chapters: tuple[SourceChapter, ...]
    handout: SourceChapter | None

    def every(self) -> list[SourceChapter]:
        return [*self.chapters, *([self.handout] if self.handout else [])]


def read_sources(config: Config) -> Sources:
    """Read every chapter and the handout; all unreadable files are reported together."""
    files = [(c.number, c.slug, c.path, config.relative(c.path)) for c in config.chapters]
    if config.handout is not None:
        files.append((0, config.handout.stem, config.handout, config.relative(config.handout)))
    loaded = load_sources(tuple(files), config.root)
    if config.handout is not None:
        return Sources(tuple(loaded[:-1]), loaded[-1])
    return Sources(tuple(loaded), None)
