"""The EPUB's font licence page: the fonts it actually embeds, named from their own files."""

from __future__ import annotations

from guidepress.document import Guide
from guidepress.fonts.licence import FontNotice, font_notice
from guidepress.theme import Theme

OFL_FILE = "epub/fonts/OFL.txt"


def embedded_notices(guide: Guide) -> list[FontNotice]:
    """The notice of each family the EPUB embeds faces of (every script's body family)."""
    families = dict.fromkeys(s.body for s in guide.scripts)
    return [font_notice(family) for family in families]


def licence_text(guide: Guide, theme: Theme) -> str:
    """Who made each embedded font and its licence; the OFL's text when a font is under it."""
    notices = embedded_notices(guide)
    lines = ["The fonts embedded in this e-book are subsets of these fonts:", ""]
    for notice in notices:
        lines += [notice.family, notice.copyright, notice.licence, ""]
    if any(notice.ofl for notice in notices):
        lines.append(theme.file(OFL_FILE).read_text(encoding="utf-8"))
    return "\n".join(line for line in lines if line is not None)
