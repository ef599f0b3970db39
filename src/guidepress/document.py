"""Assemble one locale's translated Guide: chapters, headings, footnotes and data tables."""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from babel import Locale
from babel.numbers import format_decimal
from markdown_it.token import Token

from guidepress import markup
from guidepress.assets import data_uri
from guidepress.config import Config, FontStack, script_of
from guidepress.errors import Diagnostic
from guidepress.htmlwriter import RenderState, render_inline, render_tokens, slugify
from guidepress.sources import SourceChapter, has_words, image_alt, is_marker, top_level_blocks

Translate = Callable[[str, str], str]
"""(msgctxt, msgid) -> the text to show: a msgstr, or msgid when there is none."""


@dataclass(frozen=True)
class Heading:
    """A chapter or section heading, for the table of contents and bookmarks."""

    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Footnote:
    """A numbered note of a chapter, as HTML."""

    id: str
    number: int
    html: str
    ref_id: str


@dataclass(frozen=True)
class DataTable:
    """A table marked `.chart`: its labels and numbers, to draw as a chart."""

    id: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[float, ...]], ...]
    texts: tuple[tuple[str, ...], ...]

    def description(self) -> str:
        """A plain-text alternative: every row with its labelled values."""
        rows = []
        for (label, _values), texts in zip(self.rows, self.texts, strict=True):
            cells = ", ".join(f"{c} {t}" for c, t in zip(self.columns, texts, strict=True))
            rows.append(f"{label}: {cells}")
        return "; ".join(rows)


@dataclass(frozen=True)
class Chapter:
    """One translated chapter."""

    number: int
    slug: str
    title: str
    summary: str
    html: str
    headings: tuple[Heading, ...]
    footnotes: tuple[Footnote, ...]
    tables: tuple[DataTable, ...]
    source: str


@dataclass(frozen=True)
class Guide:
    """Everything a renderer needs for one locale, already translated."""

    locale: str
    language_name: str
    direction: str
    scripts: tuple[FontStack, ...]
    slug: str
    title: str
    subtitle: str
    authors: tuple[str, ...]
    publisher: str
    version: str
    date: dt.date
    timestamp: dt.datetime
    url: str
    chapters: tuple[Chapter, ...]
    handout: Chapter | None
    coverage: float
    draft: bool
    ui: gettext.NullTranslations = field(compare=False)

    @property
    def timestamp_iso(self) -> str:
        """The artifacts' creation time as the PDF and EPUB metadata write it."""
        return self.timestamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def format_number(self, value: float) -> str:
        return str(format_decimal(value, locale=self.locale))


def language_name(locale: str) -> str:
    """Return the language's name in its own language, capitalised for menus."""
    name = Locale.parse(locale).get_display_name(locale) or locale
    return name[:1].upper() + name[1:]


def font_stacks(config: Config, locale: str) -> tuple[FontStack, ...]:
    """The locale's own script first, then Latin, then scripts every edition may print."""
    order = dict.fromkeys([script_of(locale), "Latn", *config.shared_scripts])
    return tuple(config.fonts[s] for s in order if s in config.fonts)


def _assign_heading_ids(tokens: list[Token], slug: str) -> None:
    used: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and not token.attrGet("id"):
            base = f"{slug}-{slugify(markup.plain_text(tokens[index + 1]))}"
            ident, n = base, 2
            while ident in used:
                ident, n = f"{base}-{n}", n + 1
            token.attrSet("id", ident)
        if token.attrGet("id"):
            used.add(str(token.attrGet("id")))


def _retranslate(token: Token, text: str, env: dict[str, Any]) -> None:
    md = markup.parser()
    token.content = text
    token.children = []
    md.inline.parse(text, md, env, token.children)


def _translate_blocks(
    tokens: list[Token], slug: str, translate: Translate, env: dict[str, Any], state: RenderState
) -> list[Token]:
    kept: list[Token] = []
    skip = False
    for block in top_level_blocks(tokens):
        marker = is_marker(block)
        if marker is not None:
            skip = marker == "i18n:skip"
            continue
        if block[0].type == "front_matter":
            continue
        for token in block:
            markup.restrict_attrs(token)
            if skip:
                continue
            alt = image_alt(token)
            if alt is not None:
                _translate_alt(token, translate(slug, alt))
            elif token.type == "inline" and has_words(token.content):
                text = translate(slug, markup.normalize(token.content))
                if text != markup.normalize(token.content):
                    _retranslate(token, text, env)
            elif markup.callout_kind(token) and token.nesting == 1:
                title = markup.callout_title(token)
                if title:
                    token.meta["title_html"] = render_inline(translate(slug, title), env, state)
        kept.extend(block)
        skip = False
    return kept


