"""The built wheel, installed offline into a fresh environment, makes a new guide from nothing.

Nothing is copied from the repository into the guide: `guidepress new` writes it, `i18n init`
adds a right-to-left language (Hebrew) and a complex-script one (Thai), the test translates a
few entries, and the guide builds and checks with 0 errors using only the packaged theme.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from conftest import REPO
from test_lock import LOCK, _source_copy, _wheelhouse

WORDS = {"he": "טקסט לדוגמה בעברית", "th": "ข้อความตัวอย่างภาษาไทย"}
PLAIN = re.compile(r"^[A-Za-z ,.'-]+$")
"""Entries without markup or placeholders, which a test can translate blindly."""


def _run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SOURCE_DATE_EPOCH")}
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


def _wheel(folder: Path) -> Path:
    """Build the wheel and the sdist from a copy of the sources; twine must accept both."""
    (folder / "source").mkdir()
    source = _source_copy(folder / "source")
    dist = folder / "dist"
    _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, source)
    _run(sys.executable, "-m", "twine", "check", "--strict", *sorted(dist.iterdir()))
    return next(dist.glob("guidepress-*.whl"))


def _environment(folder: Path, wheel: Path, wheels: Path) -> Path:
    venv.EnvBuilder(with_pip=True).create(folder)
    python = folder / "bin" / "python"
    offline = ["--no-index", "--find-links", str(wheels), "--disable-pip-version-check", "-q"]
    _run(python, "-m", "pip", "install", *offline, "--require-hashes", "-r", LOCK)
    _run(python, "-m", "pip", "install", *offline, "--no-deps", wheel)
    return python


def _translate(catalog_path: Path, words: str) -> int:
    """Translate every plain entry (no markup, no placeholder) as *words*."""
    with catalog_path.open("rb") as handle:
        catalog = read_po(handle)
    done = 0
    for message in catalog:
        if message.id and isinstance(message.id, str) and PLAIN.match(message.id):
            message.string = f"{words} {done}"
            done += 1
    with catalog_path.open("wb") as handle:
        write_po(handle, catalog)
    return done


def _small(guide_toml: Path) -> None:
    """One paper and one edition, to keep the test short."""
    text = guide_toml.read_text()
    text = text.replace('# papers = ["a4", "letter"]', 'papers = ["a4"]')
    text = text.replace('# editions = ["standard", "large-print"]', 'editions = ["standard"]')
    guide_toml.write_text(text)


def test_the_wheel_makes_builds_and_checks_a_new_guide_offline(tmp_path: Path) -> None:
    wheels = _wheelhouse()
    wheel = _wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "guidepress/theme/pdf/guide.html" in names
        assert "guidepress/theme/epub/fonts/OFL.txt" in names
        assert "guidepress/starter/guide.toml.in" in names
        package = [n for n in names if n.startswith("guidepress/")]
        assert not [n for n in package if b"hikikomori" in archive.read(n).lower()]
    python = _environment(tmp_path / "venv", wheel, wheels)
    guidepress = [python, "-m", "guidepress"]
    _run(*guidepress, "new", "bees", "--title", "Caring for Bees", cwd=tmp_path)
    guide = tmp_path / "bees"
    assert not (guide / "templates").exists() and not (guide / "babel.cfg").exists()
    _small(guide / "guide.toml")
    for locale in ("he", "th"):
        added = _run(*guidepress, "i18n", "init", locale, cwd=guide).stdout
        assert f"added {locale} to guide.toml" in added
        po = guide / "locales" / locale / "LC_MESSAGES" / "guide.po"
        assert _translate(po, WORDS[locale]) >= 5
        assert (guide / "locales" / locale / "glossary.toml").is_file()
    _run(*guidepress, "build", "--jobs", "2", cwd=guide)
    for locale in ("he", "th"):
        epub = guide / "build" / locale / f"caring-for-bees-{locale}.epub"
        with zipfile.ZipFile(epub) as book:
            cover = book.read("EPUB/cover.xhtml").decode()
            assert WORDS[locale] in cover  # the translated title is on the cover
            opf = book.read("EPUB/content.opf").decode()
            assert "dcterms:conformsTo" not in opf  # no claim the publisher did not make
    checked = _run(*guidepress, "check", "--jobs", "2", cwd=guide)
    assert re.search(r"\b0 errors\b", checked.stdout + checked.stderr), checked.stdout


@pytest.fixture(autouse=True)
def _repository_untouched() -> None:
    """The test writes nothing into the repository (the wheel is built from a copy)."""
    before = sorted(p.name for p in REPO.iterdir())
    yield
    assert sorted(p.name for p in REPO.iterdir()) == before
