"""Catalogs: extraction, update round trip, fallback, integrity warnings, stats, init."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from conftest import guidepress, make_project
from guidepress.i18n import pofiles
from guidepress.i18n.integrity import problems

FR_PO = Path("locales/fr/LC_MESSAGES/guide.po")


def _pybabel() -> str:
    found = Path(sys.executable).with_name("pybabel")
    return str(found) if found.exists() else str(shutil.which("pybabel"))


def _messages(path: Path) -> str:
    """A template without its header entry (guidepress fills that from guide.toml)."""
    return path.read_text().split("\n\n", 1)[1]


def test_extract_reads_babel_cfg_or_the_builtin_mapping_and_the_packaged_theme(
    project: Path,
) -> None:
    (project / "locales" / "guide.pot").unlink()
    assert guidepress(project, "i18n", "extract").returncode == 0
    ours = project / "locales" / "guide.pot"
    with_cfg = _messages(ours)
    subprocess.run(
        [_pybabel(), "extract", "-F", "babel.cfg", "-o", "plain.pot", "."],
        cwd=project,
        check=True,
        capture_output=True,
    )
    plain = _messages(project / "plain.pot")  # the guide's own files: chapters, guide.toml
    assert "guidepress/theme/" not in plain and plain.split("#: ")[1] in with_cfg
    (project / "babel.cfg").unlink()
    ours.unlink()
    assert guidepress(project, "i18n", "extract").returncode == 0
    assert _messages(ours) == with_cfg  # the built-in mapping reads what babel.cfg named
    header = ours.read_text().split("\n\n", 1)[0]
    assert "# Translations template for Mini Guide." in header
    assert '"Project-Id-Version: Mini Guide 0.1.0\\n"' in header
    assert "PROJECT" not in header and "ORGANIZATION" not in header and "FIRST AUTHOR" not in header
    with (project / "locales" / "guide.pot").open("rb") as handle:
        template = read_po(handle)
    welcome = template.get("Keep the door open, even when the answer is silence.", "welcome")
    assert welcome is not None
    assert welcome.locations == [("chapters/01-welcome.md", 10)]
    assert welcome.auto_comments == ["paragraph", 'Translators: "door" is a metaphor for contact.']
    assert template.get("When to seek urgent help", "welcome").auto_comments == ["urgent box title"]
    assert template.get("Proper names stay as written: guidepress.", "help") is None  # i18n: skip
    assert template.get("25.44", "help") is None  # numbers alone are not translated
    contents = template.get("Contents")  # the packaged theme's strings share the catalog
    assert contents is not None and ("guidepress/theme/pdf/guide.html", 29) in contents.locations


def test_extract_check_fails_when_the_template_is_stale(project: Path) -> None:
    assert guidepress(project, "i18n", "extract").returncode == 0
    assert guidepress(project, "i18n", "extract", "--check").returncode == 0
    chapter = project / "chapters" / "02-help.md"
    chapter.write_text(chapter.read_text().replace("Where to turn.", "Where to turn now."))
    run = guidepress(project, "i18n", "extract", "--check")
    assert run.returncode == 1
    assert "locales/guide.pot: error: stale" in run.stderr


def test_the_template_is_judged_by_its_messages_not_its_header(project: Path) -> None:
    """Another Babel release or another day rewrites the header; that is not a change."""
    assert guidepress(project, "i18n", "extract").returncode == 0
    pot = project / "locales" / "guide.pot"
    text = pot.read_text()
    dated = text.replace("Generated-By: Babel ", "Generated-By: Babel 0.").replace(
        "POT-Creation-Date: 20", "POT-Creation-Date: 19"
    )
    assert dated != text
    pot.write_text(dated)
    assert guidepress(project, "i18n", "extract", "--check").returncode == 0
    assert guidepress(project, "i18n", "extract").returncode == 0
    assert pot.read_text() == dated  # nothing that matters changed, so nothing was written
    pot.write_text(dated.replace("#: chapters/02-help.md:", "#: chapters/02-help.md:9", 1))
    assert guidepress(project, "i18n", "extract", "--check").returncode == 1  # a reference moved
    pot.write_text(dated.replace("#. paragraph", "#. list item", 1))
    assert guidepress(project, "i18n", "extract", "--check").returncode == 1  # a comment changed


def test_update_leaves_a_catalog_alone_when_only_its_header_dates_differ(project: Path) -> None:
    assert guidepress(project, "i18n", "extract").returncode == 0
    assert guidepress(project, "i18n", "update").returncode == 0
    po = project / FR_PO
    before = po.read_text().replace("Generated-By: Babel ", "Generated-By: Babel 0.")
    po.write_text(before)
    run = guidepress(project, "i18n", "update")
    assert run.returncode == 0 and "unchanged" in run.stdout, run.stdout + run.stderr
    assert po.read_text() == before


ROUND_TRIP_PO = r"""# French translation.
msgid ""
msgstr ""
"Project-Id-Version: PROJECT VERSION\n"
"Language: fr\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=utf-8\n"
"Content-Transfer-Encoding: 8bit\n"

