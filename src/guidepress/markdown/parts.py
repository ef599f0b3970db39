"""The pieces a chapter body is made of: HTML text, note calls, chart slots, local links and
section starts.

The Markdown stage writes a body as a tuple of parts; each renderer joins them its own way
(a PDF puts the note's text at its call, an EPUB marks the call as a noteref, the web
edition keeps the link), so no renderer re-reads HTML to find them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape


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
class LocalLink:
    """The opening tag of a link to an anchor of the guide (`[text](#target)`).

    An EPUB puts each chapter in its own file, so it points the link at the file that
    holds the anchor; the other renderers keep `#target`.
    """

    target: str

    def html(self, file: str = "") -> str:
        return f'<a href="{escape(file)}#{escape(self.target)}">'


@dataclass(frozen=True)
class SectionStart:
    """The start of a second-level section (the handout sets sections side by side)."""


Part = str | NoteCall | ChartSlot | LocalLink | SectionStart
Body = tuple[Part, ...]


def default_note(call: NoteCall) -> str:
    return call.html()


def default_chart(slot: ChartSlot) -> str:
    return slot.html()


def default_link(link: LocalLink) -> str:
    return link.html()


def join(
    parts: Iterable[Part],
    note: Callable[[NoteCall], str] = default_note,
    chart: Callable[[ChartSlot], str] = default_chart,
    link: Callable[[LocalLink], str] = default_link,
) -> str:
    """Join *parts* into HTML, drawing note calls, chart slots and local links as told."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, NoteCall):
            out.append(note(part))
        elif isinstance(part, ChartSlot):
            out.append(chart(part))
        elif isinstance(part, LocalLink):
            out.append(link(part))
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


def strip(parts: Body) -> Body:
    """*parts* without white space at either end (`str.strip` of their joined HTML)."""
    out = list(merge(parts))
    while out and isinstance(out[0], str) and not out[0].strip():
        out.pop(0)
    while out and isinstance(out[-1], str) and not out[-1].strip():
        out.pop()
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip()
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    return tuple(out)


def unwrap_paragraph(parts: Body) -> Body:
    """A single `<p>…</p>` without its tags; anything else unchanged."""
    html = join(parts)
    if not (html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1):
        return parts
    first, last = parts[0], parts[-1]
    if not (isinstance(first, str) and isinstance(last, str)):
        return parts
    if len(parts) == 1:
        return (first[3:-4],)
    return merge((first[3:], *parts[1:-1], last[:-4]))


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
