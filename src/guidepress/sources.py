"""Read chapter sources and split them into translation units, one per Markdown block."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it.token import Token

from guidepress import markup
from guidepress.assets import image_problems
from guidepress.errors import Diagnostic, InputError

MAX_SOURCE_BYTES = 2_000_000
FRONT_MATTER_KEYS = {"title", "summary"}


@dataclass(frozen=True)
class Unit:
    """One translatable block: its msgctxt, msgid, source reference and kind."""

    context: str
    msgid: str
    path: str
    line: int
    kind: str
    note: str | None = None


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
                f"unknown front-matter key {key!r} (known: title, summary)",
            )
        )
    for key in ("title", "summary"):
        if key in data and not isinstance(data[key], str):
            problems.append(
                Diagnostic(shown, lines.get(key, 2), "error", f"front-matter {key} must be text")
            )
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        problems.append(Diagnostic(shown, 2, "error", "front matter needs a title"))
    if problems:
        raise InputError(problems)
    return {k: markup.normalize(str(v)) for k, v in data.items()}, lines


def load_chapter(
    path: Path, shown: str, number: int, slug: str, root: Path | None = None
) -> SourceChapter:
    """Read one chapter file and its front matter; check its images stay in the project."""
    chapter = parse_chapter(read_text(path, shown), shown, number, slug, path)
    problems = image_problems(
        markup.parser().parse(chapter.text, {}), path, shown, root or path.parent
    )
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
    )


def top_level_blocks(tokens: list[Token]) -> Iterator[list[Token]]:
    """Group a token stream into its top-level blocks."""
    block: list[Token] = []
    depth = 0
    for token in tokens:
        block.append(token)
        depth += token.nesting
        if depth == 0:
            yield block
            block = []
    if block:
        yield block


def _kind(stack: list[str]) -> str:
    for opened in reversed(stack):
        if opened.startswith("footnote"):
            return "footnote"
        if opened in ("th_open", "td_open"):
            return "table cell"
        if opened == "list_item_open":
            return "list item"
        if opened == "heading_open":
            return "heading"
    return "paragraph"


def _block_units(block: list[Token], chapter: SourceChapter, note: str | None) -> Iterator[Unit]:
    stack: list[str] = []
    for token in block:
        kind = markup.callout_kind(token)
        if kind and token.nesting == 1 and markup.callout_title(token):
            yield Unit(
                chapter.slug,
                markup.callout_title(token),
                chapter.path,
                _line(token),
                f"{kind} box title",
                note,
            )
        if token.nesting == 1:
            stack.append(token.type)
        elif token.nesting == -1 and stack:
            stack.pop()
        alt = image_alt(token)
        if alt is not None:
            if has_words(alt):
                yield Unit(chapter.slug, alt, chapter.path, _line(token), "image alt text", note)
            continue
        if token.type == "inline" and has_words(token.content):
            yield Unit(
                chapter.slug,
                markup.normalize(token.content),
                chapter.path,
                _line(token),
                _kind(stack),
                note,
            )


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def image_alt(token: Token) -> str | None:
    """The alt text of an inline token that holds nothing but one image, else None."""
    if token.type != "inline":
        return None
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    if len(children) == 1 and children[0].type == "image":
        return markup.plain_text(children[0]) if children[0].children else children[0].content
    return None


def has_words(text: str) -> bool:
    """Return True when *text* holds something to translate (a letter, not just numbers)."""
    return any(ch.isalpha() for ch in text)


def is_marker(block: list[Token]) -> str | None:
    """Return the text of a `<!-- translators|i18n: … -->` paragraph block, else None."""
    if len(block) == 3 and block[0].type == "paragraph_open":
        found = markup.TRANSLATOR_NOTE.match(block[1].content.strip())
        if found:
            return f"{found.group(1)}:{found.group(2)}"
    return None


def chapter_units(chapter: SourceChapter) -> Iterator[Unit]:
    """Yield the chapter's translation units in source order."""
    if chapter.title:
        yield Unit(chapter.slug, chapter.title, chapter.path, chapter.title_line, "chapter title")
    if chapter.summary:
        yield Unit(
            chapter.slug, chapter.summary, chapter.path, chapter.summary_line, "chapter summary"
        )
    tokens = markup.parser().parse(chapter.text, {})
    note: str | None = None
    skip = False
    for block in top_level_blocks(tokens):
        marker = is_marker(block)
        if marker is not None:
            tag, _, text = marker.partition(":")
            if tag == "i18n" and text.strip() == "skip":
                skip = True
            else:
                note = text
            continue
        if block[0].type == "front_matter":
            continue
        if not skip:
            yield from _block_units(block, chapter, note)
        note, skip = None, False


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
