#!/usr/bin/env python3
"""Readability check for the guide's chapters.

Usage: python scripts/readability.py [chapters_dir]

For every ``*.md`` file in the chapters directory (default: ``chapters``) the
script removes the YAML front matter, anchor lines (``{#...}``), translator
notes (``<!-- ... -->``), footnote definitions, table rows, container fences
and URLs, strips the remaining Markdown syntax and then computes:

- words, sentences and mean sentence length (words per sentence);
- Flesch reading ease:
  206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words).

Headings, list items and callout-box titles count as sentences even without a
final full stop.

The script prints one table row per file and the total word count of chapters
01-10. It exits with status 1 if a family-facing file (every file except
``07-clinicians.md`` and ``10-references.md``) has a Flesch score below 60 or
a mean sentence length above 18 words.

``markdown_it`` (markdown-it-py) is used to strip Markdown when it is
installed; otherwise a regex fallback is used.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

try:  # optional dependency
    from markdown_it import MarkdownIt

    _HAVE_MDIT = True
except ImportError:  # pragma: no cover - fallback path
    _HAVE_MDIT = False

MIN_FLESCH = 60.0
MAX_SENTENCE_LEN = 18.0
EXEMPT = {"07-clinicians.md", "10-references.md"}

# ---------------------------------------------------------------------------
# Pre-processing: remove blocks that are not read as prose.
# ---------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.S)
_ANCHOR_LINE = re.compile(r"^\s*\{#[^}]*\}\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:")
_TABLE_ROW = re.compile(r"^\s*\|")
_CONTAINER_OPEN = re.compile(r"^\s*:::\s*(\w+)\s*(.*)$")
_CONTAINER_CLOSE = re.compile(r"^\s*:::\s*$")


def preprocess(text: str) -> str:
    """Drop front matter, anchors, comments, footnote defs, tables, fences."""
    text = text.replace("\r\n", "\n")
    text = _FRONT_MATTER.sub("", text, count=1)
    text = _COMMENT.sub("", text)
    out: list[str] = []
    in_footnote = False
    for line in text.split("\n"):
        if _FOOTNOTE_DEF.match(line):
            in_footnote = True
            continue
        if in_footnote:
            # continuation lines of a footnote are indented
            if line.startswith("    ") or line.startswith("\t"):
                continue
            in_footnote = False
        if _ANCHOR_LINE.match(line) or _TABLE_ROW.match(line):
            continue
        if _CONTAINER_CLOSE.match(line):
            out.append("")
            continue
        m = _CONTAINER_OPEN.match(line)
        if m:
            # the box title is read as a heading
            title = m.group(2).strip()
            out.append("")
            if title:
                out.append("## " + title)
                out.append("")
            continue
        out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------------------
# Markdown stripping: return a list of text blocks (paragraphs, headings,
# list items). Each block is split into sentences separately.
# ---------------------------------------------------------------------------

_URL = re.compile(r"https?://\S+")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPH = re.compile(r"(\*\*|__|\*|_|`)")


def _clean_inline(s: str) -> str:
    s = _FOOTNOTE_REF.sub("", s)
    s = _LINK.sub(r"\1", s)
    s = _URL.sub("", s)
    s = _EMPH.sub("", s)
    return re.sub(r"\s+", " ", s).strip()


def blocks_mdit(text: str) -> list[str]:
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    blocks: list[str] = []
    for tok in tokens:
        if tok.type != "inline":
            continue
        content = tok.content
        # a list item's paragraph can hold soft line breaks; keep as one block
        cleaned = _clean_inline(content)
        if cleaned:
            blocks.append(cleaned)
    return blocks


_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")


def blocks_regex(text: str) -> list[str]:
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            cleaned = _clean_inline(" ".join(current))
            if cleaned:
                blocks.append(cleaned)
            current.clear()

    for line in text.split("\n"):
        if not line.strip():
            flush()
            continue
        if _HEADING_MARK.match(line) or _LIST_MARK.match(line):
            flush()
            line = _HEADING_MARK.sub("", line)
            line = _LIST_MARK.sub("", line)
            current.append(line)
            if _HEADING_MARK.match(line):
                flush()
            continue
        line = re.sub(r"^\s*>\s?", "", line)
        current.append(line)
    flush()
    return blocks


# ---------------------------------------------------------------------------
# Counting
# ---------------------------------------------------------------------------

_ABBREVIATIONS = [
    "e.g.",
    "i.e.",
    "etc.",
    "et al.",
    "vs.",
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Prof.",
    "No.",
    "St.",
    "approx.",
    "N.H.K.",
    "U.S.",
    "U.K.",
]
_SENT_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+")
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F0-9]+(?:['\u2019.-][A-Za-z\u00C0-\u024F0-9]+)*")


def split_sentences(block: str) -> list[str]:
    protected = block
    for abbr in _ABBREVIATIONS:
        protected = protected.replace(abbr, abbr.replace(".", "\u2024"))
    parts = [p.strip() for p in _SENT_END.split(protected)]
    return [p.replace("\u2024", ".") for p in parts if _WORD.search(p)]


_VOWELS = "aeiouy"
_SPECIAL = {
    "the": 1,
    "are": 1,
    "were": 1,
    "one": 1,
    "once": 1,
    "some": 1,
    "come": 1,
    "done": 1,
    "gone": 1,
    "none": 1,
    "give": 1,
    "live": 1,
    "have": 1,
    "love": 1,
    "move": 1,
    "where": 1,
    "there": 1,
    "here": 1,
    "whole": 1,
    "sometimes": 2,
    "someone": 2,
    "something": 2,
    "everyone": 3,
    "anyone": 3,
    "people": 2,
    "being": 2,
    "every": 2,
    "everything": 3,
    "doing": 2,
    "going": 2,
    "seeing": 2,
    "area": 3,
    "idea": 3,
    "ideas": 3,
    "create": 2,
    "real": 1,
    "really": 2,
    "family": 3,
    "business": 2,
    "different": 3,
    "evening": 2,
    "interest": 3,
    "several": 3,
    "general": 3,
    "science": 2,
    "quiet": 2,
    "hikikomori": 5,
    "komoru": 3,
    "hiku": 2,
    "haji": 2,
    "amae": 3,
    "kahogo": 3,
    "otaku": 3,
    "neet": 1,
    "anime": 3,
    "manga": 2,
    "covid": 2,
    "crisis": 2,
    "period": 3,
    "realistic": 4,
    "reality": 4,
}
# vowel pairs that are usually two syllables ("media", "video", "actual")
_HIATUS = re.compile(
    r"(?:[^tscgx]i[ao](?!ur)|[^qg]ua|eo|iu|ii|uo|[^aeiou]ie[rt]|(?<![tcs])ien(?!d)|ism$)"
)


def _syllables_word(word: str) -> int:
    w = word.lower().replace("\u2019", "'").strip("'")
    if not w:
        return 0
    if any(ch.isdigit() for ch in w):
        digits = sum(ch.isdigit() for ch in w)
        return max(1, min(digits, 4))
    if w.endswith("'s"):
        w = w[:-2]
    core = re.sub(r"[^a-z]", "", w)
    if not core:
        return 1
    if core in _SPECIAL:
        return _SPECIAL[core]
    for suffix in ("s", "es", "ed", "d", "ly"):
        stem = core[: -len(suffix)]
        if core.endswith(suffix) and stem in _SPECIAL:
            extra = 1 if suffix == "ly" else 0
            return _SPECIAL[stem] + extra
    if len(core) <= 3:
        return 1
    count = len(re.findall(r"[aeiouy]+", core))
    if count > 1:
        if (
            core.endswith("e")
            and not core.endswith(("ee", "ye"))
            and not (core.endswith(("le", "re")) and core[-3] not in _VOWELS)
        ):
            count -= 1  # silent final e: "make", "judge"
        elif core.endswith("ed") and core[-3] not in "td":
            count -= 1  # "walked", "used"
        elif core.endswith("es") and not core.endswith(
            ("ses", "xes", "zes", "ches", "shes", "ges", "ces", "ies")
        ):
            count -= 1  # "makes", "homes"
        elif core.endswith("ely") and core[-4] not in _VOWELS:
            count -= 1  # "safely", "lonely"
    count += len(_HIATUS.findall(core))
    return max(1, count)


def syllables(word: str) -> int:
    # hyphenated or dotted compounds: sum of the parts
    parts = re.split(r"[-.]", word)
    return sum(_syllables_word(p) for p in parts if p)


@dataclass
class Stats:
    name: str
    words: int
    sentences: int
    syllables: int

    @property
    def mean_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def flesch(self) -> float:
        if not self.words or not self.sentences:
            return 0.0
        return (
            206.835 - 1.015 * (self.words / self.sentences) - 84.6 * (self.syllables / self.words)
        )


def analyse_text(name: str, text: str) -> Stats:
    body = preprocess(text)
    blocks = blocks_mdit(body) if _HAVE_MDIT else blocks_regex(body)
    n_words = n_sent = n_syl = 0
    for block in blocks:
        for sentence in split_sentences(block):
            words = _WORD.findall(sentence)
            if not words:
                continue
            n_sent += 1
            n_words += len(words)
            n_syl += sum(syllables(w) for w in words)
    return Stats(name, n_words, n_sent, n_syl)


def analyse_file(path: Path) -> Stats:
    return analyse_text(path.name, path.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    chapters = Path(argv[1]) if len(argv) > 1 else Path("chapters")
    files = sorted(chapters.glob("*.md"))
    if not files:
        print(f"no Markdown files in {chapters}", file=sys.stderr)
        return 2
    failed = False
    total_01_10 = 0
    header = f"{'file':<28}{'words':>7}{'sent.':>7}{'w/sent':>8}{'Flesch':>8}  status"
    print(header)
    print("-" * len(header))
    for path in files:
        st = analyse_file(path)
        m = re.match(r"(\d\d)-", path.name)
        if m and 1 <= int(m.group(1)) <= 10:
            total_01_10 += st.words
        if path.name in EXEMPT:
            status = "exempt"
        else:
            problems = []
            if st.flesch < MIN_FLESCH:
                problems.append(f"Flesch<{MIN_FLESCH:g}")
            if st.mean_sentence > MAX_SENTENCE_LEN:
                problems.append(f"w/sent>{MAX_SENTENCE_LEN:g}")
            status = "FAIL " + ", ".join(problems) if problems else "ok"
            failed = failed or bool(problems)
        print(
            f"{st.name:<28}{st.words:>7}{st.sentences:>7}"
            f"{st.mean_sentence:>8.1f}{st.flesch:>8.1f}  {status}"
        )
    print("-" * len(header))
    print(f"total words, chapters 01-10: {total_01_10}")
    if not _HAVE_MDIT:
        print("(markdown_it not installed: regex fallback used)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
