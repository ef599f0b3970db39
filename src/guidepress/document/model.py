"""What a renderer receives: one locale's translated Guide, its chapters and their parts."""

from __future__ import annotations

import datetime as dt
import gettext
from dataclasses import dataclass, field

from babel.numbers import format_decimal

from guidepress.config import FontStack
from guidepress.markdown.parts import (
    Body,
    ChartSlot,
    NoteCall,
    Part,
    SectionStart,
    join,
    sections,
)

__all__ = [
    "Body",
    "Chapter",
    "ChartSlot",
    "DataTable",
    "Footnote",
    "Guide",
    "Heading",
    "NoteCall",
    "Part",
    "SectionStart",
    "Translations",
    "join",
    "sections",
]

Translations = gettext.NullTranslations
"""The template strings of one locale (gettext's interface, for Jinja2's i18n extension)."""


@dataclass(frozen=True)
class Heading:
    """A chapter or section heading, for the table of contents and bookmarks."""

    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Footnote:
    """A numbered note of a chapter; its text is parts, like a chapter body."""

    id: str
    number: int
    body: Body
    ref_id: str
    """The id of its first call."""
    ref_ids: tuple[str, ...] = ()
    """The ids of all its calls, in order (a note may be called more than once)."""
    key: str = ""
    """Its label in the source (`[^key]`), which names its reference entry if it cites one."""

    @property
    def html(self) -> str:
        """The note's text as plain HTML."""
        return join(self.body)


@dataclass(frozen=True)
class DataTable:
    """A table marked `.chart`: its labels and numbers, to draw as a chart."""

    id: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[float, ...]], ...]
    texts: tuple[tuple[str, ...], ...]

    def description(self) -> str:
        """A plain-text alternative: every row with its labelled values."""
        rows = []
        for (label, _values), texts in zip(self.rows, self.texts, strict=True):
            cells = ", ".join(f"{c} {t}" for c, t in zip(self.columns, texts, strict=True))
            rows.append(f"{label}: {cells}")
        return "; ".join(rows)


@dataclass(frozen=True)
class Chapter:
    """One translated chapter; its body is a tuple of parts that each renderer joins."""

    number: int
    slug: str
    title: str
    summary: str
    body: Body
    headings: tuple[Heading, ...]
    footnotes: tuple[Footnote, ...]
    tables: tuple[DataTable, ...]
    source: str
    anchors: tuple[str, ...] = ()
    """Every id the body defines (headings, boxes, tables, note calls)."""
    references: tuple[str, ...] = ()
    """The ids of the reference entries the chapter lists (a bibliography's)."""

    @property
    def html(self) -> str:
        """The body as plain HTML: note calls as links, charts as empty figures."""
        return join(self.body)


@dataclass(frozen=True)
class Guide:
    """Everything a renderer needs for one locale, already translated and formatted."""

    locale: str
    language_name: str
    direction: str
    scripts: tuple[FontStack, ...]
    slug: str
    title: str
    subtitle: str
    authors: tuple[str, ...]
    publisher: str
    keywords: str
    version: str
    date: dt.date
    timestamp: dt.datetime
    url: str
    chapters: tuple[Chapter, ...]
    handout: Chapter | None
    coverage: float
    draft: bool
    ui: Translations = field(compare=False)
    date_text: str = ""
    authors_text: str = ""
    licence_name: str = ""
    """The text's licence, "CC BY 4.0"."""
    licence_url: str = ""
    feedback: str = ""
    """Where readers send corrections: an https:// or mailto: address."""

    notice: str = ""
    """The cover's notice from guide.toml (a disclaimer), translated; "" for none."""
    handout_notice: str = ""
    write_in: tuple[str, ...] = ()
    """The handout's fill-in labels, translated; () for the theme's own."""

    @property
    def feedback_text(self) -> str:
        """The feedback address as readers read it (no `mailto:`)."""
        return self.feedback.removeprefix("mailto:")

    @property
    def timestamp_iso(self) -> str:
        """The artifacts' creation time as the PDF and EPUB metadata write it."""
        return self.timestamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def format_number(self, value: float) -> str:
        return str(format_decimal(value, locale=self.locale))
