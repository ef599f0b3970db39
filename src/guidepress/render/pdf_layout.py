"""Lay a PDF out until it is right: notes on their calls' pages, printed page numbers true.

The first layout keeps each note with its call (pdf_keepnotes), which is enough for every
guide we build. It is then measured: a note off its call's page (pdf_notes) or a stale
printed page number (pdf_pages) costs another whole layout, only then. Each further pass
corrects what the last one measured; what is still wrong after the last pass fails the
build, naming the note or the entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from guidepress.errors import BuildError, Diagnostic
from guidepress.render.pdf_keepnotes import notes_kept_with_calls
from guidepress.render.pdf_notes import break_before_calls, first_per_chapter, misplaced_notes
from guidepress.render.pdf_pages import anchor_pages, fix_numbers, fixed_stylesheet, wrong_numbers

MAX_PASSES = 8


def lay_out(
    document: Any, css: str, make_css: Callable[[str], Any], options: dict[str, Any], where: str
) -> Any:
    """Render *document* with *css* (made by *make_css*) until notes and numbers are right."""
    moved: set[str] = set()
    stylesheet = make_css(css)
    problems: list[str] = []
    for _ in range(MAX_PASSES):
        with notes_kept_with_calls():
            rendered = document.render(stylesheets=[stylesheet], **options)
        misplaced = misplaced_notes(rendered.pages)
        keys = first_per_chapter(key for _, key in misplaced if key not in moved)
        if keys:
            moved |= keys
            break_before_calls(document.etree_element, keys)
            continue
        wrong = wrong_numbers(rendered.pages)
        problems = [
            f"page {page}: note {key} cannot be set on its call's page" for page, key in misplaced
        ]
        problems += [
            f"page {page}: the page number printed for #{target} stays {printed}, "
            f"not {actual}, after {MAX_PASSES} layouts"
            for page, target, printed, actual in wrong
        ]
        if not problems:
            return rendered
        if misplaced:
            break
        if fixed_stylesheet(css) != css:
            css = fixed_stylesheet(css)
            stylesheet = make_css(css)
        fix_numbers(document.etree_element, anchor_pages(rendered.pages))
    raise BuildError([Diagnostic(where, 0, "error", problem) for problem in problems])
