"""Data tables for screens (web edition and EPUB): captioned, and scrollable by keyboard.

The paragraph that introduces a table (markdown's lead-in) becomes the table's `<caption>`,
and the table sits in a region that scrolls sideways on a narrow screen; the region takes
the keyboard focus (tabindex="0") and is named by the caption, so a keyboard user can reach
and scroll it and a screen reader announces what it holds.
"""

from __future__ import annotations

import re

TABLE = re.compile(
    r'(?:<p class="lead-in">(?P<caption>(?:(?!</p>).)*)</p>\s*)?<table(?P<attrs>[^>]*)>', re.S
)
ID = re.compile(r'\sid="([^"]+)"')


def framed_tables(html: str, prefix: str) -> str:
    """Give every table of *html* a caption (its lead-in) and a focusable, labelled frame.

    *prefix* (the chapter's slug) makes the ids of tables without their own id unique.
    """
    count = 0

    def frame(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        attrs = match["attrs"]
        found = ID.search(attrs)
        ident = found.group(1) if found else f"{prefix}-table-{count}"
        if not found:
            attrs = f' id="{ident}"{attrs}'
        if match["caption"] is None:
            return f'<div class="table-frame"><table{attrs}>'
        title = f"{ident}-title"
        return (
            f'<div class="table-frame" role="region" tabindex="0" aria-labelledby="{title}">'
            f'<table{attrs}><caption id="{title}">{match["caption"]}</caption>'
        )

    framed = TABLE.sub(frame, html)
    return framed.replace("</table>", "</table></div>") if count else framed
