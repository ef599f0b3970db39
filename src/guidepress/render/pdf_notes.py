"""Keep every footnote on the page of its call, where WeasyPrint 70's footnote area cannot.

WeasyPrint moves a note to the next page, or drops it, when the page is nearly full: it
"reports" notes to make room for a line, and a note laid out after a reported one can be
lost. After a render we read the laid-out pages: each call (a box with `.footnote`) and each
note in the page's footnote area. A note that is not on its call's page is the deliberate
fallback's job: the block holding the call starts a new page, where the call and its note
have the whole page, and the document is laid out again. Until that is stable; otherwise the
build fails naming the note.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

NOTE_ATTRIBUTE = "data-note"
# The block that starts a new page when a note in it cannot sit on its call's page.
HEADINGS = {"h2", "h3", "h4"}
BLOCK_TAGS = {"p", "li", "tr", "dd", "dt", "blockquote", "figure", "h2", "h3", "h4", "div"}


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _note_key(element: Any) -> str | None:
    return None if element is None else element.get(NOTE_ATTRIBUTE)


def misplaced_notes(pages: list[Any]) -> list[tuple[int, str]]:
    """(1-based page, note key) of each call whose note is not printed on its page."""
    misplaced = []
    for number, page in enumerate(pages, start=1):
        page_box = page._page_box  # WeasyPrint exposes no other view of the layout
        root, *areas = page_box.children
        printed = {
            _note_key(box.element)
            for area in areas
            if type(area).__name__ == "FootnoteAreaBox"
            for box in _boxes(area)
        }
        for box in _boxes(root):
            footnote = getattr(box, "footnote", None)
            if footnote is None:
                continue
            key = _note_key(footnote.element)
            if key is not None and key not in printed:
                misplaced.append((number, key))
    return misplaced


def first_per_chapter(keys: Iterable[str]) -> set[str]:
    """The first of *keys* ("slug:n") in each chapter.

    Moving one call shifts every later page of its chapter, often putting the next note right,
    so only the first is moved per pass; chapters start on a new page, so they do not interact.
    """
    first: dict[str, str] = {}
    for key in keys:
        first.setdefault(key.rsplit(":", 1)[0], key)
    return set(first.values())


def _parents(root: Any) -> dict[Any, Any]:
    return {child: parent for parent in root.iter() for child in parent}


def break_before_calls(root: Any, keys: set[str]) -> set[str]:
    """Start a new page at the block holding each call in *keys*; return keys not found."""
    parents = _parents(root)
    missing = set(keys)
    for element in root.iter():
        key = element.get(NOTE_ATTRIBUTE)
        if key not in keys:
            continue
        missing.discard(key)
        block = parents.get(element)
        while block is not None and _tag(block) not in BLOCK_TAGS:
            block = parents.get(block)
        if block is not None:
            block = _with_its_heading(block, parents)
            style = block.get("style", "")
            block.set("style", f"{style}; break-before: page".lstrip("; "))
    return missing


def _with_its_heading(block: Any, parents: dict[Any, Any]) -> Any:
    """The heading (or lead-in) just before *block*, if any: it moves with its text."""
    parent = parents.get(block)
    if parent is None:
        return block
    siblings = list(parent)
    index = siblings.index(block)
    before = siblings[index - 1] if index else None
    if before is not None and (
        _tag(before) in HEADINGS or "lead-in" in (before.get("class") or "").split()
    ):
        return before
    return block


def _tag(element: Any) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1]
