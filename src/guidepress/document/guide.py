"""Assemble one locale's translated Guide, and find links to anchors nothing defines."""

from __future__ import annotations

from dataclasses import replace

from guidepress.config import Config, LocaleFacts
from guidepress.config.licences import LICENCES
from guidepress.document.chapter import Translate, build_chapter
from guidepress.document.formatting import long_date, name_list, number_formatter
from guidepress.document.language import Marker
from guidepress.document.model import Chapter, Footnote, Guide, Translations
from guidepress.errors import Diagnostic
from guidepress.markdown.parts import LocalLink
from guidepress.markdown.quotes import quoting
from guidepress.markdown.sources import SourceChapter


def assemble(
    config: Config,
    facts: LocaleFacts,
    chapters: list[SourceChapter],
    handout: SourceChapter | None,
    translate: Translate,
    ui: Translations,
    coverage: float,
    draft: bool,
) -> Guide:
    """Translate every chapter and the guide's metadata for the locale of *facts*."""
    locale, direction = facts.code, facts.direction
    format_number = number_formatter(locale)
    authors = tuple(translate("guide", author) for author in config.authors)
    marker = Marker(config.source_locale, facts.script, direction)
    quotes = quoting(locale, facts.script, config.source_locale)
    return Guide(
        locale=locale,
        language_name=facts.name,
        direction=direction,
        scripts=facts.fonts,
        slug=config.slug,
        title=translate("guide", config.title),
        subtitle=translate("guide", config.subtitle) if config.subtitle else "",
        authors=authors,
        publisher=translate("guide", config.publisher),
        keywords=translate("guide", ", ".join(config.keywords)) if config.keywords else "",
        version=config.version,
        date=config.date,
        timestamp=config.timestamp,
        url=config.url,
        chapters=link_notes_to_entries(
            tuple(
                build_chapter(c, translate, format_number, direction, marker, quotes)
                for c in chapters
            )
        ),
        handout=(
            build_chapter(handout, translate, format_number, direction, marker, quotes)
            if handout
            else None
        ),
        coverage=coverage,
        draft=draft,
        ui=ui,
        date_text=long_date(config.date, locale),
        authors_text=name_list(list(authors), locale),
        licence_name=LICENCES[config.licence].name,
        licence_url=LICENCES[config.licence].url,
        feedback=config.feedback,
        notice=_translated(translate, config.notice),
        handout_notice=_translated(translate, config.handout_notice),
        write_in=tuple(translate("guide", label) for label in config.write_in),
    )


def link_notes_to_entries(chapters: tuple[Chapter, ...]) -> tuple[Chapter, ...]:
    """Point each note's link to the reference list at its own entry: a note `[^key]` that
    links to the chapter listing `key` links to that entry instead."""
    listed = {c.slug: c.references for c in chapters if c.references}
    if not listed:
        return chapters
    return tuple(
        replace(c, footnotes=tuple(_retarget(note, listed) for note in c.footnotes))
        for c in chapters
    )


def _retarget(note: Footnote, listed: dict[str, tuple[str, ...]]) -> Footnote:
    entry = f"ref-{note.key}"
    body = tuple(
        LocalLink(entry)
        if isinstance(part, LocalLink) and entry in listed.get(part.target, ())
        else part
        for part in note.body
    )
    return replace(note, body=body)


def _translated(translate: Translate, text: str) -> str:
    return translate("guide", text) if text else ""


def dead_links(chapters: list[SourceChapter]) -> list[Diagnostic]:
    """A warning for each `[text](#id)` whose id no chapter, heading or block defines."""
    parsed = []
    known: set[str] = set()
    for chapter in chapters:
        tokens = chapter.tokens
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
