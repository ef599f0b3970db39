"""axe-core in Debian's Chromium: the download page and every web edition, phone and desktop.

The pages come from a cut-down copy of the real guide (its own catalogs, so all eight
languages with their real translations, but only the chapters with a data table, a chart,
callouts and notes) built as web editions, EPUBs and the download page; the mini fixture's
download page adds PDF and handout entries. `python tests/test_axe.py build` runs the same
audit on a finished full build and prints each page's violations.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from conftest import REPO

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
# Installed by the nox tests session from requirements/ace/package-lock.json (npm ci).
AXE = Path(
    os.environ.get(
        "GUIDEPRESS_AXE", REPO / ".nox" / "ace" / "node_modules" / "axe-core" / "axe.min.js"
    )
)
VIEWS = [(390, "light"), (1280, "light"), (390, "dark")]
"""Phone and desktop, and the phone in a dark colour scheme (the web pages follow it)."""
CHAPTERS = ("01-about.md", "03-inner-world.md", "10-references.md", "handout.md")
AUDIT = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
}"""


def cut_down_guide(tmp: Path) -> Path:
    """The real guide with only a few chapters: every locale, table, chart, notes, callouts."""
    project = tmp / "guide"
    project.mkdir()
    shutil.copy(REPO / "guide.toml", project / "guide.toml")  # templates: the packaged theme
    shutil.copytree(REPO / "locales", project / "locales")
    (project / "chapters").mkdir()
    for name in CHAPTERS:
        shutil.copy(REPO / "chapters" / name, project / "chapters" / name)
    return project


def pages(build: Path) -> list[Path]:
    """The download page and every locale's web edition in *build*."""
    return [build / "index.html", *sorted(build.glob("*/index.html"))]


def audit(
    browser: object, page_path: Path, width: int, scheme: str = "light"
) -> list[dict[str, object]]:
    """axe-core's violations (every impact, every rule axe runs by default) on one page."""
    page = browser.new_page(  # type: ignore[attr-defined]
        viewport={"width": width, "height": 900}, color_scheme=scheme
    )
    try:
        page.goto(page_path.as_uri())
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        return list(page.evaluate(AUDIT))
    finally:
        page.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium")
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: run the tests through ./nox -s tests")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def guide_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = cut_down_guide(tmp_path_factory.mktemp("axe"))
    kinds = ("--only", "web", "--only", "epub", "--only", "site")
    done = subprocess.run(
        [sys.executable, "-m", "guidepress", "-C", str(project), "build", *kinds],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return project / "build"


def _shown(problem: dict[str, object]) -> str:
    return json.dumps(problem, ensure_ascii=False)


def test_every_web_edition_and_the_download_page_pass_axe(
    guide_build: Path, mini_build: Path, browser: object
) -> None:
    found = pages(guide_build)
    assert len(found) == 9  # the download page and eight web editions
    violations = [
        f"{path.relative_to(path.parents[1])} at {width} px, {scheme}: {_shown(problem)}"
        for path in [*found, mini_build / "index.html"]
        for width, scheme in VIEWS
        for problem in audit(browser, path, width, scheme)
    ]
    assert not violations, "\n".join(violations)


FRAMES = """() => [...document.querySelectorAll('.table-frame')].map(f => ({
  role: f.getAttribute('role'), tabindex: f.tabIndex, fits: f.scrollWidth <= f.clientWidth + 4,
  name: document.getElementById(f.getAttribute('aria-labelledby')).textContent,
  caption: f.querySelector('table > caption').textContent}))"""


@pytest.mark.parametrize("locale", ["en", "fr", "es", "ar"])
def test_tables_are_captioned_and_reachable_by_keyboard_at_320_px(
    guide_build: Path, browser: object, locale: str
) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 700})  # type: ignore[attr-defined]
    page.goto((guide_build / locale / "index.html").as_uri())
    frames = page.evaluate(FRAMES)
    assert frames, "the data table has no frame"
    for frame in frames:
        assert frame["role"] == "region" and frame["tabindex"] == 0
        assert frame["name"] == frame["caption"] and len(frame["caption"]) > 20
        # fr and es were clipped at 390 px; all fit at 320 px (within a hair), or scroll
        assert frame["fits"] or locale == "en", frame
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.close()


