"""Mark runs written in another language than their page with `lang` (and `dir` on RTL pages).

A translated page keeps some text of other languages: the names and titles of cited works in
Latin letters (in the source language: authors, agencies, English titles) and Japanese titles
in kana and kanji. Screen readers switch voice, hyphenation and line breaking (Korean
`keep-all`) and font selection (`:lang()`) follow `lang`, so each such run is wrapped in
`<span lang="…">` where the script tells its language:

* Latin letters on a page of another script are in the source language;
* kana, or kanji outside a Chinese or Japanese page, are Japanese (kana is written in no other
  language, and the guide cites no Chinese).

On a right-to-left page each run also gets `dir="ltr"`, which isolates it (a Latin name next to
Arabic punctuation keeps its order). Latin-script pages are left alone for Latin runs: an
English title in a Spanish sentence cannot be told from Spanish by its letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LATIN = "A-Za-z\u00c0-\u024f"
HAN_KANA = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u3005\u3006"
KANA = re.compile("[\u3040-\u30ff]")
ENTITY = r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);"
# Words of Latin letters and digits, joined by spaces, commas, colons, slashes or entities
# (`&amp;`); never starting inside an entity or a word of another script.
LATIN_RUN = (
    rf"(?<![&#{LATIN}0-9])[{LATIN}][{LATIN}0-9'\u2019.\-]*"
    rf"(?:(?:[ ,:/]|{ENTITY})+[{LATIN}0-9][{LATIN}0-9'\u2019.\-]*)*"
)
JAPANESE_RUN = rf"[{HAN_KANA}『「](?:[{HAN_KANA}『』「」・ー0-9]*[{HAN_KANA}』」])?"
RUNS = re.compile(rf"(?P<japanese>{JAPANESE_RUN})|(?P<latin>{LATIN_RUN})")
TAG = re.compile(r"(<[^>]*>)")
LINK_OPEN = re.compile(r"<a[\s>]")
TRAILING = ".'\u2019-"


@dataclass(frozen=True)
class Marker:
    """How to mark foreign runs on pages of one locale."""

    source: str
    """The source language: the language of Latin runs on a non-Latin page."""
    script: str
    """The page's ISO 15924 script."""
    direction: str

    def mark(self, html: str, in_link: bool = False) -> str:
        """*html* with each foreign run of its text (not its tags) in a `<span lang>`."""
        return self.mark_linked(html, in_link)[0]

    def mark_linked(self, html: str, in_link: bool = False) -> tuple[str, bool]:
        """Mark *html*, which starts inside a link if *in_link*; and whether it ends inside one.

        A link's text is left as it is: a span in it would take the link's annotation out of
        the PDF's `/Link` element (and a link's text is mostly its address).
        """
        out = []
        for piece in TAG.split(html):
            if piece.startswith("<"):
                in_link = LINK_OPEN.match(piece) is not None or (in_link and piece != "</a>")
                out.append(piece)
            else:
                out.append(piece if in_link else self._text(piece))
        return "".join(out), in_link

    def _text(self, text: str) -> str:
        return RUNS.sub(self._run, text)

    def _run(self, match: re.Match[str]) -> str:
        run = match.group()
        if match.group("japanese") is not None:
            japanese_page = self.script in ("Jpan", "Hans", "Hant")
            return run if japanese_page else self._span("ja", run)
        if self.script == "Latn":
            return run
        word = run.rstrip(TRAILING)  # a full stop after a name ends the sentence, not the name
        return self._span(self.source, word) + run[len(word) :]

    def _span(self, language: str, run: str) -> str:
        direction = ' dir="ltr"' if self.direction == "rtl" else ""
        return f'<span lang="{language}"{direction}>{run}</span>'
