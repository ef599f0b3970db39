"""Draw a `.chart` data table as grouped bars: SVG bars and numbers, HTML labels.

Words stay in HTML because renderers shape and order them properly there (WeasyPrint's SVG
text neither shapes Arabic nor orders right-to-left runs); each row's bars and values are a
small SVG whose alternative text repeats the row's figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

import jinja2

from guidepress.document import Chapter, ChartSlot, DataTable, Guide
from guidepress.render.screen_chart import row_markup, swatch_markup

WIDTH = 420
BAR_HEIGHT = 13
GAP = 3
VALUE_ROOM = 48
FILLS = ("#222222", "url(#hatch)")
HATCH = (
    '<defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="5" height="5" fill="#fff"/>'
    '<line x1="0" y1="0" x2="0" y2="5" stroke="#000" stroke-width="2"/></pattern></defs>'
)

Source = Callable[[str, str], str]
"""(file stem, SVG text) -> the src of an <img> showing it."""


@dataclass(frozen=True)
class ChartRow:
    """One measure: its label, and an image of its bars."""

    label: str
    src: str
    alt: str
    svg: str = ""
    """Inline SVG markup instead of an image (screens), or empty."""


@dataclass(frozen=True)
class Swatch:
    """A legend entry."""

    label: str
    src: str
    svg: str = ""


def _svg(width: float, height: float, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">{HATCH}{body}</svg>'
    )


def _rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
        f'fill="{fill}" stroke="#000" stroke-width="0.8"/>'
    )


def swatch_svg(index: int) -> str:
    return _svg(12, 12, _rect(0.5, 0.5, 11, 11, FILLS[index % 2]))


def row_svg(
    values: tuple[float, ...], texts: tuple[str, ...], rtl: bool, text_scale: float = 1.0
) -> str:
    """Bars for one row, scaled to its own largest value, each with its number.

    *text_scale* enlarges the numbers (large print); the bars keep their thickness, so a
    table and its chart still fit on one page.
    """
    bar, gap, room = BAR_HEIGHT, GAP * text_scale, VALUE_ROOM * text_scale
    size = 10.5 * text_scale
    usable = WIDTH - room
    scale = usable / (max(values) or 1)
    parts = []
    for index, (value, text) in enumerate(zip(values, texts, strict=True)):
        width = value * scale
        y = 1 + index * (bar + gap)
        x = WIDTH - width - 1 if rtl else 1
        parts.append(_rect(x, y, width, bar, FILLS[index % 2]))
        text_x, anchor = (x - 4, "end") if rtl else (x + width + 4, "start")
        parts.append(
            f'<text x="{text_x:.1f}" y="{y + bar * 0.8:.1f}" text-anchor="{anchor}" '
            f'font-size="{size:.1f}" font-family="sans-serif">{escape(text)}</text>'
        )
    height = len(values) * (bar + gap) + 1
    return _svg(WIDTH, round(height, 1), "".join(parts))


def data_uri(stem: str, svg: str) -> str:
    """Embed an SVG in the page (for PDFs)."""
    return "data:image/svg+xml;charset=utf-8," + quote(svg)


def chart_parts(
    table: DataTable, guide: Guide, source: Source | None, text_scale: float = 1.0
) -> tuple[list[Swatch], list[ChartRow]]:
    """The legend and the rows of bars: images from *source*, or inline SVG if it is None."""
    rtl = guide.direction == "rtl"
    swatches = [
        Swatch(name, source(f"{table.id}-key-{i}", swatch_svg(i)))
        if source
        else Swatch(name, "", swatch_markup(i))
        for i, name in enumerate(table.columns)
    ]
    rows = []
    for index, ((label, values), texts) in enumerate(zip(table.rows, table.texts, strict=True)):
        alt = ", ".join(f"{c} {t}" for c, t in zip(table.columns, texts, strict=True))
        if source is None:
            rows.append(ChartRow(label, "", alt, row_markup(values, texts, rtl, alt)))
            continue
        svg = row_svg(values, texts, rtl, text_scale)
        rows.append(ChartRow(label, source(f"{table.id}-row-{index + 1}", svg), alt))
    return swatches, rows


def chart_drawer(
    chapter: Chapter,
    guide: Guide,
    env: jinja2.Environment,
    source: Source | None,
    text_scale: float = 1.0,
) -> Callable[[ChartSlot], str]:
    """A function that draws the figure of each of *chapter*'s chart slots (*source* as in
    `chart_parts`)."""
    tables = {table.id: table for table in chapter.tables}
    template = env.get_template("shared/chart.html")

    def draw(slot: ChartSlot) -> str:
        table = tables.get(slot.table_id)
        if table is None:
            return ""
        swatches, rows = chart_parts(table, guide, source, text_scale)
        return template.render(table=table, swatches=swatches, rows=rows)

    return draw