def _translate_alt(inline: Token, text: str) -> None:
    image = next(child for child in inline.children or [] if child.type == "image")
    alt = Token("text", "", 0)
    alt.content = text
    image.children = [alt]
    image.content = text


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


def _footnotes(notes: list[list[Token]], state: RenderState) -> tuple[Footnote, ...]:
    result = []
    for note in notes:
        label = note[0].meta["label"]
        number = state.footnote_numbers.get(label)
        if number is None:
            continue
        html = render_tokens(note[1:], state).strip()
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        ident = slugify(label)
        result.append(
            Footnote(f"fn-{state.slug}-{ident}", number, html, f"fnref-{state.slug}-{ident}")
        )
    return tuple(sorted(result, key=lambda f: f.number))


def _headings(tokens: list[Token]) -> tuple[Heading, ...]:
    return tuple(
        Heading(int(token.tag[1]), str(token.attrGet("id")), markup.plain_text(tokens[i + 1]))
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    )


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _data_tables(tokens: list[Token], format_number: Callable[[str], str]) -> tuple[DataTable, ...]:
    tables = []
    for index, token in enumerate(tokens):
        if token.type != "table_open" or "chart" not in str(token.attrGet("class") or ""):
            continue
        rows: list[list[Token]] = []
        for inner in tokens[index:]:
            if inner.type == "table_close":
                break
            if inner.type == "tr_open":
                rows.append([])
            elif inner.type == "inline":
                rows[-1].append(inner)
        columns = tuple(markup.plain_text(cell) for cell in rows[0][1:])
        cells = [[cell.content.strip() for cell in row[1:]] for row in rows[1:]]
        data = tuple(
            (markup.plain_text(row[0]), tuple(_number(text) or 0.0 for text in texts))
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
) -> Chapter:
    """Translate and render one chapter."""
    env: dict[str, Any] = {}
    tokens = markup.parser().parse(source.text, env)
    _assign_heading_ids(tokens, source.slug)
    state = RenderState(source.slug, format_number, direction=direction)
    if source.file is not None:
        chapter_file = source.file
        state.image_source = lambda src: data_uri(src, chapter_file)
    env["state"] = state
    tokens = _translate_blocks(tokens, source.slug, translate, env, state)
    body, notes = _split_footnotes(tokens)
    html = render_tokens(body, state)
    title = translate(source.slug, source.title)
    summary = translate(source.slug, source.summary) if source.summary else ""
    headings = (Heading(1, source.slug, title), *_headings(body))
    return Chapter(
        source.number,
        source.slug,
        title,
        summary,
        html,
        headings,
        _footnotes(notes, state),
        _data_tables(body, format_number),
        source.path,
    )


def assemble(
    config: Config,
    locale: str,
    chapters: list[SourceChapter],
    handout: SourceChapter | None,
    translate: Translate,
    ui: gettext.NullTranslations,
    coverage: float,
    draft: bool,
) -> Guide:
    """Translate every chapter and the guide's metadata for *locale*."""

    def format_number(text: str) -> str:
        decimals = len(text.partition(".")[2])
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return str(format_decimal(float(text), format=pattern, locale=locale))

    direction = Locale.parse(locale).text_direction
    return Guide(
        locale=locale,
        language_name=language_name(locale),
        direction=direction,
        scripts=font_stacks(config, locale),
        slug=config.slug,
        title=translate("guide", config.title),
        subtitle=translate("guide", config.subtitle) if config.subtitle else "",
        authors=tuple(translate("guide", author) for author in config.authors),
        publisher=translate("guide", config.publisher),
        version=config.version,
        date=config.date,
        timestamp=config.timestamp,
        url=config.url,
        chapters=tuple(build_chapter(c, translate, format_number, direction) for c in chapters),
        handout=build_chapter(handout, translate, format_number, direction) if handout else None,
        coverage=coverage,
        draft=draft,
        ui=ui,
    )


def dead_links(chapters: list[SourceChapter]) -> list[Diagnostic]:
    """A warning for each `[text](#id)` whose id no chapter, heading or block defines."""
    parsed = []
    known: set[str] = set()
    for chapter in chapters:
        tokens = markup.parser().parse(chapter.text, {})
        _assign_heading_ids(tokens, chapter.slug)
        known.add(chapter.slug)
        known |= {str(t.attrGet("id")) for t in tokens if t.attrGet("id")}
        parsed.append((chapter, tokens))
    problems = []
    for chapter, tokens in parsed:
        for token in tokens:
            if token.type != "inline":
                continue
            for child in token.children or []:
                href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
                if href.startswith("#") and href[1:] not in known:
                    line = token.map[0] + 1 if token.map else 0
                    problems.append(
                        Diagnostic(chapter.path, line, "warning", f"link to unknown anchor {href}")
                    )
    return problems
