"""Right-to-left runs inside a left-to-right reference entry are isolated (issue 22)."""

from __future__ import annotations

from guidepress.markdown import parser
from guidepress.markdown.html import RenderState, render_parts


def _html(markdown: str, direction: str) -> str:
    tokens = parser.parser().parse(markdown)
    state = RenderState("references", str, direction=direction)
    return "".join(part for part in render_parts(tokens, state) if isinstance(part, str))


def test_arabic_words_in_a_latin_entry_are_isolated() -> None:
    entry = "1. Kato TA, Ogawa T, وآخرون. 2013. Title. **تقرير إخباري.**\n"
    html = _html(entry, "rtl")
    assert '<li dir="ltr">' in html
    assert "Ogawa T, <bdi>وآخرون</bdi>. 2013." in html
    assert "<strong><bdi>تقرير إخباري</bdi>.</strong>" in html


def test_entries_in_the_chapters_own_direction_are_left_alone() -> None:
    assert "<bdi>" not in _html("1. كاتو وآخرون. 2013.\n", "rtl")
    assert "<bdi>" not in _html("1. Kato TA, وآخرون. 2013.\n", "ltr")
