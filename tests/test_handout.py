"""The two-page clinic handout: page count, clinic details, QR code, bilingual, overflow."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import FIXTURES, guidepress

CLINIC = FIXTURES / "clinic"


@pytest.mark.parametrize(
    "name",
    [
        "en/mini-guide-en-handout-a4.pdf",
        "en/mini-guide-en-handout-letter.pdf",
        "fr/mini-guide-fr-handout-a4.pdf",
    ],
)
def test_every_handout_has_exactly_two_pages(mini_build: Path, name: str) -> None:
    assert len(PdfReader(mini_build / name).pages) == 2


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _decode_qr(pdf: Path, tmp_path: Path) -> list[str]:
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    found = []
    for image in sorted(tmp_path.glob("page*.png")):
        done = subprocess.run(
            ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True, check=False
        )
        found += done.stdout.split()
    return found


@pytest.fixture
def clinic_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    shutil.copytree(CLINIC, folder)
    return folder


def test_clinic_handout_carries_details_and_a_working_qr_code(
    project: Path, clinic_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "riverside.pdf"
    run = guidepress(
        project,
        "handout",
        "--clinic",
        str(clinic_dir / "clinic.toml"),
        "--paper",
        "letter",
        "-o",
        str(out),
    )
    assert run.returncode == 0, run.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    assert round(float(reader.pages[0].mediabox.width)) == 612
    text = _text(out)
    for detail in (
        "Riverside Family Clinic",
        "12 Harbour Road",
        "+44 20 7946 0958",
        "Monday to Friday",
        "https://riverside-clinic.example.org",
    ):
        assert detail in text
    assert _decode_qr(out, tmp_path) == ["https://riverside-clinic.example.org/withdrawal"]


def test_default_handout_qr_links_to_the_download_page(mini_build: Path, tmp_path: Path) -> None:
    found = _decode_qr(mini_build / "en" / "mini-guide-en-handout-a4.pdf", tmp_path)
    assert found == ["https://guidepress.example.org/understanding-hikikomori/"]


def test_bilingual_handout_shows_both_languages(
    project: Path, clinic_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "bilingual.pdf"
    run = guidepress(
        project,
        "handout",
        "--clinic",
        str(clinic_dir / "clinic.toml"),
        "--locale",
        "fr",
        "--also",
        "en",
        "-o",
        str(out),
    )
    assert run.returncode == 0, run.stderr
    text = _text(out)
    assert "Le retrait peut durer longtemps" in text and "Withdrawal can last a long time" in text
    assert len(PdfReader(out).pages) == 2


def test_overflowing_handout_fails_and_says_by_how_much(project: Path) -> None:
    handout = project / "chapters" / "handout.md"
    filler = "\n\n".join(
        f"Paragraph {n} keeps going with plain words for families. " * 6 for n in range(60)
    )
    handout.write_text(handout.read_text() + "\n" + filler + "\n")
    run = guidepress(project, "build", "--locale", "en", "--only", "handout")
    assert run.returncode == 1
    assert re.search(r"en:handout-a4: error: the handout overflows two pages by \d+ mm", run.stderr)
    assert not (project / "build" / "en" / "mini-guide-en-handout-a4.pdf").exists()


BAD_CLINIC = """[clinic]
name = "Riverside"
phones = [{ label = "Reception", number = "call us!" }]
website = "http://insecure.example.org"
colour = "blue"
logo = "logo.txt"
"""


def test_clinic_file_problems_are_reported_with_lines(
    project: Path, clinic_dir: Path, tmp_path: Path
) -> None:
    bad = clinic_dir / "bad.toml"
    bad.write_text(BAD_CLINIC)
    (clinic_dir / "logo.txt").write_text("not an image")
    run = guidepress(project, "handout", "--clinic", str(bad), "-o", str(tmp_path / "x.pdf"))
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "bad.toml:3: error: 'call us!' is not a phone number" in run.stderr
    assert "bad.toml:4: error: clinic.website must be an https:// address" in run.stderr
    assert "bad.toml:5: error: unknown key clinic.colour" in run.stderr
    assert "bad.toml:6: error: logo 'logo.txt' must be a PNG or JPEG image" in run.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_write_in_rows_share_the_back_page_free_height(mini_build: Path) -> None:
    """The mini guide's back page has room to spare: its write-in rows are taller than one
    line (1.6 em + 0.9 em, 9.5 mm apart before they were filled)."""
    from guidepress.checks.pdftext import PdfText

    runs = PdfText(mini_build / "en/mini-guide-en-handout-a4.pdf").pages[1]
    labels = [run.y for run in runs if run.text.strip() in ("Contact:", "Phone:")]
    assert len(labels) == 2, [run.text for run in runs]
    gap_mm = abs(labels[0] - labels[1]) * 25.4 / 72
    assert gap_mm > 15, gap_mm
