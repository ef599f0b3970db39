"""The Markdown dialect: one configured markdown-it parser, shared by sources and document."""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

CALLOUT_KINDS = ("note", "tip", "warning", "urgent")
ALLOWED_ATTRS = ("id", "class")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
"""A `{lang=…}` value: a BCP 47 language tag (`en`, `ja-Latn`)."""
TRANSLATOR_NOTE = re.compile(r"^<!--\s*(translators|i18n):\s*(.*?)\s*-->$", re.DOTALL)


@cache
def parser() -> MarkdownIt:
    """Return the CommonMark parser with tables, footnotes, front matter, attrs, callouts.

    Inline, `[words]{lang=en}` marks a run written in another language than its page (a
    cited English title in a Spanish sentence): a span with only a `lang`.
    """
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.use(front_matter_plugin).use(footnote_plugin).use(attrs_block_plugin)
    md.use(attrs_plugin, spans=True, after=("span_close",), allowed=("lang",))
    for kind in CALLOUT_KINDS:
        md.use(container_plugin, name=kind)
    return md


def normalize(text: str) -> str:
    """Fold a block's source lines into one line, as msgids keep them."""
    return " ".join(text.split())


def callout_kind(token: Token) -> str | None:
    """Return the callout kind of a container token, or None."""
    for kind in CALLOUT_KINDS:
        if token.type in (f"container_{kind}_open", f"container_{kind}_close"):
            return kind
    return None


def callout_title(token: Token) -> str:
    """Return the title written after `::: kind`."""
    info = token.info.strip()
    kind = callout_kind(token) or ""
    return normalize(info[len(kind) :]) if info.startswith(kind) else normalize(info)


def plain_text(inline: Token) -> str:
    """Return the visible text of an inline token (no markup), for TOCs and bookmarks."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return normalize("".join(parts))


def restrict_attrs(token: Token) -> None:
    """Keep only `id` and `class` from `{…}` block attributes."""
    for name in list(token.attrs):
        if name not in ALLOWED_ATTRS:
            del token.attrs[name]
