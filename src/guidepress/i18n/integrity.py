"""Integrity checks of a msgstr against its msgid: small functions collected by a runner.

Each check returns a problem description or None. Markup checks guard the reader: a unit
that fails one falls back to English. The number check only warns.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from babel import Locale
from markdown_it.token import Token

from guidepress.markdown import parser

Check = Callable[[str, str], str | None]
TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")
FORMAT_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
# A number: digits, optional digit groups (1,000 / 1 000 / 1.000 / 6,96,000), optional decimals.
NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f' ]\d{2,3}(?!\d))*(?:[.,]\d+)?")


@dataclass(frozen=True)
class Inline:
    """What a line of inline Markdown contains, for comparison."""

    links: Counter[str]
    images: Counter[str]
    notes: Counter[str]
    code: Counter[str]
    strong: int
    emphasis: int
    stray_markers: int


def _walk(tokens: list[Token]) -> Inline:
    links: Counter[str] = Counter()
    images: Counter[str] = Counter()
    notes: Counter[str] = Counter()
    code: Counter[str] = Counter()
    strong = emphasis = stray = 0
    for token in tokens:
        if token.type == "text":
            stray += len(re.findall(r"\*\*|__|`|\[\^|\]\(", token.content))
        if token.type == "link_open":
            links[str(token.attrGet("href"))] += 1
        elif token.type == "image":
            images[str(token.attrGet("src"))] += 1
        elif token.type == "footnote_ref":
            notes[str(token.meta.get("label"))] += 1
        elif token.type == "code_inline":
            code[token.content] += 1
        elif token.type == "strong_open":
            strong += 1
        elif token.type == "em_open":
            emphasis += 1
    return Inline(links, images, notes, code, strong, emphasis, stray)


def parse_inline(text: str, footnotes: set[str]) -> Inline:
    """Parse *text* as inline Markdown, knowing which footnote labels exist."""
    return _parse_inline(text, frozenset(footnotes))


@cache
def _parse_inline(text: str, footnotes: frozenset[str]) -> Inline:
    md = parser.parser()
    ordered = sorted(footnotes)
    env = {
        "footnotes": {
            "refs": {f":{label}": i for i, label in enumerate(ordered)},
            "list": {i: {"label": label, "count": 0} for i, label in enumerate(ordered)},
        }
    }
    children: list[Token] = []
    md.inline.parse(text, md, env, children)
    return _walk(children)


def _labels(*texts: str) -> set[str]:
    return {m for text in texts for m in re.findall(r"\[\^([^\]\s]+)\]", text)}


def _differs(name: str, source: Counter[str], target: Counter[str]) -> str | None:
    if source == target:
        return None
    missing = sorted((source - target).elements())
    extra = sorted((target - source).elements())
    parts = []
    if missing:
        parts.append(f"missing {', '.join(missing)}")
    if extra:
        parts.append(f"unexpected {', '.join(extra)}")
    return f"{name} differ from the source: {'; '.join(parts)}"


def check_tags(msgid: str, msgstr: str) -> str | None:
    """No HTML tag or entity that the msgid did not have."""
    extra = Counter(TAG.findall(msgstr)) - Counter(TAG.findall(msgid))
    return f"HTML is not allowed here: {', '.join(sorted(extra))}" if extra else None


UNSAFE_URL = re.compile(
    r"\b(?:javascript|vbscript|data|file):|!\[[^\]]*\]\(\s*<?(?:https?:)?//", re.I
)


def check_unsafe_urls(msgid: str, msgstr: str) -> str | None:
    """No script URL and no remote image that the msgid did not have."""
    extra = Counter(UNSAFE_URL.findall(msgstr)) - Counter(UNSAFE_URL.findall(msgid))
    return f"unsafe link or remote image: {', '.join(sorted(extra))}" if extra else None


def check_links(msgid: str, msgstr: str) -> str | None:
    """The same link targets and images."""
    labels = _labels(msgid, msgstr)
    source, target = parse_inline(msgid, labels), parse_inline(msgstr, labels)
    return _differs("link targets", source.links, target.links) or _differs(
        "images", source.images, target.images
    )


def check_footnotes(msgid: str, msgstr: str) -> str | None:
    """The same footnote references."""
    return _differs("footnote references", Counter(_labels(msgid)), Counter(_labels(msgstr)))


def check_code_and_emphasis(msgid: str, msgstr: str) -> str | None:
    """The same code spans, and as many bold and italic runs."""
    labels = _labels(msgid, msgstr)
    source, target = parse_inline(msgid, labels), parse_inline(msgstr, labels)
    if problem := _differs("code spans", source.code, target.code):
        return problem
    if target.stray_markers > source.stray_markers:
        return "mismatched markup: an unpaired **, __, ` or link bracket would show as text"
    if (source.strong, source.emphasis) != (target.strong, target.emphasis):
        return (
            f"emphasis differs from the source: {source.strong} bold and {source.emphasis} "
            f"italic in the msgid, {target.strong} and {target.emphasis} in the msgstr"
        )
    return None


LANGUAGE_MARK = re.compile(r"\[([^\[\]]+)\]\{lang=([^}\s]+)\}")


def check_language_marks(msgid: str, msgstr: str) -> str | None:
    """Words the source marks as another language (`[Brief COPE]{lang=en}`) kept as they are
    in the translation but no longer marked (advisory: a translated title needs no mark)."""
    lost = [
        f"[{words}]{{lang={tag}}}"
        for words, tag in LANGUAGE_MARK.findall(msgid)
        if words in msgstr and f"[{words}]{{lang={tag}}}" not in msgstr
    ]
    if not lost:
        return None
    return f"keep the language mark around words left as in the source: {', '.join(lost)}"


def check_placeholders(msgid: str, msgstr: str) -> str | None:
    """The same %(name)s and {name} placeholders (template strings)."""
    return _differs(
        "placeholders",
        Counter(FORMAT_PLACEHOLDER.findall(msgid)),
        Counter(FORMAT_PLACEHOLDER.findall(msgstr)),
    )


def _numbers(text: str) -> Counter[str]:
    digits = "".join(str(unicodedata.digit(ch, ch)) if ch.isdigit() else ch for ch in text)
    digits = re.sub(r"\[\^[^\]]*\]|\]\([^)]*\)", "", digits)  # not footnote labels or URLs
    return Counter(re.sub(r"\D", "", found) for found in NUMBER.findall(digits))


def check_numbers(msgid: str, msgstr: str, source_locale: str) -> str | None:
    """The same numbers (any digits, any grouping or decimal separator).

    A month the source names in words ("March 2023") may become a number ("2023年3月").
    """
    source, target = _numbers(msgid), _numbers(msgstr)
    extra = target - source
    for month in _months_named(msgid, source_locale):
        extra[str(month)] -= 1
    return _differs("numbers", source, source - (source - target) + (+extra))


@cache
def _month_names(locale: str) -> dict[str, int]:
    months = Locale.parse(locale).months["format"]["wide"]
    return {str(name).lower(): int(number) for number, name in months.items()}


def _months_named(text: str, locale: str) -> list[int]:
    names = _month_names(locale)
    return [names[word] for word in re.findall(r"\w+", text.lower()) if word in names]


# A number, a space, then a unit written in Latin letters or with a degree sign ("40 °C").
UNITS = r"°[CF]?|km|cm|mm|kg|mg|ml|mL|min|kB|MB|GB|px|pt|[mgslhL]"
NUMBER_SPACE_UNIT = re.compile(rf"\d+(?:[.,]\d+)*[ \u00a0](?:{UNITS})(?![^\W\d_])")
ISOLATED = re.compile(r"[\u2066\u2067\u2068].*?\u2069")


def check_units_in_rtl(msgstr: str) -> str | None:
    """In right-to-left text the bidi algorithm shows "40 °C" as "C° 40"."""
    found = NUMBER_SPACE_UNIT.search(ISOLATED.sub("", msgstr))
    if found is None:
        return None
    return (
        f"{found.group()!r}: a number and its unit split by a space are reordered in "
        "right-to-left text; write them without the space or wrap them in U+2066…U+2069"
    )


MARKUP_CHECKS: tuple[Check, ...] = (
    check_tags,
    check_unsafe_urls,
    check_links,
    check_footnotes,
    check_code_and_emphasis,
    check_placeholders,
)


def problems(
    msgid: str, msgstr: str, source_locale: str, rtl: bool = False
) -> tuple[list[str], list[str]]:
    """Return (markup problems that block the msgstr, advisory problems)."""
    blocking = [p for check in MARKUP_CHECKS if (p := check(msgid, msgstr))]
    advisory = [check_numbers(msgid, msgstr, source_locale), check_language_marks(msgid, msgstr)]
    if rtl:
        advisory.append(check_units_in_rtl(msgstr))
    return blocking, [problem for problem in advisory if problem]
