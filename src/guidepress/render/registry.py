"""Every renderer the build knows. A new format is one new module and one line here."""

from __future__ import annotations

from guidepress.render import Renderer
from guidepress.render.epub import EpubRenderer
from guidepress.render.handout import HandoutRenderer
from guidepress.render.pdf import PdfRenderer
from guidepress.render.site import WebRenderer

RENDERERS: tuple[Renderer, ...] = (
    PdfRenderer("pdf", "standard"),
    PdfRenderer("large-print", "large-print"),
    HandoutRenderer(),
    EpubRenderer(),
    WebRenderer(),
)


FORMAT_NAMES: tuple[str, ...] = tuple(r.name for r in RENDERERS)
"""What `[output] formats` in guide.toml may choose from (all of them by default)."""

ONLY_CHOICES: tuple[str, ...] = (*FORMAT_NAMES, "site")
"""What `build --only` accepts: a format, or the download page."""


def renderer(name: str) -> Renderer:
    """The renderer called *name*."""
    return next(r for r in RENDERERS if r.name == name)
