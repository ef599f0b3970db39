"""Faults and hostile input: killed builds, concurrent builds, sandboxed fetching, fuzzing."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import guidepress, make_project
from guidepress.document import build_chapter
from guidepress.i18n.integrity import problems
from guidepress.markdown import parser as markup
from guidepress.markdown.sources import parse_chapter
from guidepress.markdown.units import chapter_units
from guidepress.render.fetcher import ProjectFetcher, RefusedResource


def _digests(build: Path) -> dict[str, str]:
    return {
        str(p.relative_to(build)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in build.rglob("*")
        if p.is_file() and ".cache" not in p.parts and p.name != ".lock"
    }


def _start_build(project: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "guidepress", "-C", str(project), "build", "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_killed_builds_never_leave_partial_or_corrupt_files(
    mini_build: Path, tmp_path: Path
) -> None:
    project = tmp_path / "mini"
    shutil.copytree(mini_build.parent, project)  # a finished build: the session's, copied
    build = project / "build"
    published = _digests(build)
    chapter = project / "chapters" / "01-welcome.md"
    chapter.write_text(chapter.read_text().replace("Keep the door open", "Keep a door open"))
    fresh = make_project(project.parent / "fresh")
    (fresh / "chapters" / "01-welcome.md").write_text(chapter.read_text())
    assert guidepress(fresh, "build").returncode == 0
    expected = _digests(fresh / "build")
    rng = random.Random(12)
    for _ in range(5):
        process = _start_build(project)
        time.sleep(rng.uniform(0.2, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for name, digest in _digests(build).items():
            assert not name.endswith(".part") or name.split("/")[-1].startswith("."), name
            if name.endswith(".part"):
                continue
            assert digest in (published.get(name), expected.get(name)), f"{name} is corrupt"
    assert guidepress(project, "build").returncode == 0
    assert not list(build.rglob("*.part"))
    manifest = json.loads((build / "manifest.json").read_text())
    for artifact in manifest["artifacts"]:
        assert (
            hashlib.sha256((build / artifact["path"]).read_bytes()).hexdigest()
            == artifact["sha256"]
            == expected[artifact["path"]]
        )


def test_a_second_build_refuses_while_one_runs(project: Path) -> None:
    first = _start_build(project)
    try:
        time.sleep(0.8)
        second = guidepress(project, "build")
        if first.poll() is None:
            assert second.returncode == 2
            assert "another build is running" in second.stderr
    finally:
        first.wait(timeout=120)
    assert first.returncode == 0


def test_fetcher_serves_only_project_files_and_data_uris(tmp_path: Path) -> None:
    inside = tmp_path / "project" / "picture.png"
    inside.parent.mkdir()
    inside.write_bytes(b"\x89PNG\r\n\x1a\n")
    fetcher = ProjectFetcher([inside.parent])
    assert fetcher.fetch(inside.as_uri()) is not None
    assert fetcher.fetch("data:text/plain,hello") is not None
    for url in (
        "https://example.org/x.png",
        "http://127.0.0.1/x",
        "file:///etc/hostname",
        (inside.parent / ".." / "outside.png").as_uri(),
        "ftp://example.org/x",
    ):
        with pytest.raises(RefusedResource):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


PIECES = [
    *"ab *_`[]()#!<>&\"'\n-:{}^1.|",
    "<script>",
    "javascript:",
    "<img src=x>",
    "é",
    "ع",
    "[^n]",
    "](#x)",
    "](javascript:alert(1))",
    "![i](https://t.example/p.png)",
    "::: urgent ",
]
MARKDOWN = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=MARKDOWN, msgstr=MARKDOWN)
def test_arbitrary_markdown_and_msgstrs_never_crash_or_inject_html(body: str, msgstr: str) -> None:
    chapter = parse_chapter(f"---\ntitle: T\n---\n\n{body}\n", "chapters/01-t.md", 1, "t")
    units = list(chapter_units(chapter))

    def translate(context: str, msgid: str) -> str:
        blocking, _ = problems(msgid, msgstr, "en")
        return msgid if blocking else msgstr

    html = build_chapter(chapter, translate, str).html
    for unit in units:
        assert unit.msgid == markup.normalize(unit.msgid)
    lowered = html.lower()
    assert "<script" not in lowered and "<img src=x" not in lowered
    assert 'href="javascript:' not in lowered and 'src="https:' not in lowered


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda t: t.strip() == t and t.strip())
ENTRY = st.tuples(
    TEXT,
    st.one_of(st.just(""), TEXT),
    st.booleans(),
    st.lists(TEXT.filter(lambda t: "\n" not in t), max_size=2),
    st.one_of(st.none(), st.sampled_from(["welcome", "help", "handout"])),
    st.one_of(st.none(), TEXT),
)


@settings(max_examples=60, deadline=None)
@given(entries=st.lists(ENTRY, min_size=1, max_size=8, unique_by=lambda e: (e[0], e[4])))
def test_update_round_trip_keeps_every_translator_entry(
    tmp_path_factory: pytest.TempPathFactory, entries: list[tuple]
) -> None:
    from babel.messages.catalog import Catalog

    from guidepress.i18n import pofiles

    folder = tmp_path_factory.mktemp("po")
    catalog, template = Catalog(locale="fr"), Catalog()
    for msgid, msgstr, fuzzy, comments, context, previous in entries:
        flags = ["fuzzy"] if fuzzy and msgstr else []
        catalog.add(
            msgid,
            msgstr,
            flags=flags,
            user_comments=comments,
            context=context,
            previous_id=[previous] if previous and fuzzy and msgstr else [],
        )
        template.add(msgid, "", context=context)
    po, pot = folder / "fr.po", folder / "guide.pot"
    pofiles.write(po, catalog)
    pofiles.write(pot, template)
    again = pofiles.read(po, "fr.po", "fr")
    pofiles.update(again, pofiles.read(pot, "guide.pot"))
    pofiles.write(po, again)
    final = pofiles.read(po, "fr.po", "fr")
    for msgid, msgstr, fuzzy, comments, context, previous in entries:
        message = final.get(msgid, context)
        assert message is not None
        assert message.string == msgstr
        assert message.user_comments == comments
        assert message.fuzzy == bool(fuzzy and msgstr)
        if previous and fuzzy and msgstr:
            assert list(message.previous_id) == [previous]
