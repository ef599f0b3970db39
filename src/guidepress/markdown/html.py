"""Turn a translated token stream into the neutral body parts every renderer receives."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from guidepress.markdown import parser
from guidepress.markdown.parts import (
    Body,
    ChartSlot,
    LocalLink,
    NoteCall,
    Part,
    SectionStart,
    merge,
)
from guidepress.markdown.quotes import Quoting, typeset_quotes

SAFE_LINK = re.compile(r"^(#[\w.-]+|https://[^\s\"'<>]+|mailto:[^\s\"'<>]+)$", re.UNICODE)
REMOTE = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
NOTE_SEPARATOR = '\u2060<span class="note-sep">,</span>\u2060'  # between adjacent calls


RTL_LETTERS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
# Right-to-left words and the spaces and Arabic commas between them: one isolated run.
RTL_RUN = re.compile(rf"[{RTL_LETTERS}]+(?:[\s\u060c\u061b]+[{RTL_LETTERS}]+)*")


def slugify(text: str) -> str:
    """Return an ASCII anchor id for *text*."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def first_strong_direction(text: str) -> str | None:
    """The direction of the first strongly directional character (Unicode bidi P2)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def note_label(token: Token) -> str:
    """A footnote's label; an inline note (`^[…]`) has none, so its number stands in."""
    return str(token.meta.get("label") or f"inline-{token.meta.get('id', 0)}")


@dataclass
class RenderState:
    """What one chapter's rendering needs and collects."""

    slug: str
    format_number: Callable[[str], str]
    footnote_numbers: dict[str, int] = field(default_factory=dict)
    footnote_calls: dict[str, int] = field(default_factory=dict)
    direction: str = "ltr"
    item_direction: str | None = None
    """The direction of the list item being rendered, when it is not the chapter's."""
    image_source: Callable[[str], str] = str
    ids: list[str] = field(default_factory=list)
    """Every id attribute written so far (note calls included), in order."""
    quotes: Quoting | None = None
    """The book's quotation marks for straight quotes in text (None: leave them)."""


