"""The one block walker, pinned by fixtures: tests/fixtures/units/NN-name.md -> .units.

Each `.units` file lists the units extraction must find (`line | kind | msgid [| note]`).
Translation must ask for exactly those msgids, so the two can never disagree.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from guidepress.document import build_chapter
from guidepress.markdown.sources import SourceChapter, parse_chapter
from guidepress.markdown.units import chapter_units

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "units").glob("*.md"))


def _chapter(path: Path) -> SourceChapter:
    number, slug = path.stem.split("-", 1)
    return parse_chapter(
        path.read_text(encoding="utf-8"), f"chapters/{path.name}", int(number), slug
    )


def _expected(path: Path) -> list[tuple[int, str, str, str | None]]:
    rows = []
    for line in path.with_suffix(".units").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split(" | ")
        note = fields[3] if len(fields) > 3 else None
        rows.append((int(fields[0]), fields[1], fields[2], note))
    return rows


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_extraction_finds_the_expected_units(path: Path) -> None:
    found = [(u.line, u.kind, u.msgid, u.note) for u in chapter_units(_chapter(path))]
    assert found == _expected(path)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_translation_asks_for_exactly_the_extracted_units(path: Path) -> None:
    chapter = _chapter(path)
    asked: list[tuple[str, str]] = []

    def translate(context: str, msgid: str) -> str:
        asked.append((context, msgid))
        return msgid

    build_chapter(chapter, translate, str)
    expected = [(chapter.slug, msgid) for _, _, msgid, _ in _expected(path)]
    assert Counter(asked) == Counter(expected)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_every_translated_unit_is_shown(path: Path) -> None:
    chapter = _chapter(path)
    units = {u.msgid for u in chapter_units(chapter)}

    def translate(context: str, msgid: str) -> str:
        return f"ZZ{len(msgid)}ZZ " + msgid if msgid in units else msgid

    built = build_chapter(chapter, translate, str)
    shown = built.html + "".join(n.html for n in built.footnotes) + built.title + built.summary
    for msgid in units:
        assert f"ZZ{len(msgid)}ZZ" in shown, msgid
