"""Find declared fonts on the system, check glyph coverage, and subset fonts for e-books."""

from __future__ import annotations

import io
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from guidepress.config import Config, FontStack
from guidepress.errors import Diagnostic, InputError
from guidepress.fonts import hbsubset

IGNORED_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}


@dataclass(frozen=True)
class FontFile:
    """Where a font family's regular face lives."""

    family: str
    path: Path
    index: int


@cache
def locate(family: str) -> FontFile:
    """Return the installed file of *family*; a fallback to another family is an error."""
    try:
        done = subprocess.run(
            ["fc-match", "--format=%{file}\t%{index}\t%{family}", f"{family}:style=Regular"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as err:
        raise InputError(
            Diagnostic("guide.toml", 0, "error", f"cannot run fc-match: {err}")
        ) from None
    path, index, families = done.stdout.split("\t")
    if family not in families.split(","):
        raise InputError(
            Diagnostic(
                "guide.toml",
                0,
                "error",
                f"font {family!r} is not installed (fontconfig offers {families!r} instead); "
                "on Debian/Ubuntu install fonts-noto-core and fonts-noto-cjk",
            )
        )
    return FontFile(family, Path(path), int(index or 0))


def missing_fonts(config: Config, stacks: Iterable[FontStack]) -> list[Diagnostic]:
    """Each family of *stacks* that is not installed, at the guide.toml line declaring it."""
    problems = []
    shown = config.relative(config.path)
    for stack in stacks:
        for family in dict.fromkeys((stack.body, stack.heading)):
            try:
                locate(family)
            except InputError as err:
                problems += [replace(d, path=shown, line=stack.line) for d in err.diagnostics]
    return problems


def _open(font: FontFile) -> TTFont:
    return TTFont(str(font.path), fontNumber=font.index, lazy=True, recalcTimestamp=False)


@cache
def coverage(family: str) -> frozenset[int]:
    """Every code point the family's regular face has a glyph for."""
    with _open(locate(family)) as font:
        return frozenset(font.getBestCmap())


def needs_glyph(char: str) -> bool:
    return unicodedata.category(char) not in IGNORED_CATEGORIES


@cache
def _union(families: tuple[str, ...]) -> frozenset[int]:
    return frozenset().union(*(coverage(family) for family in families))


def uncovered(text: str, families: tuple[str, ...]) -> list[str]:
    """Characters of *text* that none of *families* can draw, in order of appearance."""
    covered = _union(families)
    return [c for c in dict.fromkeys(text) if ord(c) not in covered and needs_glyph(c)]


def describe(char: str) -> str:
    name = unicodedata.name(char, "unnamed character")
    return f"U+{ord(char):04X} {char!r} ({name})"


@cache
def locate_face(family: str, style: str) -> FontFile | None:
    """The file of *family*'s face in *style* ("Bold", "Italic", "Bold Italic"); None when
    the family has no such face (fontconfig offers another style, or another family)."""
    try:
        done = subprocess.run(
            [
                "fc-match",
                "--format=%{file}\t%{index}\t%{family}\t%{style}",
                f"{family}:style={style}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    path, index, families, styles = done.stdout.split("\t")
    if family not in families.split(",") or style not in styles.split(","):
        return None
    return FontFile(family, Path(path), int(index or 0))


def subset_face(found: FontFile, text: str) -> tuple[bytes, str]:
    """Return the face in *found* cut down to the glyphs *text* needs, and its type."""
    data = hbsubset.subset(found.path, found.index, text)
    if data is not None:
        kind = "font/otf" if data[:4] == b"OTTO" else "font/ttf"
        return data, kind
    from fontTools import subset  # the fallback only: a slow import for every command

    font = _open(found)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    kind = "font/otf" if "CFF " in font or "CFF2" in font else "font/ttf"
    return buffer.getvalue(), kind
