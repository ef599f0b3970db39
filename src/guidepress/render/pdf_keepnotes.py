"""Keep a footnote on its call's page in WeasyPrint's one layout: move the line, not the note.

When a line overflows a page and breaking before it would break `orphans`/`widows`,
WeasyPrint 70 (`layout.block._linebox_layout`, its `report` flag) moves the page's last
notes to the next page to make room for that one line, while their calls stay behind: a
displaced note, and a lost one when the report is undone later (issue 22). We turn that
one decision off, so the line breaks normally and orphans/widows move the paragraph, call
and note together.

The change is made on WeasyPrint's own source text of that function, and only while a guide
is laid out (a handout, or a test, sees WeasyPrint unchanged). If that text is not found
(another WeasyPrint), nothing is changed: `pdf_layout` still measures every note after the
layout and falls back to a second layout.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

REPORT = "report = not context.in_column and can_break_now and not could_break_before"
NEVER = "report = False"


@cache
def _line_layout_keeping_notes() -> Callable[..., Any] | None:
    """WeasyPrint's line layout with the one decision changed, or None if it is not found."""
    from weasyprint.layout import block

    function = block._linebox_layout
    try:
        source = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return None
    if source.count(REPORT) != 1:
        return None
    code = compile(source.replace(REPORT, NEVER), inspect.getsourcefile(function) or "", "exec")
    namespace: dict[str, Any] = {}
    exec(code, vars(block), namespace)
    changed: Callable[..., Any] = namespace[function.__name__]
    return changed


@contextmanager
def notes_kept_with_calls() -> Iterator[bool]:
    """Within the block, WeasyPrint moves a line rather than its page's notes.

    Yields whether the change is in effect; WeasyPrint is as it was after the block.
    """
    from weasyprint.layout import block

    changed = _line_layout_keeping_notes()
    original = block._linebox_layout
    if changed is not None:
        block._linebox_layout = changed
    try:
        yield changed is not None
    finally:
        block._linebox_layout = original
