"""Babel extractors: Markdown chapters and guide.toml, registered under `babel.extractors`."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from guidepress.config.load import CHAPTER_NAME
from guidepress.errors import InputError
from guidepress.markdown.sources import SourceChapter, parse_chapter
from guidepress.markdown.units import chapter_units

Extracted = tuple[int, str, tuple[str, str], list[str]]


def slug_of(filename: str) -> tuple[int, str]:
    """Return (number, slug) of `NN-slug.md`, or (0, stem) for other Markdown files."""
    name = Path(filename).name
    match = CHAPTER_NAME.match(name)
    return (int(match.group(1)), match.group(2)) if match else (0, Path(name).stem)


def units_as_messages(chapter: SourceChapter) -> Iterator[Extracted]:
    """Yield Babel's (lineno, funcname, message, comments) for each unit."""
    for unit in chapter_units(chapter):
        comments = [unit.kind] + ([f"Translators: {unit.note}"] if unit.note else [])
        yield unit.line, "pgettext", (unit.context, unit.msgid), comments


def extract_markdown(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Extract one msgid per Markdown block, with msgctxt = the chapter's slug."""
    name = str(getattr(fileobj, "name", "chapter.md"))
    number, slug = slug_of(name)
    text = fileobj.read().decode("utf-8")
    try:
        chapter = parse_chapter(text, name, number, slug)
    except InputError as err:
        raise SystemExit("\n".join(str(d) for d in err.diagnostics)) from None
    yield from units_as_messages(chapter)


CONFIG_STRINGS = ("title", "subtitle", "publisher", "notice")


def extract_config(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Extract the guide's title and subtitle from guide.toml, with msgctxt `guide`."""
    text = fileobj.read().decode("utf-8")
    guide = tomllib.loads(text).get("guide", {})
    for key in CONFIG_STRINGS:
        value = guide.get(key)
        if isinstance(value, str) and value.strip():
            line = _line_of(text, key)
            yield line, "pgettext", ("guide", value), [f"guide {key}"]
    words = guide.get("keywords", [])
    if isinstance(words, list) and words:
        joined = ", ".join(str(word) for word in words)
        yield _line_of(text, "keywords"), "pgettext", ("guide", joined), ["guide keywords"]
    for author in guide.get("authors", []):
        if isinstance(author, str) and author.strip():
            yield _line_of(text, "authors"), "pgettext", ("guide", author), ["guide author"]
    data = tomllib.loads(text)
    yield from _table_strings(text, data, "handout", {"notice": "handout notice"})
    yield from _table_strings(text, data, "handout", {"write_in": "handout write-in label"})
    yield from _table_strings(text, data, "epub", {"certified_by": "EPUB certified by"})


def _table_strings(
    text: str, data: dict[str, Any], table: str, keys: dict[str, str]
) -> Iterator[Extracted]:
    """The translatable strings (or lists of strings) of one [table], with their lines."""
    values = data.get(table, {})
    if not isinstance(values, dict):
        return
    lines = text.splitlines()
    offset = next((i for i, line in enumerate(lines) if line.strip() == f"[{table}]"), 0)
    rest = "\n".join(lines[offset:])
    for key, comment in keys.items():
        value = values.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.strip():
                yield _line_of(rest, key) + offset, "pgettext", ("guide", item), [comment]


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*{key}\s*=", line):
            return number
    return 0