def test_notes_regions_have_unique_names_and_backlinks_say_what_they_are_named(
    guide_build: Path, browser: object
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto((guide_build / "fr" / "index.html").as_uri())
    names = page.evaluate(
        """() => [...document.querySelectorAll('section.footnotes')].map(s =>
        s.getAttribute('aria-labelledby').split(' ')
         .map(id => document.getElementById(id).textContent).join(' '))"""
    )
    assert len(names) >= 2 and len(set(names)) == len(names)
    assert all(name.startswith("Notes ") for name in names)
    labels = page.evaluate(
        """() => [...document.querySelectorAll('a.backlink')].map(a =>
        [a.getAttribute('aria-label'), a.innerText.replace('↩', '').trim()])"""
    )
    assert labels and all(label is None and text == "Retour au texte" for label, text in labels)
    page.close()


def test_epub_tables_have_a_caption_and_a_named_focusable_frame(guide_build: Path) -> None:
    with zipfile.ZipFile(guide_build / "fr" / "understanding-hikikomori-fr.epub") as book:
        pages = [book.read(n) for n in book.namelist() if n.endswith(".xhtml")]
    frames = [
        frame
        for page in pages
        for frame in etree.fromstring(page).iter("{http://www.w3.org/1999/xhtml}div")
        if frame.get("class") == "table-frame"
    ]
    assert frames
    for frame in frames:
        caption = frame.find("{*}table/{*}caption")
        assert caption is not None and frame.get("aria-labelledby") == caption.get("id")
        assert frame.get("tabindex") == "0" and frame.get("role") == "region"


CHART = """() => [...document.querySelectorAll('figure.chart svg')].flatMap(svg =>
  [...svg.querySelectorAll('rect, line, text')].map(e => ({
    paint: [e.getAttribute('fill'), e.getAttribute('stroke')],
    drawn: e.tagName === 'line' || getComputedStyle(e).fill === 'none'
      ? getComputedStyle(e).stroke : getComputedStyle(e).fill,
    size: e.tagName === 'text' ? parseFloat(getComputedStyle(e).fontSize) : null})))"""


@pytest.mark.parametrize("locale", ["en", "ar", "ja"])
def test_charts_are_drawn_in_the_text_colour_with_12_px_numbers_on_a_phone(
    guide_build: Path, browser: object, locale: str
) -> None:
    for scheme in ("light", "dark"):
        page = browser.new_page(  # type: ignore[attr-defined]
            viewport={"width": 390, "height": 844}, color_scheme=scheme
        )
        page.goto((guide_build / locale / "index.html").as_uri())
        ink = page.evaluate("getComputedStyle(document.body).color")
        shapes = page.evaluate(CHART)
        page.close()
        assert len([s for s in shapes if s["size"]]) >= 8  # a number per bar
        for shape in shapes:
            assert set(shape["paint"]) <= {"currentColor", "none", None}, shape
            assert shape["drawn"] == ink, (scheme, shape)
            assert shape["size"] is None or shape["size"] >= 12, shape
    with zipfile.ZipFile(guide_build / locale / f"understanding-hikikomori-{locale}.epub") as book:
        opf = book.read("EPUB/content.opf").decode()
        chapter = book.read("EPUB/chapter-03-inner-world.xhtml")
    svg = "{http://www.w3.org/2000/svg}"
    drawn = [e for e in etree.fromstring(chapter).iter(f"{svg}rect", f"{svg}line", f"{svg}text")]
    assert drawn and all(e.get("fill", "none") in {"currentColor", "none"} for e in drawn)
    assert re.search(r'href="chapter-03-inner-world.xhtml"[^>]*properties="svg"', opf)


@pytest.mark.parametrize(("locale", "opening"), [("en", "\u201c"), ("fr", "\u00ab\u00a0")])
def test_the_guide_s_text_has_no_straight_quotes_outside_code(
    guide_build: Path, locale: str, opening: str
) -> None:
    from lxml import html

    page = html.parse(str(guide_build / locale / "index.html")).getroot()
    for kept in page.xpath("//code | //pre | //style"):
        kept.drop_tree()
    text = page.text_content()
    assert re.findall(r"[\"']", text) == []
    assert opening in text and "\u2019" in text


def main(build: Path) -> int:
    """Audit a finished build's pages; print counts per page; exit 1 if anything was found."""
    total = 0
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for path in pages(build):
            for width, scheme in VIEWS:
                problems = audit(instance, path, width, scheme)
                total += len(problems)
                print(f"{path.relative_to(build)} {width}px {scheme}: {len(problems)} violations")
                for problem in problems:
                    print("   ", json.dumps(problem, ensure_ascii=False))
        instance.close()
    print(f"total: {total} violations")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "build").resolve()))
