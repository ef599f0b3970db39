"""What an embedded font's own name table says about who made it and under which licence."""

from __future__ import annotations

from dataclasses import dataclass

from guidepress.fonts.system import _open, locate

OFL_MARK = "Open Font License"
COPYRIGHT, FAMILY, LICENCE, TYPOGRAPHIC_FAMILY = 0, 1, 13, 16


@dataclass(frozen=True)
class FontNotice:
    """One embedded family: its name, copyright line and licence description."""

    family: str
    copyright: str
    licence: str

    @property
    def ofl(self) -> bool:
        """True when the font says it is under the SIL Open Font License."""
        return OFL_MARK in self.licence or "OFL" in self.licence


def font_notice(family: str) -> FontNotice:
    """The notice of the face that *family* resolves to on this machine."""
    font = _open(locate(family))
    names = font["name"]

    def name(ident: int) -> str:
        record = names.getDebugName(ident)
        return " ".join(str(record).split()) if record else ""

    shown = name(TYPOGRAPHIC_FAMILY) or name(FAMILY) or family
    return FontNotice(shown, name(COPYRIGHT), name(LICENCE))
