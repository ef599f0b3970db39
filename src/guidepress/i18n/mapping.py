"""What `i18n extract` reads, and with which Babel extractor.

A guide needs no `babel.cfg`: the built-in mapping reads its chapters and handout (our
Markdown extractor), guide.toml (our settings extractor) and its own `templates/` (Jinja2).
A guide that keeps a `babel.cfg` has it used instead of the built-in mapping. Either way
the packaged theme's templates that the guide does not replace are extracted too, with
references like `guidepress/theme/pdf/guide.html:12` (the chart's template only for a guide
with a `.chart` table, so translators of other guides never see its caption).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg

from guidepress.config import Config
from guidepress.markdown.sources import Sources
from guidepress.theme import PACKAGED, TEMPLATE_SUFFIXES, shown

Found = tuple[str, int, Any, list[str], str | None]
"""(reference path, line, message, extracted comments, msgctxt)"""
JINJA = {"silent": "false"}
CHART_TEMPLATE = "shared/chart.html"


def has_chart(sources: Sources) -> bool:
    """True when a chapter or the handout has a `.chart` table."""
    return any(
        token.type == "table_open" and "chart" in str(token.attrGet("class") or "").split()
        for chapter in sources.every()
        for token in chapter.tokens
    )


def builtin_mapping(config: Config) -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    """Babel's (method map, options map) for a guide without babel.cfg."""
    sources = {Path(config.relative(c.path)).parent.as_posix() for c in config.chapters}
    methods = [(f"{folder}/**.md", "guidepress_markdown") for folder in sorted(sources)]
    if config.handout is not None:
        methods.append((config.relative(config.handout), "guidepress_markdown"))
    methods.append((config.relative(config.path), "guidepress_config"))
    templates = config.relative(config.templates_dir)
    patterns = [f"{templates}/**{suffix}" for suffix in TEMPLATE_SUFFIXES]
    methods += [(pattern, "jinja2") for pattern in patterns]
    return methods, {pattern: dict(JINJA) for pattern in patterns}


def _mapping(config: Config) -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    cfg = config.root / "babel.cfg"
    if not cfg.is_file():
        return builtin_mapping(config)
    with cfg.open(encoding="utf-8") as handle:
        methods, options = parse_mapping_cfg(handle, str(cfg))  # type: ignore[no-untyped-call]
    return list(methods), dict(options)


def messages(config: Config, charts: bool = True) -> Iterator[Found]:
    """Every message of the guide's sources, then of the packaged templates it uses."""
    methods, options = _mapping(config)
    keywords = dict(DEFAULT_KEYWORDS)
    for name, line, message, comments, context in extract_from_dir(
        str(config.root), methods, options, keywords=keywords
    ):
        yield os.path.normpath(name), line, message, comments, context
    for path in config.theme.files():
        name = path.relative_to(PACKAGED).as_posix() if path.is_relative_to(PACKAGED) else ""
        if name and path.suffix in TEMPLATE_SUFFIXES and (charts or name != CHART_TEMPLATE):
            for line, message, comments, context in extract_from_file(
                "jinja2", str(path), keywords=keywords, options=JINJA
            ):
                yield shown(path, config.root), line, message, comments, context
