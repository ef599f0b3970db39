"""Glyph coverage of every locale's text, and well-formed external URLs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from guidepress import pipeline
from guidepress.checks import Context, Finding
from guidepress.config import TomlLines
from guidepress.errors import Reporter
from guidepress.glyphs import missing_glyphs

URL = re.compile(r"\]\(([^)\s]+)\)")
# Hosts reserved for examples and tests (RFC 2606, RFC 6761): never a real download address.
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "localhost")
PLACEHOLDER_ZONES = ("example", "test", "invalid", "localhost", *PLACEHOLDER_HOSTS)


def check_glyphs(ctx: Context) -> Iterator[Finding]:
    path = str(ctx.config.path)
    for locale in ctx.locales:
        catalog = pipeline.catalog(path, locale, Reporter(quiet=True))
        for d in missing_glyphs(ctx.config, locale, pipeline.units(path), catalog):
            yield Finding("glyphs", locale, "error", d.path, d.line, d.message)


def check_urls(ctx: Context) -> Iterator[Finding]:
    path = str(ctx.config.path)
    for locale in ctx.locales:
        catalog = pipeline.catalog(path, locale, Reporter(quiet=True))
        for unit in pipeline.units(path):
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


def is_placeholder(url: str) -> bool:
    """True when *url* points at a host reserved for examples, tests or this machine."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    loopback = host.startswith("127.") or host in ("::1", "0.0.0.0")
    return (
        loopback
        or host in PLACEHOLDER_HOSTS
        or host.endswith(tuple("." + zone for zone in PLACEHOLDER_ZONES))
    )


def check_guide_url(ctx: Context) -> Iterator[Finding]:
    """The guide's url is printed on every handout and in its QR code: it must be real."""
    config = ctx.config
    if is_placeholder(config.url):
        line = TomlLines(config.path.read_text(encoding="utf-8")).of("guide", "url")
        yield Finding(
            "links",
            config.source_locale,
            "warning",
            config.relative(config.path),
            line,
            f"guide url {config.url!r} is a placeholder; set [guide] url to the address where "
            "the guide is published before printing (handouts print it and its QR code)",
        )