# Keep it short.
#. paragraph
#: chapters/01-welcome.md:6
#, no-wrap
msgctxt "welcome"
msgid "Keep the door open."
msgstr "Gardez la porte ouverte."

#. heading
#: chapters/01-welcome.md:9
#, fuzzy
#| msgid "Small step"
msgctxt "welcome"
msgid "Small steps"
msgstr "Petits pas"

#: templates/x.html:3
msgid "One page"
msgid_plural "%(n)s pages"
msgstr[0] "Une page"
msgstr[1] "%(n)s pages"

#. paragraph
#: chapters/01-welcome.md:12
msgctxt "welcome"
msgid "Say hello every day."
msgstr "Dites bonjour chaque jour."

#~ msgctxt "welcome"
#~ msgid "An old sentence."
#~ msgstr "Une vieille phrase."
"""

ROUND_TRIP_POT = r"""msgid ""
msgstr ""
"Project-Id-Version: PROJECT VERSION\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=utf-8\n"
"Content-Transfer-Encoding: 8bit\n"

#. paragraph
#: chapters/01-welcome.md:6
msgctxt "welcome"
msgid "Keep the door open."
msgstr ""

#. heading
#: chapters/01-welcome.md:9
msgctxt "welcome"
msgid "Small steps"
msgstr ""

#: templates/x.html:3
msgid "One page"
msgid_plural "%(n)s pages"
msgstr[0] ""
msgstr[1] ""

