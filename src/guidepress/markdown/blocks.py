"""The one walker over translatable blocks, shared by extraction and translation.

Extraction turns each `Spot` into a translation unit; translation replaces each spot's
text with its msgstr. Both read the same spots, so they cannot disagree about what a
translator sees (mdbook-i18n-helpers' `group_events()` plays this part there).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from markdown_it.token import Token

from guidepress.markdown import parser

Role = Literal["text", "alt", "callout title"]


@dataclass(frozen=True)
class Block:
    """One top-level block of a chapter, with the marker that preceded it."""

    tokens: list[Token]
    note: str | None
    skip: bool


@dataclass(frozen=True)
class Spot:
    """One translatable piece of a block: the token holding it, its msgid and kind."""

    token: Token
    role: Role
    msgid: str
    kind: str
    line: int
    note: str | None


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


def is_marker(block: list[Token]) -> str | None:
    """Return the text of a `<!-- translators|i18n: … -->` paragraph block, else None."""
    if len(block) == 3 and block[0].type == "paragraph_open":
        found = parser.TRANSLATOR_NOTE.match(block[1].content.strip())
        if found:
            return f"{found.group(1)}:{found.group(2)}"
    return None


def blocks(tokens: list[Token]) -> Iterator[Block]:
    """Yield the content blocks (markers and front matter left out) with their markers."""
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
        yield Block(block, note, skip)
        note, skip = None, False


def has_words(text: str) -> bool:
    """Return True when *text* holds something to translate (a letter, not just numbers)."""
    return any(ch.isalpha() for ch in text)


def image_alt(token: Token) -> str | None:
    """The alt text of an inline token that holds nothing but one image, else None."""
    if token.type != "inline":
        return None
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    if len(children) == 1 and children[0].type == "image":
        return parser.plain_text(children[0]) if children[0].children else children[0].content
    return None


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


def line_of(token: Token) -> int:
    """The 1-based source line of a block token (0 when unknown)."""
    return token.map[0] + 1 if token.map else 0


def spots(block: Block) -> Iterator[Spot]:
    """Yield the translatable spots of *block* in source order (none when it is skipped)."""
    if block.skip:
        return
    stack: list[str] = []
    for token in block.tokens:
        kind = parser.callout_kind(token)
        if kind and token.nesting == 1 and parser.callout_title(token):
            title = parser.callout_title(token)
            yield Spot(
                token, "callout title", title, f"{kind} box title", line_of(token), block.note
            )
        if token.nesting == 1:
            stack.append(token.type)
        elif token.nesting == -1 and stack:
            stack.pop()
        alt = image_alt(token)
        if alt is not None:
            if has_words(alt):
                yield Spot(token, "alt", alt, "image alt text", line_of(token), block.note)
            continue
        if token.type == "inline" and has_words(token.content):
            msgid = parser.normalize(token.content)
            yield Spot(token, "text", msgid, _kind(stack), line_of(token), block.note)
