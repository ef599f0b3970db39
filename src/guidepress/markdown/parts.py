"""The pieces a chapter body is made of: HTML text, note calls, chart slots, section starts.

The Markdown stage writes a body as a tuple of parts; each renderer joins them its own way
(a PDF puts the note's text at its call, an EPUB marks the call as a noteref, the web
edition keeps the link), so no renderer re-reads HTML to find them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class NoteCall:
    """A footnote call: the note it points to, its own id and the note's number."""

    note_id: str
    ref_id: str
    number: int

    def html(self, attributes: str = "") -> str:
        """The call as a link to its note; *attributes* go before `role`."""
        return (
            f'<a class="noteref" href="#{self.note_id}" id="{self.ref_id}"{attributes} '
            f'role="doc-noteref">{self.number}</a>'
        )


@dataclass(frozen=True)
class ChartSlot:
    """Where the chart of a `.chart` table goes (right after the table)."""

    table_id: str

    def html(self) -> str:
        """The empty figure that stands for the chart when nothing draws it."""
        return f'<figure class="chart" data-chart="{self.table_id}"></figure>'


@dataclass(frozen=True)
class SectionStart:
    """The start of a second-level section (the handout sets sections side by side)."""


Part = str | NoteCall | ChartSlot | SectionStart
Body = tuple[Part, ...]


def default_note(call: NoteCall) -> str:
    return call.html()


def default_chart(slot: ChartSlot) -> str:
    return slot.html()


def join(
    parts: Iterable[Part],
    note: Callable[[NoteCall], str] = default_note,
    chart: Callable[[ChartSlot], str] = default_chart,
) -> str:
    """Join *parts* into HTML, drawing note calls and chart slots with the given functions."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, NoteCall):
            out.append(note(part))
        elif isinstance(part, ChartSlot):
            out.append(chart(part))
    return "".join(out)


def sections(parts: Iterable[Part]) -> list[Body]:
    """Split *parts* at each section start; the part before the first one is kept too."""
    found: list[list[Part]] = [[]]
    for part in parts:
        if isinstance(part, SectionStart):
            found.append([])
        else:
            found[-1].append(part)
    return [tuple(section) for section in found]


def merge(parts: Iterable[Part]) -> Body:
    """Join neighbouring strings, drop empty ones."""
    out: list[Part] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if out and isinstance(out[-1], str):
                out[-1] = out[-1] + part
                continue
        out.append(part)
    return tuple(out)
