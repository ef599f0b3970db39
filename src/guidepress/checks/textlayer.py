"""Text layer: the words a PDF gives to search, copy and screen readers are the document's words.

Each PDF's text is extracted with poppler's `pdftotext` (which honours `/ActualText`) and split
into words; the figure is the share of those words that are words of the locale's own text:
the HTML and CSS its PDFs were rendered from, and every translation (chart labels are drawn
from those). Numbers and web addresses are left out: page numbers and counters are generated,
and addresses (checked by the links check) break anywhere. A PDF below `THRESHOLD` is an
error; every PDF's figure is in the report (the lowest per locale in its table).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from guidepress.build.pipeline import Pipeline
from guidepress.checks.artifact import Item, Outcome
from guidepress.errors import Reporter

THRESHOLD = 0.995
SHARE = "text layer share"
TAG = re.compile(r"<[^>]*>")
DATA_URI = re.compile(r"data:[^\"')\s]+")
HYPHENS = ("-", "\u2010")
# A web address, or the piece of one a line break left (`caring-for-bees/`): not prose.
ADDRESS = re.compile(r"\S*(?:://|www\.|\w\.\w+/)\S*|\S+/(?=\s|$)")
UNSPACED = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"  # kana and Han
TOKEN = re.compile(rf"\d+|[{UNSPACED}]|[^\s\d{UNSPACED}]+")


@dataclass(frozen=True)
class LayerFigure:
    """One PDF's text-layer figure."""

    path: str
    words: int
    known: int
    unknown: tuple[str, ...]

    @property
    def share(self) -> float:
        return self.known / self.words if self.words else 1.0


def words(text: str) -> list[str]:
    """Split *text* into words: runs of letters and marks, or of digits.

    Format characters (word joiners, soft hyphens, ZWJ/ZWNJ) are dropped, not split on: they sit
    inside words. Han and kana characters, written without spaces, are a word each. Text is
    compared in NFC and case-folded (CSS may set headings in capitals).
    """
    chars = []
    for char in unicodedata.normalize("NFC", html.unescape(text)).casefold():
        category = unicodedata.category(char)
        if category != "Cf":
            chars.append(char if category[0] in "LMN" else " ")
    return TOKEN.findall("".join(chars))


def _counted(word: str) -> bool:
    return not all(unicodedata.category(c) == "Nd" for c in word)


def vocabulary(texts: Iterable[str]) -> set[str]:
    """Every word of *texts* (HTML, CSS or plain), tags and data URIs left out."""
    found: set[str] = set()
    for text in texts:
        plain = DATA_URI.sub(" ", text)
        found.update(words(TAG.sub(" ", plain)))
        found.update(words(TAG.sub("", plain)))  # a word split by markup: <em>Guidepress</em>라는
    return found


def extracted_words(text: str, known: set[str]) -> list[str]:
    """The words of extracted *text*, a word hyphenated across lines joined when that is a word."""
    lines = text.splitlines()
    out: list[str] = []
    carry = ""
    for line in lines:
        found = words(ADDRESS.sub(" ", line))
        if carry and found and carry + found[0] in known:
            found[0] = carry + found[0]
            out.pop()
        carry = found[-1] if found and line.rstrip().endswith(HYPHENS) else ""
        out.extend(found)
    return [w for w in out if _counted(w)]


def is_known(word: str, known: set[str]) -> bool:
    """A word of the text, or two joined at a hard hyphen that pdftotext took out at a line end
    ("meta-" / "analisi" comes out as "metaanalisi")."""
    return word in known or any(
        word[:i] in known and word[i:] in known for i in range(1, len(word))
    )


def pdf_text(path: Path) -> str | None:
    """The text poppler's pdftotext extracts from *path* (reading order, UTF-8); None if it
    cannot read the file."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout if result.returncode == 0 else None


def measure(path: Path, known: set[str], label: str) -> LayerFigure | None:
    """*path*'s figure; None when it is missing or unreadable (the pdf check says which)."""
    text = pdf_text(path) if path.is_file() else None
    if text is None:
        return None
    found = extracted_words(text, known)
    unknown = [w for w in found if not is_known(w, known)]
    return LayerFigure(label, len(found), len(found) - len(unknown), tuple(unknown))


def locale_texts(pipeline: Pipeline, locale: str) -> list[str]:
    """The text a locale's PDFs were made from: their HTML and CSS and every translation."""
    from guidepress.render import handout, pdf

    reporter = Reporter(quiet=True)
    guide = pipeline.guide(pipeline.status(locale, reporter), reporter)
    theme = pipeline.config.theme
    texts = [*pdf.render_html(guide, pdf.PdfJob("a4", "standard"), theme)]
    if guide.handout is not None:
        texts.extend(handout.render_html(guide, "a4", theme))
    catalog = pipeline.catalog(locale, reporter)
    texts.extend(catalog.translate(u.context, u.msgid) for u in pipeline.units())
    texts.extend(u.msgid for u in pipeline.units())
    return texts


_VOCABULARIES: dict[tuple[Path, str], set[str]] = {}


def _vocabulary(item: Item) -> set[str]:
    """The locale's words, made once per process and locale."""
    key = (item.project.config.root, item.locale)
    if key not in _VOCABULARIES:
        _VOCABULARIES[key] = vocabulary(locale_texts(item.pipeline, item.locale))
    return _VOCABULARIES[key]


def check_text_layer(item: Item) -> Outcome:
    """One PDF's share of extracted words that are the document's own (an error below 99.5 %)."""
    if shutil.which("pdftotext") is None:
        missing = "pdftotext (poppler-utils) is not installed: text layer not measured"
        return Outcome([item.finding("textlayer", "warning", missing)])
    figure = measure(item.path, _vocabulary(item), item.entry["path"])
    if figure is None:
        return Outcome([item.finding("textlayer", "error", "pdftotext cannot read it")])
    findings = []
    if figure.share < THRESHOLD:
        sample = ", ".join(sorted(set(figure.unknown))[:8])
        findings.append(
            item.finding(
                "textlayer",
                "error",
                f"text layer: {figure.share:.1%} of {figure.words} extracted words are the "
                f"document's own words (at least {THRESHOLD:.1%} wanted); not: {sample}",
            )
        )
    return Outcome(findings, {SHARE: round(figure.share, 4), "words": float(figure.words)})
