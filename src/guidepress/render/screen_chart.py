"""Chart bars for screens (web edition, EPUB): inline SVG drawn in the text's colour.

Bars and numbers are `currentColor`, so they follow the text into a dark colour scheme or
a reading system's night mode, and an inverting night mode turns them with the page. The
second measure is striped inside an outline, told apart from the solid first one by shape,
not shade. Widths are percentages and the numbers a fixed 13 px, so the numbers stay
readable on a phone at any width. No attribute is camelCase (no viewBox, no <pattern>):
ebooklib re-parses XHTML with an HTML parser, which lowercases attribute names.
"""

from __future__ import annotations

from html import escape

BAR = 16
GAP = 6
SIZE = 13
LONGEST = 72.0
"""Per cent of the width the longest bar takes; the rest is room for its number."""


def _bar(index: int, x: float, y: float, width: float, height: float) -> str:
    """A solid bar (even measures) or a striped, outlined one (odd measures); x, width in %."""
    if index % 2 == 0:
        return (
            f'<rect x="{x:.1f}%" y="{y:.1f}" width="{width:.1f}%" height="{height:.1f}" '
            'fill="currentColor"/>'
        )
    middle = y + height / 2
    return (
        f'<rect x="{x:.1f}%" y="{y + 0.75:.1f}" width="{width:.1f}%" height="{height - 1.5:.1f}" '
        'fill="none" stroke="currentColor" stroke-width="1.5"/>'
        f'<line x1="{x:.1f}%" x2="{x + width:.1f}%" y1="{middle:.1f}" y2="{middle:.1f}" '
        f'stroke="currentColor" stroke-width="{height:.1f}" stroke-dasharray="2 3"/>'
    )


def _svg(attributes: str, height: float, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" {attributes} height="{height:g}" '
        f'direction="ltr">{body}</svg>'
    )


def swatch_markup(index: int) -> str:
    """The legend's sample of measure *index*, hidden from assistive technology."""
    return _svg(
        'class="chart-swatch" width="14" aria-hidden="true"', 14, _bar(index, 0, 0, 100, 14)
    )


def row_markup(values: tuple[float, ...], texts: tuple[str, ...], rtl: bool, alt: str) -> str:
    """One row's bars, scaled to its own largest value, each followed by its number."""
    scale = LONGEST / (max(values) or 1)
    parts = []
    for index, (value, text) in enumerate(zip(values, texts, strict=True)):
        width, y = value * scale, index * (BAR + GAP)
        x = 100 - width if rtl else 0.0
        parts.append(_bar(index, x, y, width, BAR))
        anchor, edge, shift = ("end", x, -5) if rtl else ("start", x + width, 5)
        parts.append(
            f'<text x="{edge:.1f}%" dx="{shift}" y="{y + BAR * 0.8:.1f}" text-anchor="{anchor}" '
            f'font-size="{SIZE}" fill="currentColor">{escape(text)}</text>'
        )
    height = len(values) * (BAR + GAP) - GAP
    label = f'class="chart-bars" width="100%" role="img" aria-label="{escape(alt)}"'
    return _svg(label, height, "".join(parts))
