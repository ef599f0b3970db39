"""Which faces an EPUB embeds, and each face's subset: the characters it will draw.

A reading system draws each character with the first family of the element's font list
that has it, in the face (weight, style) the element asks for; a face the family lacks is
synthesised from the regular one. So the pages are walked with their language, weight and
style, each character goes to the face that will draw it, and only faces that draw
something are embedded, each cut to its own characters. Text in another script's language
(a Japanese title in a Korean book) gets that script's families first, by a `:lang()` rule.

Emphasis follows the script: italic where the body face has one, sesame dots or dots in
Japanese and Korean, bold in Arabic and Devanagari, which have no italic tradition.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree, html  # type: ignore[import-untyped]

from guidepress.config import FontStack
from guidepress.config.locales import language_of_script, script_of
from guidepress.document import Guide
from guidepress.fonts import system as fonts

BOLD_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "th", "dt"}
BOLD_CLASSES = {"callout-title", "chart-label", "draft-mark"}
ITALIC_TAGS = {"i", "cite"}
EMPHASIS_MARKS = {"Jpan": "filled sesame", "Kore": "filled dot"}
BOLD_EMPHASIS = {"Arab", "Deva"}
STYLES = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic"}
STYLES[(True, True)] = "Bold Italic"


@dataclass(frozen=True)
class Face:
    """One face of a family: what a `@font-face` rule declares and the file it embeds."""

    family: str
    bold: bool
    italic: bool

    @property
    def style(self) -> str:
        return STYLES[(self.bold, self.italic)]

    @property
    def file_stem(self) -> str:
        return f"{self.family.replace(' ', '')}-{self.style.replace(' ', '')}"

    def rule(self, file_name: str) -> str:
        weight = "bold" if self.bold else "normal"
        style = "italic" if self.italic else "normal"
        return (
            f'@font-face {{ font-family: "{self.family}"; font-weight: {weight}; '
            f'font-style: {style}; src: url("../{file_name}"); }}'
        )


@dataclass(frozen=True)
class Run:
    """A stretch of text with the language, weight and style it is drawn in."""

    text: str
    lang: str
    bold: bool
    italic: bool


def _emphasis(lang: str) -> tuple[bool, bool]:
    """(bold, italic) that `<em>` adds in *lang*."""
    script = script_of(lang)
    if script in EMPHASIS_MARKS:
        return False, False
    return (True, False) if script in BOLD_EMPHASIS else (False, True)


def _runs(element: etree._Element, lang: str, bold: bool, italic: bool) -> Iterator[Run]:
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.rpartition("}")[2].lower()
    lang = element.get("lang") or element.get("{http://www.w3.org/XML/1998/namespace}lang") or lang
    classes = set((element.get("class") or "").split())
    bold = bold or tag in BOLD_TAGS or bool(classes & BOLD_CLASSES)
    italic = italic or tag in ITALIC_TAGS
    if tag == "em":
        more_bold, more_italic = _emphasis(lang)
        bold, italic = bold or more_bold, italic or more_italic
    if tag not in ("style", "script", "title") and element.text:
        yield Run(element.text, lang, bold, italic)
    for child in element:
        yield from _runs(child, lang, bold, italic)
        if child.tail:
            yield Run(child.tail, lang, bold, italic)


def page_runs(pages: list[str], lang: str) -> list[Run]:
    """The runs of text of XHTML *pages* (fragments or documents) in a book in *lang*."""
    runs: list[Run] = []
    for page in pages:
        root = html.fragment_fromstring(page, create_parent="div")
        runs += _runs(root, lang, False, False)
    return runs


def _stack_for(guide: Guide, lang: str) -> tuple[FontStack, ...]:
    """The font stacks text in *lang* is drawn with: its script's first, as the CSS says."""
    script = script_of(lang)
    own = [s for s in guide.scripts if s.script == script]
    return tuple(own + [s for s in guide.scripts if s.script != script])


def _face(family: str, bold: bool, italic: bool) -> Face:
    """The face a reading system uses: the family's own, or the regular one it synthesises from."""
    if italic and fonts.locate_face(family, STYLES[(bold, True)]) is None:
        italic = False
    if bold and fonts.locate_face(family, STYLES[(True, italic)]) is None:
        bold = False
    return Face(family, bold, italic)


def faces_and_text(guide: Guide, runs: list[Run]) -> dict[Face, str]:
    """Each face that draws something, with the characters it draws (sorted)."""
    chars: dict[Face, set[str]] = defaultdict(set)
    for run in runs:
        families = [stack.body for stack in _stack_for(guide, run.lang)]
        for char in set(run.text):
            if not fonts.needs_glyph(char):
                continue
            family = next((f for f in families if ord(char) in fonts.coverage(f)), None)
            if family is not None:
                chars[_face(family, run.bold, run.italic)].add(char)
    for face in list(chars):  # a regular face can draw what its other faces draw
        chars[Face(face.family, False, False)] |= chars[face]
    return {face: "".join(sorted(text)) for face, text in sorted(chars.items(), key=_order)}


def _order(item: tuple[Face, set[str]]) -> tuple[str, bool, bool]:
    face = item[0]
    return (face.family, face.bold, face.italic)


def language_rules(guide: Guide) -> str:
    """`:lang()` rules giving text in another script's language its own families first,
    and `<em>` its emphasis where the script has no italic."""
    rules = []
    for stack in guide.scripts[1:]:
        lang = language_of_script(stack.script)
        families = ", ".join(f'"{s.body}"' for s in _stack_for(guide, lang))
        rules.append(f":lang({lang}) {{ font-family: {families}, serif; }}")
    languages = [guide.locale] + [language_of_script(s.script) for s in guide.scripts[1:]]
    for lang in dict.fromkeys(languages):
        rules.append(_emphasis_rule(lang))
    return "\n".join(rule for rule in rules if rule)


def _emphasis_rule(lang: str) -> str:
    script = script_of(lang)
    if script in EMPHASIS_MARKS:
        marks = EMPHASIS_MARKS[script]
        return (
            f":lang({lang}) em {{ font-style: normal; -webkit-text-emphasis: {marks}; "
            f"-epub-text-emphasis: {marks}; text-emphasis: {marks}; }}"
        )
    if script in BOLD_EMPHASIS:
        return f":lang({lang}) em {{ font-style: normal; font-weight: bold; }}"
    return ""
