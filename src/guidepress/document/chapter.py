"""Translate one chapter with the shared block walker and render it to body parts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markdown_it.token import Token

from guidepress.document.language import Marker
from guidepress.document.model import Chapter, DataTable, Footnote, Heading
from guidepress.markdown import blocks, parser
from guidepress.markdown.assets import data_uri
from guidepress.markdown.html import (
    RenderState,
    note_label,
    render_inline,
    render_parts,
    slugify,
)
from guidepress.markdown.parts import Body, LocalLink, Part, strip, unwrap_paragraph
from guidepress.markdown.quotes import Quoting, typeset_quotes, typeset_text
from guidepress.markdown.sources import SourceChapter, copy_heading_ids

Translate = Callable[[str, str], str]
"""(msgctxt, msgid) -> the text to show: a msgstr, or msgid when there is none."""


def _retranslate(token: Token, text: str, env: dict[str, Any]) -> None:
    md = parser.parser()
    token.content = text
    token.children = []
    md.inline.parse(text, md, env, token.children)


def _translate_alt(inline: Token, text: str) -> None:
    image = next(child for child in inline.children or [] if child.type == "image")
    alt = Token("text", "", 0)
    alt.content = text
    image.children = [alt]
    image.content = text


def _translate_spot(spot: blocks.Spot, text: str, env: dict[str, Any], state: RenderState) -> None:
    if spot.role == "alt":
        _translate_alt(spot.token, text)
    elif spot.role == "text":
        if text != spot.msgid:
            _retranslate(spot.token, text, env)
    else:
        spot.token.meta["title_parts"] = render_inline(text, env, state)


def translate_tokens(
    tokens: list[Token], slug: str, translate: Translate, env: dict[str, Any], state: RenderState
) -> list[Token]:
    """Replace every spot the walker finds with its translation; drop marker blocks."""
    kept: list[Token] = []
    for block in blocks.blocks(tokens):
        for token in block.tokens:
            parser.restrict_attrs(token)
        for spot in blocks.spots(block):
            _translate_spot(spot, translate(slug, spot.msgid), env, state)
        kept.extend(block.tokens)
    return kept


def _split_footnotes(tokens: list[Token]) -> tuple[list[Token], list[list[Token]]]:
    body: list[Token] = []
    notes: list[list[Token]] = []
    inside = False
    for token in tokens:
        if token.type == "footnote_block_open":
            inside = True
        elif token.type == "footnote_block_close":
            inside = False
        elif token.type == "footnote_open":
            notes.append([token])
        elif inside and token.type != "footnote_anchor":
            if token.type != "footnote_close":
                notes[-1].append(token)
        elif not inside:
            body.append(token)
    return body, notes


def _marked(body: Body, marker: Marker | None) -> Body:
    """*body* with its runs in other languages marked (see document/language.py)."""
    if marker is None:
        return body
    marked: list[Part] = []
    in_link = False
    for part in body:
        if isinstance(part, str):
            part, in_link = marker.mark_linked(part, in_link)
        elif isinstance(part, LocalLink):
            in_link = True  # its opening tag; the text up to `</a>` is the link's
        marked.append(part)
    return tuple(marked)


def _footnotes(
    notes: list[list[Token]], state: RenderState, marker: Marker | None = None
) -> tuple[Footnote, ...]:
    result = []
    for note in notes:
        label = note_label(note[0])
        number = state.footnote_numbers.get(label)
        if number is None:
            continue
        body = _marked(unwrap_paragraph(strip(render_parts(note[1:], state))), marker)
        ident = slugify(label)
        calls = state.footnote_calls.get(label, 1)
        ref_ids = tuple(
            f"fnref-{state.slug}-{ident}" + (f"-{n}" if n > 1 else "") for n in range(1, calls + 1)
        )
        result.append(
            Footnote(f"fn-{state.slug}-{ident}", number, body, ref_ids[0], ref_ids, label)
        )
    return tuple(sorted(result, key=lambda f: f.number))


def _headings(tokens: list[Token]) -> tuple[Heading, ...]:
    return tuple(
        Heading(int(token.tag[1]), str(token.attrGet("id")), parser.plain_text(tokens[i + 1]))
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    )


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _table_rows(tokens: list[Token]) -> list[list[Token]]:
    rows: list[list[Token]] = []
    for inner in tokens:
        if inner.type == "table_close":
            break
        if inner.type == "tr_open":
            rows.append([])
        elif inner.type == "inline":
            rows[-1].append(inner)
    return rows


def _data_tables(tokens: list[Token], format_number: Callable[[str], str]) -> tuple[DataTable, ...]:
    tables = []
    for index, token in enumerate(tokens):
        if token.type != "table_open" or "chart" not in str(token.attrGet("class") or ""):
            continue
        rows = _table_rows(tokens[index:])
        columns = tuple(parser.plain_text(cell) for cell in rows[0][1:])
        cells = [[cell.content.strip() for cell in row[1:]] for row in rows[1:]]
        data = tuple(
            (parser.plain_text(row[0]), tuple(_number(text) or 0.0 for text in texts))
            for row, texts in zip(rows[1:], cells, strict=True)
        )
        texts = tuple(
            tuple(format_number(t) if _number(t) is not None else t for t in row) for row in cells
        )
        tables.append(DataTable(str(token.attrGet("id") or "table"), columns, data, texts))
    return tuple(tables)


def build_chapter(
    source: SourceChapter,
    translate: Translate,
    format_number: Callable[[str], str],
    direction: str = "ltr",
    marker: Marker | None = None,
    quotes: Quoting | None = None,
) -> Chapter:
    """Translate and render one chapter; *marker* marks its runs in other languages, *quotes*
    are the language's quotation marks for its straight quotes."""
    env: dict[str, Any] = {}
    tokens = parser.parser().parse(source.text, env)
    copy_heading_ids(tokens, source)
    state = RenderState(source.slug, format_number, direction=direction, quotes=quotes)
    if source.file is not None:
        chapter_file = source.file
        state.image_source = lambda src: data_uri(src, chapter_file)
    env["state"] = state
    tokens = translate_tokens(tokens, source.slug, translate, env, state)
    references = _mark_references(tokens, source.references)
    typeset_quotes(tokens, quotes)
    body, notes = _split_footnotes(tokens)
    parts = _marked(render_parts(body, state), marker)
    anchors = tuple(state.ids)
    title = typeset_text(translate(source.slug, source.title), quotes)
    summary = typeset_text(translate(source.slug, source.summary), quotes) if source.summary else ""
    headings = (Heading(1, source.slug, title), *_headings(body))
    return Chapter(
        source.number,
        source.slug,
        title,
        summary,
        parts,
        headings,
        _footnotes(notes, state, marker),
        _data_tables(body, format_number),
        source.path,
        anchors,
        references,
    )


def _mark_references(tokens: list[Token], keys: tuple[str, ...]) -> tuple[str, ...]:
    """Give the reference entries (the numbered list's items) ids made of their keys."""
    entries = [t for t in tokens if t.type == "list_item_open" and t.level == 1 and t.info]
    ids = tuple(f"ref-{key}" for key in keys)
    for token, ident in zip(entries, ids, strict=False):
        token.attrSet("id", ident)
    return ids
