"""Printed page numbers that match the laid-out pages, or a build that fails naming them.

Contents entries and cross-references print `target-counter(attr(href url), page)`. When a
later change of layout moves a target (a note moved to keep it on its call's page, a longer
number), WeasyPrint 70 can keep a stale number. After each layout we compare every printed
number (the `::after` of a link) with the page its target landed on. If one is wrong, every
link gets its target's page as `data-page` and the stylesheet prints that instead; the layout
is repeated until the printed numbers and the pages agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

TARGET_COUNTER = "target-counter(attr(href url), page)"
FIXED_NUMBER = "attr(data-page)"
TRAILING_NUMBER = re.compile(r"(\d+)\D*$")


def _after_boxes(box: Any) -> Iterator[Any]:
    """The outermost `::after` boxes of internal links under *box*."""
    tag = getattr(box, "element_tag", None) or ""
    element = getattr(box, "element", None)
    if tag.endswith("::after") and element is not None:
        if (element.get("href") or "").startswith("#"):
            yield box
        return
    for child in getattr(box, "children", ()):
        yield from _after_boxes(child)


def _text(box: Any) -> str:
    own = getattr(box, "text", "")
    return own + "".join(_text(child) for child in getattr(box, "children", ()))


def anchor_pages(pages: list[Any]) -> dict[str, int]:
    """Each anchor's 1-based page."""
    found: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        for name in page.anchors:
            found.setdefault(name, number)
    return found


def wrong_numbers(pages: list[Any]) -> list[tuple[int, str, int, int]]:
    """(page, target, printed, actual) of every printed page number that is wrong."""
    anchors = anchor_pages(pages)
    wrong = []
    for number, page in enumerate(pages, start=1):
        for box in _after_boxes(page._page_box):  # WeasyPrint exposes no other layout view
            target = box.element.get("href")[1:]
            printed = TRAILING_NUMBER.search(_text(box))
            if printed and target in anchors and int(printed.group(1)) != anchors[target]:
                wrong.append((number, target, int(printed.group(1)), anchors[target]))
    return wrong


def fix_numbers(root: Any, anchors: dict[str, int]) -> None:
    """Give every internal link its target's page, for the stylesheet to print."""
    for element in root.iter():
        href = element.get("href") or "" if isinstance(element.tag, str) else ""
        if href.startswith("#") and href[1:] in anchors:
            element.set("data-page", str(anchors[href[1:]]))


def fixed_stylesheet(css: str) -> str:
    """The stylesheet printing each link's `data-page` instead of its target counter."""
    return css.replace(TARGET_COUNTER, FIXED_NUMBER)