#. paragraph
#: chapters/01-welcome.md:12
msgctxt "welcome"
msgid "Say hello every single day."
msgstr ""
"""


def test_update_round_trip_loses_nothing_a_translator_wrote(tmp_path: Path) -> None:
    po, pot = tmp_path / "fr.po", tmp_path / "guide.pot"
    po.write_text(ROUND_TRIP_PO)
    pot.write_text(ROUND_TRIP_POT)
    catalog = pofiles.read(po, "fr.po", "fr")
    pofiles.update(catalog, pofiles.read(pot, "guide.pot"))
    pofiles.write(po, catalog)
    text = po.read_text()
    assert "# Keep it short.\n" in text  # translator comment
    assert "#, no-wrap" in text  # translator's flag
    assert '#, fuzzy\n#| msgid "Small step"\nmsgctxt "welcome"\nmsgid "Small steps"' in text
    assert 'msgstr[0] "Une page"\nmsgstr[1] "%(n)s pages"' in text  # plural forms
    assert '#~ msgid "An old sentence."\n#~ msgstr "Une vieille phrase."' in text  # obsolete
    # A changed English block: fuzzy, the old English shown, the old translation kept.
    assert (
        '#, fuzzy\n#| msgid "Say hello every day."\nmsgctxt "welcome"\n'
        'msgid "Say hello every single day."\nmsgstr "Dites bonjour chaque jour."'
    ) in text
    assert "# |" not in text  # Babel alone would garble previous msgids into comments
    again = pofiles.read(po, "fr.po", "fr")
    pofiles.update(again, pofiles.read(pot, "guide.pot"))
    assert pofiles.write(po, again) is False  # a second update changes nothing


LONG_PREVIOUS = (
    "If you are in danger, leave the room or the house and get to a safe place first; "
    'then call for help. Say "I am here" and keep a\\backslash.'
)


def test_a_long_previous_msgid_survives_every_write(tmp_path: Path) -> None:
    """Babel word-wraps `#|` lines as comments; ours read back exactly and pass msgfmt."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="fr")
    catalog.add("Leave now.", "Partez.", flags=["fuzzy"], context="c", previous_id=[LONG_PREVIOUS])
    po = tmp_path / "fr.po"
    pofiles.write(po, catalog)
    text = po.read_text()
    assert '#| msgid ""\n#| "If you are in danger, leave the room' in text
    assert all(line.startswith(("#| msgid ", '#| "')) for line in text.splitlines() if "#|" in line)
    for _ in range(2):  # read and write again: nothing drifts
        again = pofiles.read(po, "fr.po", "fr")
        assert list(again.get("Leave now.", "c").previous_id) == [LONG_PREVIOUS]
        pofiles.write(po, again)
    assert po.read_text() == text
    checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True)
    assert checked.returncode == 0, checked.stderr


def test_translation_reaches_pdf_and_epub_and_hostile_text_does_not(mini_build: Path) -> None:
    pdf = PdfReader(mini_build / "fr" / "mini-guide-fr-a4.pdf")
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Gardez la porte ouverte" in text
    assert "Sommaire" in text and "CHAPITRE 1" in text.upper()
    assert "25,44" in text  # numbers formatted for French
    assert "Draft translation" in text or "brouillon" in text.lower()
    assert "Say hello every day." in text  # the unsafe msgstr fell back to English
    assert "Partagez un repas" not in text  # fuzzy entries are not shown
    with zipfile.ZipFile(mini_build / "fr" / "mini-guide-fr.epub") as epub:
        everything = b"".join(epub.read(name) for name in epub.namelist()).decode(
            "utf-8", "replace"
        )
    assert "Gardez la porte ouverte" in everything
    for outputs in (text, everything):
        assert "<script" not in outputs and "javascript:" not in outputs
        assert "alert(1)" not in outputs


def _line_of(project: Path, needle: str) -> int:
    lines = (project / FR_PO).read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if needle in line)
    while not lines[index].startswith("msgid"):
        index -= 1
    return index + 1


def test_integrity_problems_are_warnings_with_po_lines(project: Path) -> None:
    run = guidepress(project, "build", "--locale", "fr", "--only", "epub")
    assert run.returncode == 0, run.stderr
    po = str(FR_PO)
    assert f"{po}:{_line_of(project, '<script>')}: warning: HTML is not allowed" in run.stderr
    assert f"{po}:{_line_of(project, 'javascript:')}: warning: unsafe link" in run.stderr
    assert (
        f"{po}:{_line_of(project, 'une petite')}: warning: footnote references differ" in run.stderr
    )
    strict = guidepress(project, "build", "--locale", "fr", "--only", "epub", "--strict")
    assert strict.returncode == 1


