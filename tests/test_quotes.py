"""Typographic quotation marks and apostrophes per language, never in code, URLs or alt text."""

from __future__ import annotations

import pytest

from guidepress.markdown import parser
from guidepress.markdown.quotes import quoting, typeset_quotes, typeset_text

SOURCE = (
    'She said "don\'t go" and `"code"` [a "link"](https://x.org/?q="a") '
    "![an \"image\"](x.png) 'nested'"
)


def render(locale: str, script: str, text: str = SOURCE) -> str:
    md = parser.parser()
    tokens = md.parse(text, {})
    typeset_quotes(tokens, quoting(locale, script, "en"))
    return str(md.renderer.render(tokens, md.options, {}))


@pytest.mark.parametrize(
    ("locale", "script", "said", "nested"),
    [
        ("en", "Latn", "\u201cdon\u2019t go\u201d", "\u2018nested\u2019"),
        ("fr", "Latn", "\u00ab\u00a0don\u2019t go\u00a0\u00bb", "\u00ab\u00a0nested\u00a0\u00bb"),
        ("it", "Latn", "\u00abdon\u2019t go\u00bb", "\u201cnested\u201d"),
    ],
)
def test_quotes_take_the_language_s_marks_outside_code_urls_and_attributes(
    locale: str, script: str, said: str, nested: str
) -> None:
    html = render(locale, script)
    assert f"She said {said} and" in html
    assert nested in html
    assert "<code>&quot;code&quot;</code>" in html
    assert 'href="https://x.org/?q=%22a%22"' in html
    assert 'alt="an &quot;image&quot;"' in html


def test_japanese_text_takes_corner_brackets_and_a_latin_citation_keeps_english_marks() -> None:
    html = render("ja", "Jpan", '言葉は、"大丈夫"。\n\nSmith J. The "hikikomori" study.')
    assert "言葉は、\u300c大丈夫\u300d。" in html
    assert "The \u201chikikomori\u201d study." in html


def test_arabic_text_takes_cldr_marks() -> None:
    html = render("ar", "Arab", 'قال "مرحبا" لنا')
    assert "قال \u201dمرحبا\u201c لنا" in html


def test_a_title_is_typeset_and_a_language_cldr_lacks_is_left_alone() -> None:
    assert typeset_text('It\'s "fine"', quoting("en", "Latn", "en")) == "It\u2019s \u201cfine\u201d"
    assert typeset_text('say "x"', quoting("xx", "Latn", "xx")) == 'say "x"'
