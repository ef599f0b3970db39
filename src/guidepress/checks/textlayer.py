"""Text layer: the words a PDF gives to search, copy and screen readers are the document's words.

Each PDF's text is extracted with poppler's `pdftotext` (which honours `/ActualText`) and split
into words; the figure is the share of those words that are words of the locale's own text:
the HTML and CSS its PDFs were rendered from, and every translation (chart labels are drawn
from those). Numbers and web addresses are left out: page numbers and counters are generated,
and addresses (checked by the links check) break anywhere. A PDF below `THRESHOLD` is an
error; every figure is reported through `text_layer_figures`.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from guidepress.checks import Context, Finding
from guidepress.errors import Reporter

THRESHOLD = 0.995
TAG = re.compile(r"<[^>]*>")
DATA_URI = re.compile(r"data:[^\"')\s]+")
HYPHENS = ("-", "\u2010")
# A web address, or the piece of one a line break left (`understanding-hikikomori/`): not prose.
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
        found.update(words(TAG.sub("", plain)))  # a word split by markup: <em>Hikikomori</em>라는
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


def locale_texts(ctx: Context, locale: str) -> list[str]:
    """The text a locale's PDFs were made from: their HTML and CSS and every translation."""
    from guidepress.render import handout, pdf

    pipeline = ctx.pipeline
    reporter = Reporter(quiet=True)
    guide = pipeline.guide(pipeline.status(locale, reporter), reporter)
    templates = ctx.config.templates_dir
    texts = [*pdf.render_html(guide, pdf.PdfJob("a4", "standard"), templates)]
    if guide.handout is not None:
        texts.extend(handout.render_html(guide, "a4", templates))
    catalog = pipeline.catalog(locale, reporter)
    texts.extend(catalog.translate(u.context, u.msgid) for u in pipeline.units())
    texts.extend(u.msgid for u in pipeline.units())
    return texts


def text_layer_figures(ctx: Context) -> dict[str, list[LayerFigure]]:
    """Every PDF's figure, by locale."""
    figures: dict[str, list[LayerFigure]] = {}
    for locale in ctx.locales:
        pdfs = [a for a in ctx.artifacts if a["locale"] == locale and a["format"] == "pdf"]
        if not pdfs:
            continue
        known = vocabulary(locale_texts(ctx, locale))
        measured = [measure(ctx.config.build_dir / a["path"], known, a["path"]) for a in pdfs]
        figures[locale] = [figure for figure in measured if figure is not None]
    return figures


def check_text_layer(ctx: Context) -> Iterator[Finding]:
    if shutil.which("pdftotext") is None:
        yield Finding(
            "textlayer", ctx.config.source_locale, "warning", "build", 0,
            "pdftotext (poppler-utils) is not installed: text layers not measured",
        )  # fmt: skip
        return
    for locale, figures in text_layer_figures(ctx).items():
        if figures:
            lowest = min(figure.share for figure in figures)
            ctx.figures.setdefault("text layer (lowest PDF)", {})[locale] = round(lowest, 4)
        for figure in figures:
            if figure.share >= THRESHOLD:
                continue
            sample = ", ".join(sorted(set(figure.unknown))[:8])
            yield Finding(
                "textlayer", locale, "error", f"build/{figure.path}", 0,
                f"text layer: {figure.share:.1%} of {figure.words} extracted words are the "
                f"document's own words (at least {THRESHOLD:.1%} wanted); not: {sample}",
            )  # fmt: skip
