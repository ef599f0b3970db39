"""The download page and web editions in a real browser; the live-preview server."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import make_project

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def _links(page: object) -> list[str]:
    return page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [390, 1280])
def test_download_page_links_languages_and_layout(
    mini_build: Path, browser: object, width: int, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page.goto((mini_build / "index.html").as_uri())
    assert page.evaluate("document.documentElement.lang") == "en"
    sections = page.eval_on_selector_all(
        "section.locale", "els => els.map(e => [e.lang, e.dir, e.querySelector('h2').textContent])"
    )
    assert ["fr", "ltr", "Français"] in sections and ["en", "ltr", "English"] in sections
    files = [link for link in _links(page) if link.startswith("file://")]
    assert any(link.endswith(".epub") for link in files)
    for link in files:
        assert Path(urllib.request.url2pathname(link.split("#")[0][7:])).exists(), link
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    assert "Draft: " in page.text_content("#lang-fr")
    page.screenshot(path=str(tmp_path / f"download-{width}.png"), full_page=True)
    page.close()


def test_web_edition_language_switcher_and_rtl(tmp_path: Path, browser: object) -> None:
    project = make_project(tmp_path, "scripts")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "guidepress",
            "-C",
            str(project),
            "build",
            "--only",
            "web",
            "--only",
            "site",
        ],
        check=True,
        capture_output=True,
    )
    page = browser.new_page(viewport={"width": 390, "height": 900})  # type: ignore[attr-defined]
    page.goto((project / "build" / "ar" / "index.html").as_uri())
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ar",
        "rtl",
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    switcher = page.eval_on_selector_all("nav.languages a[hreflang]", "els => els.map(e => e.lang)")
    assert set(switcher) == {"en", "ja", "ko", "hi"}
    for link in _links(page):
        if link.startswith("file://"):
            assert Path(urllib.request.url2pathname(link.split("#")[0][7:])).exists(), link
    page.screenshot(path=str(tmp_path / "web-ar.png"), full_page=True)
    page.close()


def test_pages_carry_no_script_and_no_remote_resource(mini_build: Path) -> None:
    for page in [mini_build / "index.html", *mini_build.glob("*/index.html")]:
        text = page.read_text()
        assert "<script" not in text.lower(), page
        assert not re.search(r'(src|href)="(https?:)?//[^"]*\.(css|js|png|svg|woff2?)"', text)


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_web_edition_links_its_own_files_with_their_sizes(mini_build: Path, locale: str) -> None:
    from lxml import html

    from guidepress.document.formatting import file_size

    artifacts = json.loads((mini_build / "manifest.json").read_text())["artifacts"]
    files = [a for a in artifacts if a["locale"] == locale and a["kind"] != "web"]
    assert {a["format"] for a in files} == {"pdf", "epub"}
    page = html.parse(str(mini_build / locale / "index.html")).getroot()
    links = {a.get("href"): a.text_content() for a in page.xpath("//nav[@class='files']//a[@href]")}
    assert len(links) == len(files)
    for entry in files:
        href = entry["path"].removeprefix(f"{locale}/")
        assert (mini_build / locale / href).is_file()
        assert file_size(entry["bytes"], locale) in links[href], links[href]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def test_serve_answers_and_serves_a_changed_page(project: Path) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "guidepress", "-C", str(project), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = server.stdout.readline() if server.stdout else ""
        base = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)  # type: ignore[union-attr]
        first = _get(base + "en/index.html")
        assert "Keep the door open" in first and "/__events" in first
        chapter = project / "chapters" / "01-welcome.md"
        chapter.write_text(chapter.read_text().replace("Keep the door open", "Leave the door ajar"))
        deadline = time.monotonic() + 60
        while "Leave the door ajar" not in _get(base + "en/index.html"):
            assert time.monotonic() < deadline, "the page was not rebuilt"
            time.sleep(0.5)
        chapter.write_text("no front matter here\n")
        while "malformed" not in _get(base + "en/index.html") and "front matter" not in _get(
            base + "en/index.html"
        ):
            assert time.monotonic() < deadline + 30, "the error never reached the page"
            time.sleep(0.5)
        assert server.poll() is None  # errors do not stop the server
    finally:
        server.terminate()
        server.wait(timeout=10)


CALL_AND_DIGIT = """() => {
  const call = document.querySelector('a.noteref');
  let node = call.previousSibling;
  while (node && node.nodeType !== Node.TEXT_NODE) node = node.previousSibling;
  const at = node.textContent.lastIndexOf('6');
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + 1);
  return [call.getBoundingClientRect().right, range.getBoundingClientRect().left];
}"""


def test_rtl_note_call_after_a_number_stays_apart_from_it(tmp_path: Path, browser: object) -> None:
    """ "أكثر من 6.¹" must not read as the number 6.1: the call sits left of the number."""
    project = make_project(tmp_path, "scripts")
    catalog = project / "locales" / "ar" / "LC_MESSAGES" / "guide.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("6 أشهر أو أكثر.[^mhlw]", "أكثر من 6.[^mhlw]"), "utf-8")
    command = [sys.executable, "-m", "guidepress", "-C", str(project), "build", "--locale", "ar"]
    subprocess.run([*command, "--only", "web", "--only", "epub"], check=True, capture_output=True)
    book = tmp_path / "book"
    with zipfile.ZipFile(project / "build" / "ar" / "scripts-ar.epub") as epub:
        epub.extractall(book)
    chapter = next(path for path in book.rglob("*.xhtml") if "noteref" in path.read_text("utf-8"))
    page = browser.new_page(viewport={"width": 800, "height": 600})  # type: ignore[attr-defined]
    for edition in (project / "build" / "ar" / "index.html", chapter):
        page.goto(edition.as_uri())
        call_right, digit_left = page.evaluate(CALL_AND_DIGIT)
        assert call_right <= digit_left + 0.5, edition.name
    page.close()
