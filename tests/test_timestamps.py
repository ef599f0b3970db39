"""SOURCE_DATE_EPOCH, or else the release date, is the time every artifact says it was made."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest

from conftest import make_project

EPOCH = 1700000000  # 2023-11-14T22:13:20Z
EPOCH_ISO = "2023-11-14T22:13:20"
RELEASE_ISO = "2026-11-25T00:00:00"  # the mini fixture's guide.date


def _build(project: Path, epoch: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    only = ("--only", "pdf", "--only", "handout", "--only", "epub")
    command = [sys.executable, "-m", "guidepress", "-C", str(project), "build", "--locale", "en"]
    return subprocess.run([*command, *only], capture_output=True, text=True, env=env, check=False)


def _pdf_times(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        info = [str(pdf.docinfo[key]) for key in ("/CreationDate", "/ModDate")]
        xmp = pdf.Root.Metadata.read_bytes().decode()
    stamps = re.findall(r"<xmp:(?:CreateDate|ModifyDate)>([^<]+)<", xmp)
    assert len(stamps) == 2, xmp
    return info + stamps


def _iso(year: int, month: int, day: int, hour: int, minute: int, second: int) -> str:
    return f"{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}"


def _epub_times(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as epub:
        opf = epub.read("EPUB/content.opf").decode()
        entries = {_iso(*i.date_time) for i in epub.infolist()}
    return [*re.findall(r'property="dcterms:modified">([^<]+)<', opf), *entries]


@pytest.mark.parametrize(("epoch", "expected"), [(str(EPOCH), EPOCH_ISO), (None, RELEASE_ISO)])
def test_every_artifact_carries_the_build_timestamp(
    tmp_path: Path, epoch: str | None, expected: str
) -> None:
    project = make_project(tmp_path)
    run = _build(project, epoch)
    assert run.returncode == 0, run.stderr
    compact = re.sub(r"[-:T]", "", expected)
    pdfs = sorted((project / "build" / "en").glob("*.pdf"))
    assert len(pdfs) == 4  # A4 and Letter, guide and handout
    for pdf in pdfs:
        info_created, info_modified, xmp_created, xmp_modified = _pdf_times(pdf)
        assert info_created.startswith(f"D:{compact}") and info_modified == info_created, pdf
        assert xmp_created.startswith(expected) and xmp_modified.startswith(expected), pdf
    stamps = _epub_times(project / "build" / "en" / "mini-guide-en.epub")
    assert stamps[0] == expected + "Z"
    assert set(stamps[1:]) == {expected}  # every zip entry


def test_a_changed_source_date_epoch_rebuilds_and_a_bad_one_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert _build(project, None).returncode == 0
    epub = project / "build" / "en" / "mini-guide-en.epub"
    before = epub.read_bytes()
    assert _build(project, str(EPOCH)).returncode == 0
    assert epub.read_bytes() != before
    bad = _build(project, "yesterday")
    assert bad.returncode == 2
    assert "SOURCE_DATE_EPOCH: error: 'yesterday' is not a time in whole seconds" in bad.stderr
    assert "Traceback" not in bad.stderr
