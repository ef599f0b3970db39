"""Draw a `.chart` data table as an accessible, grayscale-safe SVG of grouped bars."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from urllib.parse import quote

import jinja2

from guidepress.document import Chapter, DataTable, Guide

WIDTH = 480
ROW_HEIGHT = 54
BAR_HEIGHT = 14
TOP = 34
FILLS = ("#222222", "url(#hatch)")
CHART_PLACEHOLDER = re.compile(r'<figure class="chart" data-chart="([^"]+)"></figure>')
HATCH = (
    '<defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="5" height="5" fill="#fff"/>'
    '<line x1="0" y1="0" x2="0" y2="5" stroke="#000" stroke-width="2"/></pattern></defs>'
)


def _rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
        f'fill="{fill}" stroke="#000" stroke-width="0.8"/>'
    )


def _text(
    x: float, y: float, text: str, anchor: str, size: float = 11, weight: str = "normal"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'font-weight="{weight}">{escape(text)}</text>'
    )


class _Frame:
    """Left-to-right or mirrored x coordinates."""

    def __init__(self, rtl: bool) -> None:
        self.rtl = rtl
        self.anchor = "end" if rtl else "start"

    def x(self, offset: float, width: float = 0.0) -> float:
        return WIDTH - offset - width if self.rtl else offset

    def after(self, offset: float, width: float, gap: float) -> float:
        return WIDTH - offset - width - gap if self.rtl else offset + width + gap


def _legend(table: DataTable, frame: _Frame) -> list[str]:
    parts = []
    for index, name in enumerate(table.columns):
        offset = 4 + index * 170
        parts.append(_rect(frame.x(offset, 12), 6, 12, 12, FILLS[index % 2]))
        parts.append(_text(frame.after(offset, 12, 6), 16, name, frame.anchor))
    return parts


def _rows(table: DataTable, frame: _Frame) -> list[str]:
    parts = []
    usable = WIDTH - 70
    for row_index, (label, values) in enumerate(table.rows):
        top = TOP + row_index * ROW_HEIGHT
        parts.append(_text(frame.x(4), top + 10, label, frame.anchor, weight="bold"))
        scale = usable / ((max(values) or 1) * 1.1)
        for index, value in enumerate(values):
            width = value * scale
            y = top + 16 + index * (BAR_HEIGHT + 3)
            parts.append(_rect(frame.x(4, width), y, width, BAR_HEIGHT, FILLS[index % 2]))
            parts.append(
                _text(
                    frame.after(4, width, 4),
                    y + 11,
                    table.texts[row_index][index],
                    frame.anchor,
                    size=10,
                )
            )
    return parts


def chart_svg(table: DataTable, guide: Guide) -> str:
    """Return an SVG chart: one group of bars per row, each row on its own scale."""
    frame = _Frame(guide.direction == "rtl")
    height = TOP + ROW_HEIGHT * len(table.rows)
    families = ", ".join(dict.fromkeys(s.body for s in guide.scripts)) + ", serif"
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" role="img">',
            f"<title>{escape(table.description())}</title>",
            HATCH,
            f'<g font-family="{escape(families)}" fill="#000">',
            *_legend(table, frame),
            *_rows(table, frame),
            "</g></svg>",
        ]
    )


def data_uri(table: DataTable, svg: str) -> str:
    """Embed the SVG in the page (for PDFs)."""
    return "data:image/svg+xml;charset=utf-8," + quote(svg)


def insert_charts(
    html: str,
    chapter: Chapter,
    guide: Guide,
    env: jinja2.Environment,
    source: Callable[[DataTable, str], str],
) -> str:
    """Replace each chart placeholder with its figure; *source* turns an SVG into an img src."""
    tables = {table.id: table for table in chapter.tables}
    template = env.get_template("shared/chart.html")

    def replace(match: re.Match[str]) -> str:
        table = tables.get(match.group(1))
        if table is None:
            return ""
        return template.render(table=table, src=source(table, chart_svg(table, guide)))

    return CHART_PLACEHOLDER.sub(replace, html)
