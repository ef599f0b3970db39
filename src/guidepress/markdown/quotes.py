"""Typographic quotation marks and apostrophes for a language, applied to rendered Markdown.

markdown-it's smart-quotes rule does the pairing; it rewrites only text tokens, so code,
URLs and attributes (an image's alt text included) keep their straight quotes. Babel does
not carry CLDR's quotation delimiters, so they are copied here from CLDR 44 (`delimiters` in
common/main/<language>.xml): primary start and end, then the alternate (nested) pair. A
language missing here keeps its quotes as written.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core.smartquotes import smartquotes
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

# written as escapes: the marks look too much like ASCII quotes in an editor
CLDR_DELIMITERS = {
    "ar": "\u201d\u201c\u2019\u2018",
    "de": "\u201e\u201c\u201a\u2018",
    "en": "\u201c\u201d\u2018\u2019",
    "es": "\u201c\u201d\u2018\u2019",
    "fr": "\u00ab\u00bb\u00ab\u00bb",
    "hi": "\u201c\u201d\u2018\u2019",
    "it": "\u00ab\u00bb\u201c\u201d",
    "ja": "\u300c\u300d\u300e\u300f",
    "ko": "\u201c\u201d\u2018\u2019",
    "pt": "\u201c\u201d\u2018\u2019",
    "zh": "\u201c\u201d\u2018\u2019",
}
INNER_SPACE = {"fr": "\u00a0"}
"""French sets a no-break space inside its guillemets (CLDR has no field for it); the
French catalog's translators use U+00A0 there, so the typeset marks match their text."""

Marks = tuple[str, str, str, str]


def quote_marks(locale: str) -> Marks | None:
    """Open and close, then nested open and close, for *locale* (None: leave quotes alone)."""
    language = locale.replace("-", "_").split("_")[0]
    found = CLDR_DELIMITERS.get(language)
    if found is None:
        return None
    space = INNER_SPACE.get(language, "")
    return (found[0] + space, space + found[1], found[2] + space, space + found[3])


@dataclass(frozen=True)
class Quoting:
    """A book's quotation marks: its language's, and those for runs in Latin letters."""

    own: Marks | None
    latin: Marks | None = None
    """For a run written mostly in Latin letters (a cited English title) in a book of
    another script: the source language's marks, not the book's."""

    def marks_for(self, text: str) -> Marks | None:
        if self.latin is not None and _mostly_latin(text):
            return self.latin
        return self.own


def quoting(locale: str, script: str, source_locale: str) -> Quoting:
    """The quotation marks of a book in *locale*, written in *script* (ISO 15924)."""
    return Quoting(quote_marks(locale), None if script == "Latn" else quote_marks(source_locale))


def _mostly_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return bool(letters) and latin * 2 > len(letters)


@cache
def _typographer(marks: Marks) -> MarkdownIt:
    return MarkdownIt("commonmark", {"typographer": True, "quotes": list(marks)})


def typeset_quotes(tokens: list[Token], quotes: Quoting | None) -> None:
    """Turn straight quotes and apostrophes in the text of *tokens* into typographic ones,
    in place, each inline run with the marks of its script."""
    if quotes is None:
        return
    for token in tokens:
        marks = quotes.marks_for(token.content) if token.type == "inline" else None
        if marks is not None:
            smartquotes(StateCore("", _typographer(marks), {}, [token]))


def typeset_text(text: str, quotes: Quoting | None) -> str:
    """The same for a line of plain text (a title, a summary)."""
    if quotes is None or not any(q in text for q in "'\""):
        return text
    inline = Token("inline", "", 0, content=text, children=[Token("text", "", 0, content=text)])
    typeset_quotes([inline], quotes)
    return "".join(child.content for child in inline.children or [])