class NeutralRenderer(RendererHTML):
    """markdown-it's HTML renderer with our rules for notes, callouts, links and tables."""

    def renderToken(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        ident = tokens[idx].attrGet("id")
        if ident and not tokens[idx].hidden:
            env["state"].ids.append(str(ident))
        return super().renderToken(tokens, idx, options, env)

    def link_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        href = str(tokens[idx].attrGet("href") or "")
        if not SAFE_LINK.match(href):
            tokens[idx].attrs = {"class": "unsafe-link"}
            return '<span class="unsafe-link">'
        attrs = f' href="{escape(href)}"'
        if href.startswith("https://"):
            attrs += ' class="external"'
        return f"<a{attrs}>"

    def link_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        opener = _matching_open(tokens, idx, "link_open")
        return (
            "</span>" if opener is not None and opener.attrGet("class") == "unsafe-link" else "</a>"
        )

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        alt = escape(parser.plain_text(token) if token.children else token.content)
        state: RenderState = env["state"]
        raw = str(token.attrGet("src") or "")
        if REMOTE.match(raw):  # never fetch: show the description instead
            return f'<span class="missing-image">{alt}</span>'
        src = state.image_source(raw)
        return f'<img src="{escape(src)}" alt="{alt}"/>'

    def span_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        language = str(tokens[idx].attrGet("lang") or "")
        return f'<span lang="{language}">' if parser.LANGUAGE_TAG.fullmatch(language) else "<span>"

    def text(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        text = escape(tokens[idx].content, quote=False)
        state: RenderState = env["state"]
        if state.item_direction == "ltr" and state.direction == "rtl":
            # Arabic words in a Latin reference entry keep their order: each run isolated.
            return RTL_RUN.sub(lambda m: f"<bdi>{m.group(0)}</bdi>", text)
        return text

    def td_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        inline = tokens[idx + 1]
        if NUMBER.match(inline.content.strip()):
            state: RenderState = env["state"]
            inline.children = [_text_token(state.format_number(inline.content.strip()))]
            return '<td class="number">'
        return self.renderToken(tokens, idx, options, env)

    def th_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return '<th scope="col">' if _in_thead(tokens, idx) else '<th scope="row">'

    def list_item_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        state: RenderState = env["state"]
        inline = next((t for t in tokens[idx:] if t.type == "inline"), None)
        own = first_strong_direction(inline.content) if inline else None
        state.item_direction = own if own and own != state.direction else None
        ident = str(tokens[idx].attrGet("id") or "")
        if ident:
            state.ids.append(ident)
        id_attr = f' id="{escape(ident)}"' if ident else ""
        return f'<li{id_attr} dir="{own}">' if state.item_direction else f"<li{id_attr}>"

    def list_item_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        env["state"].item_direction = None
        return self.renderToken(tokens, idx, options, env)

    def paragraph_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        following = (
            next((t for t in tokens[idx + 1 :] if t.nesting == 1 and t.level == 0), None)
            if tokens[idx].level == 0
            else None
        )
        if following is not None and following.type == "table_open":
            return '<p class="lead-in">'
        return "" if tokens[idx].hidden else "<p>"

    def heading_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        ident = str(token.attrGet("id") or "")
        if ident:
            env["state"].ids.append(ident)
        return f'<{token.tag} id="{escape(ident)}">'

    # --- the tokens that become structured parts ----------------------------------------

    def render_body(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> Body:
        """Render block tokens to body parts (markdown-it's `render`, keeping structure)."""
        out: list[Part] = []
        for index, token in enumerate(tokens):
            if token.type == "inline":
                for child_index in range(len(token.children or [])):
                    out += self._part(token.children or [], child_index, options, env)
            else:
                out += self._part(tokens, index, options, env)
        return merge(out)

    def _part(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> list[Part]:
        token = tokens[idx]
        if token.type == "footnote_ref":
            return self._note_call(tokens, idx, env)
        href = str(token.attrGet("href") or "") if token.type == "link_open" else ""
        if href.startswith("#") and SAFE_LINK.match(href):
            return [LocalLink(href[1:])]
        if token.type == "table_close":
            return self._table_close(tokens, idx)
        if parser.callout_kind(token):
            return self._callout(token, env)
        found: list[Part] = (
            [SectionStart()] if token.type == "heading_open" and token.tag == "h2" else []
        )
        rule = self.rules.get(token.type)
        html = (
            rule(tokens, idx, options, env) if rule else self.renderToken(tokens, idx, options, env)
        )
        return [*found, html]

    def _note_call(self, tokens: Sequence[Token], idx: int, env: EnvType) -> list[Part]:
        state: RenderState = env["state"]
        label = note_label(tokens[idx])
        number = state.footnote_numbers.setdefault(label, len(state.footnote_numbers) + 1)
        seen = state.footnote_calls.get(label, 0)
        state.footnote_calls[label] = seen + 1
        ref_id = f"fnref-{state.slug}-{slugify(label)}" + (f"-{seen + 1}" if seen else "")
        state.ids.append(ref_id)
        previous = tokens[idx - 1] if idx > 0 else None
        adjacent = previous is not None and previous.type == "footnote_ref"
        # word joiners so no line breaks next to a call
        separator = NOTE_SEPARATOR if adjacent else "\u2060"
        return [separator, NoteCall(f"fn-{state.slug}-{slugify(label)}", ref_id, number)]

    def _table_close(self, tokens: Sequence[Token], idx: int) -> list[Part]:
        opener = _matching_open(tokens, idx, "table_open")
        if opener is not None and "chart" in str(opener.attrGet("class") or ""):
            return ["</table>\n", ChartSlot(escape(str(opener.attrGet("id") or "table"))), "\n"]
        return ["</table>\n"]

    def _callout(self, token: Token, env: EnvType) -> list[Part]:
        if token.nesting == -1:
            return ["</div>\n"]
        kind = parser.callout_kind(token) or "note"
        ident = token.attrGet("id")
        id_attr = f' id="{escape(str(ident))}"' if ident else ""
        if ident:
            env["state"].ids.append(str(ident))
        title: Body = token.meta.get("title_parts", ())
        opening = f'<div class="callout callout-{kind}" role="note"{id_attr}>'
        if not title:
            return [opening + "\n"]
        return [opening + '<p class="callout-title">', *title, "</p>\n"]


def _text_token(text: str) -> Token:
    token = Token("text", "", 0)
    token.content = text
    return token


def _in_thead(tokens: Sequence[Token], idx: int) -> bool:
    for token in reversed(tokens[:idx]):
        if token.type in ("thead_open", "tbody_open"):
            return token.type == "thead_open"
    return False


def _matching_open(tokens: Sequence[Token], idx: int, kind: str) -> Token | None:
    for token in reversed(tokens[:idx]):
        if token.type == kind:
            return token
    return None


def render_parts(tokens: list[Token], state: RenderState) -> Body:
    """Render a token stream to neutral body parts."""
    env: dict[str, Any] = {"state": state}
    return NeutralRenderer().render_body(tokens, parser.parser().options, env)


def render_inline(text: str, env: dict[str, Any], state: RenderState) -> Body:
    """Render one line of inline Markdown (a callout title, say) to body parts."""
    md = parser.parser()
    children: list[Token] = []
    md.inline.parse(text, md, env, children)
    inline = Token("inline", "", 0, content=text)
    inline.children = children
    typeset_quotes([inline], state.quotes)
    return render_parts([inline], state)
