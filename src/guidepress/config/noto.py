"""Noto families for common scripts, for new guides and newly added languages."""

from __future__ import annotations

SERIF_SANS = ("Noto Serif", "Noto Sans")
NOTO: dict[str, tuple[str, str]] = {
    "Latn": SERIF_SANS,
    "Cyrl": SERIF_SANS,
    "Grek": SERIF_SANS,
    "Arab": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "Hebr": ("Noto Serif Hebrew", "Noto Sans Hebrew"),
    "Thai": ("Noto Serif Thai", "Noto Sans Thai"),
    "Deva": ("Noto Serif Devanagari", "Noto Sans Devanagari"),
    "Beng": ("Noto Serif Bengali", "Noto Sans Bengali"),
    "Taml": ("Noto Serif Tamil", "Noto Sans Tamil"),
    "Ethi": ("Noto Serif Ethiopic", "Noto Sans Ethiopic"),
    "Armn": ("Noto Serif Armenian", "Noto Sans Armenian"),
    "Geor": ("Noto Serif Georgian", "Noto Sans Georgian"),
    "Jpan": ("Noto Serif CJK JP", "Noto Sans CJK JP"),
    "Kore": ("Noto Serif CJK KR", "Noto Sans CJK KR"),
    "Hans": ("Noto Serif CJK SC", "Noto Sans CJK SC"),
    "Hant": ("Noto Serif CJK TC", "Noto Sans CJK TC"),
}
KEEP_WORDS = {"Kore"}
"""Scripts whose lines break between words, not between syllables."""


def font_table(script: str) -> str:
    """guide.toml's `[fonts.SCRIPT]` table with Noto families (or a note to fill it in)."""
    body, heading = NOTO.get(script, ("FILL IN a body font", "FILL IN a heading font"))
    lines = [f"[fonts.{script}]", f'body = "{body}"', f'heading = "{heading}"']
    if script in KEEP_WORDS:
        lines.append("keep_words = true")
    return "\n".join(lines) + "\n"