def test_stats_and_init(project: Path) -> None:
    stats = guidepress(project, "i18n", "stats")
    assert stats.returncode == 0
    fr_row = next(line for line in stats.stdout.splitlines() if line.strip().startswith("fr"))
    cells = [cell.strip() for cell in fr_row.split("│")]
    assert "fuzzy" in stats.stdout and cells[3] == "2", fr_row  # "Share a meal", "Sources"
    init = guidepress(project, "i18n", "init", "es")
    assert init.returncode == 0, init.stderr
    created = (project / "locales/es/LC_MESSAGES/guide.po").read_text()
    assert "# Spanish translations for Mini Guide." in created
    assert '"Project-Id-Version: Mini Guide 0.1.0\\n"' in created
    assert "PROJECT VERSION" not in created and "FIRST AUTHOR" not in created
    glossary = (project / "locales/es/glossary.toml").read_text()
    assert glossary.startswith('# Spanish (es) glossary for "Mini Guide".')
    assert 'locales = ["en", "fr", "es"]' in (project / "guide.toml").read_text()
    assert guidepress(project, "build", "--locale", "es", "--only", "epub").returncode == 0
    no_fonts = guidepress(project, "i18n", "init", "si")  # Sinhala: no Noto family known
    assert no_fonts.returncode == 2 and "add a [fonts.Sinh] table first" in no_fonts.stderr
    assert not (project / "locales/si").exists()
    japanese = guidepress(project, "i18n", "init", "ja")  # a known script gets its table
    assert "added [fonts.Jpan] (Noto Serif CJK JP, Noto Sans CJK JP)" in japanese.stdout
    assert tomllib.loads((project / "guide.toml").read_text())["fonts"]["Jpan"]["body"]
    unknown = guidepress(project, "i18n", "init", "zz-nope")
    assert unknown.returncode == 2 and "unknown locale 'zz-nope'" in unknown.stderr


def test_a_glossary_term_inside_a_link_target_is_not_prose() -> None:
    from babel.messages.catalog import Catalog

    from guidepress.i18n.glossary import Glossary, Term, inconsistencies

    glossary = Glossary((Term("door", "porte", (), 1),), frozenset())
    catalog = Catalog(locale="fr")
    catalog.add(
        "See [the guide](https://example.org/door-guide/).",
        "Voir [le guide](https://example.org/door-guide/).",
        context="c",
    )
    catalog.add("Open the [door](#door).", "Ouvrez la [fenêtre](#door).", context="c")
    found = inconsistencies(catalog, glossary, "fr.po")
    assert [d.message for d in found] == ["glossary: 'door' should be rendered as 'porte'"]


def test_a_number_and_unit_split_by_a_space_warns_only_in_right_to_left_catalogs() -> None:
    msgid = "Keep the room at 40 °C."
    hebrew = "שמרו על החדר ב-40 °C."
    _, advisory = problems(msgid, hebrew, "en", rtl=True)
    assert any("'40 °C'" in p and "right-to-left" in p for p in advisory), advisory
    assert problems(msgid, hebrew, "en", rtl=False)[1] == []
    isolated = "שמרו על החדר ב-\u206640 °C\u2069."
    assert problems(msgid, isolated, "en", rtl=True)[1] == []
    assert problems(msgid, "שמרו על החדר ב-40°C.", "en", rtl=True)[1] == []


@pytest.mark.parametrize("fixture", ["mini", "scripts"])
def test_the_fixture_templates_are_current(tmp_path: Path, fixture: str) -> None:
    """A fixture's guide.pot drifts when the templates change; regenerate it then."""
    project = make_project(tmp_path, fixture)
    run = guidepress(project, "i18n", "extract", "--check")
    assert run.returncode == 0, run.stderr


def test_a_new_guide_url_refreshes_the_template_header_without_making_it_stale(
    project: Path,
) -> None:
    assert guidepress(project, "i18n", "extract").returncode == 0
    toml = project / "guide.toml"
    toml.write_text(toml.read_text().replace("guidepress.example.org", "guides.example-ngo.org.uk"))
    assert guidepress(project, "i18n", "extract", "--check").returncode == 0
    run = guidepress(project, "i18n", "extract")
    assert "wrote locales/guide.pot" in run.stdout + run.stderr
    assert "guides.example-ngo.org.uk" in (project / "locales" / "guide.pot").read_text()
