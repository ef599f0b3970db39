"""`guidepress check`: passes on a good build; each kind of failure names its file and line."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import Run, guidepress, make_project

MINI_EN = "en/mini-guide-en-a4.pdf"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini guide built and checked once: each test's copy re-checks only the artifacts
    it changes (the results cache is keyed by their SHA-256)."""
    project = make_project(tmp_path_factory.mktemp("check"))
    assert guidepress(project, "i18n", "extract").returncode == 0  # templates move on
    run = guidepress(project, "build", "--only", "pdf", "--only", "handout", "--only", "epub")
    assert run.returncode == 0, run.stderr
    warm = guidepress(project, "check", "--json", "-")
    assert warm.returncode == 1, warm.stderr  # fr is below the threshold
    assert not json.loads(warm.stdout)["cache"]["reused"]
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "mini"
    shutil.copytree(built, copy)
    return copy


def _check(project: Path, *args: str) -> Run:
    return guidepress(project, "check", *args)


def _relist(project: Path, relative: str) -> None:
    """Make manifest.json agree with a file we changed on purpose."""
    manifest = project / "build" / "manifest.json"
    data = json.loads(manifest.read_text())
    path = project / "build" / relative
    for artifact in data["artifacts"]:
        if artifact["path"] == relative:
            artifact["bytes"] = path.stat().st_size
            artifact["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest.write_text(json.dumps(data))


def test_a_good_build_passes_with_a_table_and_json(built: Path) -> None:
    run = _check(built, "--locale", "en")
    assert run.returncode == 0, run.stderr
    assert re.search(r"pdf\s.*ok", run.stdout) and "publishable" in run.stdout
    as_json = _check(built, "--locale", "en", "--json", "-")
    report = json.loads(as_json.stdout)
    assert report["passed"] is True and report["checks"]["epub"]["en"] == "ok"


def test_manifest_missing_unlisted_and_changed_files(project: Path) -> None:
    (project / "build" / "en" / "mini-guide-en-letter.pdf").unlink()
    (project / "build" / "en" / "stray.txt").write_text("left over")
    with (project / "build" / "en" / "mini-guide-en.epub").open("ab") as handle:
        handle.write(b"x")
    run = _check(project, "--locale", "en")
    assert run.returncode == 1
    assert "build/en/mini-guide-en-letter.pdf: error: [manifest] listed but missing" in run.stderr
    assert "build/en/stray.txt: error: [manifest] file is not listed" in run.stderr
    assert "build/en/mini-guide-en.epub: error: [manifest] is " in run.stderr


def test_pdf_wrong_language_and_a_three_page_handout(project: Path) -> None:
    build = project / "build"
    shutil.copy(build / "fr" / "mini-guide-fr-a4.pdf", build / MINI_EN)
    shutil.copy(
        build / "en" / "mini-guide-en-a4.pdf", build / "en" / "mini-guide-en-handout-a4.pdf"
    )
    _relist(project, MINI_EN)
    _relist(project, "en/mini-guide-en-handout-a4.pdf")
    run = _check(project, "--locale", "en")
    assert run.returncode == 1
    assert f"build/{MINI_EN}: error: [pdf] /Lang is 'fr', not 'en'" in run.stderr
    assert re.search(
        r"handout-a4.pdf: error: \[pdf\] a handout must have exactly 2 pages", run.stderr
    )


def test_epub_broken_link_fails_epubcheck_and_the_link_check(project: Path) -> None:
    _break_a_link(project / "build" / "en" / "mini-guide-en.epub")
    _relist(project, "en/mini-guide-en.epub")
    run = _check(project, "--locale", "en")
    assert run.returncode == 1
    assert re.search(r"mini-guide-en.epub: error: \[epub\] ERROR\(RSC-012\)", run.stderr)
    assert (
        "mini-guide-en.epub!EPUB/chapter-01-welcome.xhtml: error: [links] link to "
        "EPUB/chapter-01-welcome.xhtml#nowhere goes nowhere"
    ) in run.stderr


def test_catalog_below_threshold_and_fuzzy_entries(project: Path) -> None:
    run = _check(project, "--locale", "fr")
    assert run.returncode == 1
    assert re.search(
        r"locales/fr/LC_MESSAGES/guide.po: error: \[catalogs\] 4\d% translated", run.stderr
    )
    assert re.search(r"guide.po:\d+: warning: \[catalogs\] fuzzy entry", run.stderr)
    assert re.search(r"guide.po:\d+: warning: \[catalogs\] HTML is not allowed", run.stderr)


def test_glyph_nobody_covers_and_a_malformed_url(project: Path) -> None:
    po = project / "locales" / "fr" / "LC_MESSAGES" / "guide.po"
    po.write_text(po.read_text().replace('msgstr "Bienvenue"', 'msgstr "Bienvenue \U0001f642"'))
    line = next(n for n, text in enumerate(po.read_text().splitlines(), 1) if "\U0001f642" in text)
    chapter = project / "chapters" / "02-help.md"
    chapter.write_text(
        chapter.read_text().replace("Source: a small study.", "Source: a small [study](http:/bad).")
    )
    chapter_line = (
        chapter.read_text().splitlines().index("Source: a small [study](http:/bad).[^study]") + 1
    )
    run = _check(project, "--locale", "fr")
    assert run.returncode == 1
    assert re.search(rf"guide.po:{line - 1}: error: \[glyphs\] fr: .*U\+1F642", run.stderr)
    assert (
        f"chapters/02-help.md:{chapter_line}: error: [links] malformed or insecure external link "
        "'http:/bad'"
    ) in run.stderr
    assert "locales/guide.pot: error: [catalogs] stale" in run.stderr


def test_glossary_inconsistency_names_the_po_line(project: Path) -> None:
    (project / "locales" / "fr" / "glossary.toml").write_text(
        '[[term]]\nsource = "door"\ntarget = "seuil"\nnote = "test"\n'
    )
    run = _check(project, "--locale", "fr")
    assert re.search(
        r"guide.po:\d+: warning: \[glossary\] glossary: 'door' should be "
        r"rendered as 'seuil'",
        run.stderr,
    )


def test_reproducible_flags_an_artifact_that_a_rebuild_does_not_match(project: Path) -> None:
    good = _check(project, "--locale", "en", "--reproducible")
    assert good.returncode == 0, good.stderr
    epub = project / "build" / "en" / "mini-guide-en.epub"
    with zipfile.ZipFile(epub, "a") as archive:
        archive.writestr("EPUB/extra.txt", "not from the sources")
    _relist(project, "en/mini-guide-en.epub")
    bad = _check(project, "--locale", "en", "--reproducible")
    assert bad.returncode == 1
    assert (
        "build/en/mini-guide-en.epub: error: [reproducible] a second build of the same "
        "inputs gave different bytes"
    ) in bad.stderr


def test_a_placeholder_guide_url_warns_and_fails_under_strict(project: Path) -> None:
    toml = project / "guide.toml"
    line = next(
        n for n, row in enumerate(toml.read_text().splitlines(), 1) if row.startswith("url")
    )
    run = _check(project, "--locale", "en")
    assert run.returncode == 0, run.stderr
    expected = f"guide.toml:{line}: warning: [links] guide url 'https://guidepress.example.org/"
    assert expected in run.stderr
    assert _check(project, "--locale", "en", "--strict").returncode == 1
    for placeholder in ("https://localhost:8000/", "https://guide.test/", "https://127.0.0.1/x"):
        toml.write_text(re.sub(r'(?m)^url = ".*"', f'url = "{placeholder}"', toml.read_text()))
        assert "is a placeholder" in _check(project, "--locale", "en").stderr, placeholder
    real = re.sub(
        r'(?m)^url = ".*"', 'url = "https://guides.example-ngo.org.uk/mini/"', toml.read_text()
    )
    toml.write_text(real)
    passed = _check(project, "--locale", "en", "--strict")
    assert passed.returncode == 0, passed.stderr
    assert "placeholder" not in passed.stderr


@pytest.mark.parametrize(
    ("html", "flagged"),
    [
        (b'<img src="https://x.org/a.png"/>', True),
        (b"<img src=//x.org/a.png>", True),
        (b"<script>alert(1)</script>", True),
        (b'<link rel="stylesheet" href="https://cdn.x/a.css"/>', True),
        (b'<a href="https://www.jstage.jst.go.jp/article/x">J-STAGE</a>', False),
        (b'<a href="https://example.org/paper.pdf">a paper</a>', False),
    ],
)
def test_only_scripts_and_fetched_resources_count_as_remote(html: bytes, flagged: bool) -> None:
    """A reference the reader may follow is not a resource the reading system fetches."""
    from guidepress.checks.epub import SCRIPT_OR_REMOTE

    assert bool(SCRIPT_OR_REMOTE.search(html)) is flagged


def _report(project: Path, *args: str) -> dict[str, Any]:
    run = _check(project, *args, "--json", "-")
    assert run.returncode in (0, 1), run.stderr
    report: dict[str, Any] = json.loads(run.stdout)
    return report


def test_a_second_check_rechecks_only_the_artifact_whose_bytes_changed(project: Path) -> None:
    first = _report(project, "--locale", "en")
    pdfs_and_books = {
        f"build/{p.relative_to(project / 'build')}"
        for p in (project / "build" / "en").iterdir()
        if p.suffix in (".pdf", ".epub")
    }
    assert set(first["cache"]["checked"] + first["cache"]["reused"]) == pdfs_and_books
    again = _report(project, "--locale", "en")
    assert again["cache"]["checked"] == [] and set(again["cache"]["reused"]) == pdfs_and_books
    assert again["findings"] == first["findings"] and again["passed"] is True
    handout = "en/mini-guide-en-handout-a4.pdf"
    shutil.copy(project / "build" / MINI_EN, project / "build" / handout)
    _relist(project, handout)
    third = _report(project, "--locale", "en")
    assert third["cache"]["checked"] == [f"build/{handout}"]
    assert set(third["cache"]["reused"]) == pdfs_and_books - {f"build/{handout}"}
    assert any("exactly 2 pages" in f["message"] for f in third["findings"])


def test_an_unreadable_results_file_is_checked_again(project: Path) -> None:
    only = ("--locale", "en", "--only", "pdf", "--only", "handout")
    _report(project, *only)
    records = sorted((project / "build" / ".cache").glob("check__en__*.pdf.json"))
    assert len(records) == 4  # A4 and Letter, guide and handout
    records[0].write_text("{not json")
    records[1].write_text(json.dumps({"key": "x", "outcomes": []}))
    key = json.loads(records[2].read_text())["key"]
    records[2].write_text(json.dumps({"key": key, "outcomes": {"pdf": {"findings": 3}}}))
    run = _check(project, *only, "--json", "-")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert len(report["cache"]["checked"]) == 3 and len(report["cache"]["reused"]) == 1


def test_a_changed_tool_invalidates_every_result(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from guidepress.build import cache
    from guidepress.checks.runner import run_checks
    from guidepress.config import load_project
    from guidepress.render.registry import FORMAT_NAMES

    loaded = load_project(project / "guide.toml", FORMAT_NAMES)
    first = run_checks(loaded, ["en"], only=["handout"], jobs=1)
    handouts = sorted(first.checked + first.reused)
    assert len(handouts) == 2
    assert run_checks(loaded, ["en"], only=["handout"], jobs=1).checked == []
    monkeypatch.setattr(cache, "tool_digest", lambda: b"a newer guidepress")
    third = run_checks(loaded, ["en"], only=["handout"], jobs=1)
    assert sorted(third.checked) == handouts and third.reused == []


def _break_a_link(epub_path: Path) -> None:
    with zipfile.ZipFile(epub_path) as old:
        entries = [(info, old.read(info.filename)) for info in old.infolist()]
    with zipfile.ZipFile(epub_path, "w") as new:
        for info, data in entries:
            if info.filename.endswith("chapter-01-welcome.xhtml"):
                data = data.replace(b'href="chapter-02-help.xhtml#help"', b'href="#nowhere"')
            new.writestr(info, data)


def test_only_epub_checks_the_books_and_one_epubcheck_tells_them_apart(project: Path) -> None:
    for locale in ("en", "fr"):
        _break_a_link(project / "build" / locale / f"mini-guide-{locale}.epub")
        _relist(project, f"{locale}/mini-guide-{locale}.epub")
    report = _report(project, "--only", "epub")
    assert sorted(report["cache"]["checked"]) == [
        "build/en/mini-guide-en.epub",
        "build/fr/mini-guide-fr.epub",
    ]
    assert report["checks"]["epub"] == {"en": "error", "fr": "error"}
    assert report["skipped"]["pdf"] == report["skipped"]["catalogs"] == "not run with --only"
    rsc = [f for f in report["findings"] if "RSC-012" in f["message"]]
    assert {f["path"] for f in rsc} == {
        "build/en/mini-guide-en.epub",
        "build/fr/mini-guide-fr.epub",
    }
    for finding in rsc:  # epubcheck names the book it read: each finding is its own book's
        assert Path(finding["path"]).name in finding["message"], finding


def test_whole_build_results_are_reused_until_their_inputs_change(project: Path) -> None:
    first = _report(project, "--locale", "fr")
    assert not [f for f in first["findings"] if "'seuil'" in f["message"]]
    assert _report(project, "--locale", "fr")["findings"] == first["findings"]
    (project / "locales" / "fr" / "glossary.toml").write_text(
        '[[term]]\nsource = "door"\ntarget = "seuil"\nnote = "test"\n'
    )
    again = _report(project, "--locale", "fr")
    assert [f for f in again["findings"] if "'seuil'" in f["message"]]
