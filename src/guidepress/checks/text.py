"""Glyph coverage of every locale's text, and well-formed external URLs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from guidepress.checks import Context, Finding
from guidepress.errors import Reporter
from guidepress.fonts.glyphs import missing_glyphs

URL = re.compile(r"\]\(([^)\s]+)\)")


def check_glyphs(ctx: Context) -> Iterator[Finding]:
    pipeline = ctx.pipeline
    for locale in ctx.locales:
        catalog = pipeline.catalog(locale, Reporter(quiet=True))
        facts = ctx.project.facts(locale)
        for d in missing_glyphs(ctx.config, facts, pipeline.units(), catalog):
            yield Finding("glyphs", locale, "error", d.path, d.line, d.message)


def check_urls(ctx: Context) -> Iterator[Finding]:
    pipeline = ctx.pipeline
    for locale in ctx.locales:
        catalog = pipeline.catalog(locale, Reporter(quiet=True))
        for unit in pipeline.units():
            text = catalog.translate(unit.context, unit.msgid)
            for url in URL.findall(text):
                if url.startswith("#"):
                    continue
                parts = urlsplit(url)
                if parts.scheme not in ("https", "mailto") or (
                    parts.scheme == "https" and "." not in parts.netloc
                ):
                    yield Finding(
                        "links",
                        locale,
                        "error",
                        unit.path,
                        unit.line,
                        f"malformed or insecure external link {url!r}",
                    )
