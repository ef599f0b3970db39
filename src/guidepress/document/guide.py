"""Assemble one locale's translated Guide, and find links to anchors nothing defines."""

from __future__ import annotations

from guidepress.config import Config, LocaleFacts
from guidepress.document.chapter import Translate, build_chapter
from guidepress.document.formatting import long_date, name_list, number_formatter
from guidepress.document.language import Marker
from guidepress.document.model import Guide, Translations
from guidepress.errors import Diagnostic
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
        chapters=tuple(
            build_chapter(c, translate, format_number, direction, marker) for c in chapters
        ),
        handout=(
            build_chapter(handout, translate, format_number, direction, marker) if handout else None
        ),
        coverage=coverage,
        draft=draft,
        ui=ui,
        date_text=long_date(config.date, locale),
        authors_text=name_list(list(authors), locale),
        notice=_translated(translate, config.notice),
        handout_notice=_translated(translate, config.handout_notice),
        write_in=tuple(translate("guide", label) for label in config.write_in),
    )


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
