"""Bad input, table-driven: each case gets its exit code and a `file:line` message, never a
traceback, and no half-written output."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import FIXTURES, guidepress
from guidepress.theme import PACKAGED

WELCOME = "chapters/01-welcome.md"
FR_PO = "locales/fr/LC_MESSAGES/guide.po"


def _replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        path = project / relative
        text = path.read_text()
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1))

    return edit


def _override(name: str, old: str, new: str) -> Callable[[Path], None]:
    """The guide replaces a packaged template with its own (edited) copy."""

    def edit(project: Path) -> None:
        path = project / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((PACKAGED / name).read_text())
        _replace(f"templates/{name}", old, new)(project)

    return edit


def _write(relative: str, data: bytes) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        (project / relative).write_bytes(data)

    return edit


def _image(src: str) -> Callable[[Path], None]:
    return _replace(WELCOME, "Keep the door open", f"![A door]({src})\n\nKeep the door open")


def _symlink_image(project: Path) -> None:
    (project / "chapters" / "door.png").symlink_to("/etc/hostname")
    _image("door.png")(project)


@dataclass(frozen=True)
class Case:
    name: str
    edit: Callable[[Path], None]
    exit_code: int
    message: str
    args: tuple[str, ...] = ("--locale", "en", "--only", "epub")


CASES = [
    Case(
        "malformed front matter",
        _replace(WELCOME, "title: Welcome", "title: [Welcome"),
        2,
        rf"{WELCOME}:\d+: error: malformed front matter",
    ),
    Case(
        "missing front matter",
        _replace(WELCOME, "---\ntitle: Welcome", "title: Welcome"),
        2,
        rf"{WELCOME}:1: error: missing front matter",
    ),
    Case(
        "unknown front-matter key",
        _replace(WELCOME, "title: Welcome", "title: Welcome\nauthor: x"),
        2,
        rf"{WELCOME}:3: error: unknown front-matter key 'author'",
    ),
    Case(
        "duplicate chapter slug",
        _write("chapters/03-welcome.md", b"---\ntitle: Again\n---\n"),
        2,
        r"guide.toml:\d+: error: chapter slug 'welcome' is used by 01-welcome.md and "
        r"03-welcome.md",
    ),
    Case(
        "chapter file not named NN-slug",
        _write("chapters/3-extra.md", b"---\ntitle: X\n---\n"),
        2,
        r"guide.toml:\d+: error: chapter file '3-extra.md' is not named NN-slug.md",
    ),
    Case(
        "link to an unknown chapter",
        _replace(WELCOME, "(#help)", "(#no-such-chapter)"),
        1,
        rf"{WELCOME}:6: warning: link to unknown anchor #no-such-chapter",
        ("--locale", "en", "--only", "epub", "--strict"),
    ),
    Case(
        "missing image", _image("nope.png"), 2, rf"{WELCOME}:10: error: image 'nope.png' not found"
    ),
    Case(
        "image outside the project",
        _image("../../secret.png"),
        2,
        rf"{WELCOME}:10: error: image '../../secret.png' leaves the project folder",
    ),
    Case(
        "absolute image path",
        _image("/etc/hostname"),
        2,
        rf"{WELCOME}:10: error: image '/etc/hostname' is an absolute path",
    ),
    Case(
        "image symlink out of the project",
        _symlink_image,
        2,
        rf"{WELCOME}:10: error: image 'door.png' leaves the project folder",
    ),
    Case(
        "remote image",
        _image("https://tracker.example.com/pixel.png"),
        2,
        rf"{WELCOME}:10: error: image 'https://tracker.example.com/pixel.png' is not a file",
    ),
    Case(
        "non-UTF-8 chapter",
        _write(WELCOME, b"---\ntitle: Caf\xe9\n---\n"),
        2,
        rf"{WELCOME}:2: error: not UTF-8 \(byte 0xe9\)",
    ),
    Case(
        "binary chapter",
        _write(WELCOME, b"\x89PNG\r\n\x1a\n\0\0\0"),
        2,
        rf"{WELCOME}: error: binary file",
    ),
    Case(
        "huge chapter",
        _write(WELCOME, b"---\ntitle: Big\n---\n" + b"word " * 600_000),
        2,
        rf"{WELCOME}: error: file is 3,000,\d+ bytes; the limit is 2,000,000",
    ),
    Case(
        "template syntax error",
        _override("epub/chapter.xhtml", "{% if chapter.summary %}", "{% if %}"),
        2,
        r"templates/epub/chapter.xhtml:4: error: template error: ",
    ),
    Case(
        "unknown locale",
        lambda project: None,
        2,
        r"guide.toml: error: unknown locale 'xx'",
        ("--locale", "xx"),
    ),
    Case(
        "broken .po syntax",
        _replace(FR_PO, 'msgstr "Bienvenue"', 'msgstr "Bienvenue'),
        2,
        rf"{FR_PO}:\d+: error: broken .po file: unterminated string",
        ("--locale", "fr", "--only", "epub"),
    ),
    Case(
        "msgstr with HTML",
        _replace(FR_PO, 'msgstr "Bienvenue"', 'msgstr "<b>Bienvenue</b>"'),
        1,
        rf"{FR_PO}:\d+: warning: HTML is not allowed here: </b>, <b>",
        ("--locale", "fr", "--only", "epub", "--strict"),
    ),
    Case(
        "msgstr with <script> (in the fixture)",
        lambda project: None,
        1,
        rf"{FR_PO}:\d+: warning: HTML is not allowed here: </script>, <script>",
        ("--locale", "fr", "--only", "epub", "--strict"),
    ),
    Case(
        "msgstr with a javascript: link (in the fixture)",
        lambda project: None,
        1,
        rf"{FR_PO}:\d+: warning: unsafe link or remote image: javascript:",
        ("--locale", "fr", "--only", "epub", "--strict"),
    ),
    Case(
        "msgstr with a remote image",
        _replace(FR_PO, 'msgstr "Bienvenue"', 'msgstr "Bienvenue ![x](https://t.example/p.png)"'),
        1,
        rf"{FR_PO}:\d+: warning: unsafe link or remote image",
        ("--locale", "fr", "--only", "epub", "--strict"),
    ),
    Case(
        "mismatched markup",
        _replace(FR_PO, 'msgstr "Petits pas"', 'msgstr "**Petits pas"'),
        1,
        rf"{FR_PO}:\d+: warning: mismatched markup",
        ("--locale", "fr", "--only", "epub", "--strict"),
    ),
    Case(
        "glyph no font covers",
        _replace(FR_PO, 'msgstr "Petits pas"', 'msgstr "Petits pas \U0001f642"'),
        1,
        rf"{FR_PO}:\d+: error: fr: no declared font .* U\+1F642",
        ("--locale", "fr", "--only", "epub"),
    ),
    Case(
        "unknown guide.toml key",
        _replace("guide.toml", "[output]", "[output]\ncolour = 1"),
        2,
        r"guide.toml:\d+: error: unknown key output.colour",
    ),
    Case(
        "misspelt font",
        _replace("guide.toml", 'body = "Noto Serif"', 'body = "Noto Serf"'),
        2,
        r"guide.toml:30: error: font 'Noto Serf' is not installed",
    ),
    Case(
        "missing handout file",
        _replace("guide.toml", 'handout = "chapters/handout.md"', 'handout = "chapters/gone.md"'),
        2,
        r"guide.toml:\d+: error: handout file 'chapters/gone.md' not found",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(project: Path, case: Case) -> None:
    case.edit(project)
    run = guidepress(project, "build", *case.args)
    assert run.returncode == case.exit_code, run.stderr
    assert re.search(case.message, run.stderr), run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    built = project / "build"
    leftovers = [p for p in built.rglob("*") if p.name.endswith(".part")] if built.exists() else []
    assert not leftovers


def test_the_table_covers_the_fixture(project: Path) -> None:
    assert (FIXTURES / "mini" / WELCOME).is_file() and os.path.exists(project / FR_PO)


def test_a_catalog_saved_in_another_encoding_is_named_and_the_others_still_build(
    project: Path,
) -> None:
    """A .po saved as Windows-1255 (or any non-UTF-8 encoding) stops only its own locale."""
    path = project / FR_PO
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index('msgstr "Bienvenue"') + 1
    shin_in_cp1255 = "ש".encode("cp1255")  # b"\xf9"
    edited = text.encode().replace(b'msgstr "Bienvenue"', b'msgstr "' + shin_in_cp1255 + b'"')
    path.write_bytes(edited)
    run = guidepress(project, "build", "--only", "epub")
    assert run.returncode == 2, run.stderr
    expected = rf"{FR_PO}:{line}: error: not UTF-8 \(byte 0xf9\); save the catalog as UTF-8"
    assert re.search(expected, run.stderr), run.stderr
    assert "Traceback" not in run.stderr
    assert (project / "build" / "en" / "mini-guide-en.epub").is_file()
    assert not (project / "build" / "fr").exists()


def test_a_folder_without_a_guide_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-guide"
    run = guidepress(missing, "build")
    assert run.returncode == 2
    assert f"{missing}: error: no such folder" in run.stderr, run.stderr
    run = guidepress(tmp_path, "build")
    assert run.returncode == 2
    assert f"{tmp_path}: error: no guide.toml in this folder" in run.stderr, run.stderr
