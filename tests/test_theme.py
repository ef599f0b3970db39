"""The packaged theme: a guide's own templates replace it file by file; its docs list every
variable its templates use; nothing of one particular guide is in it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import jinja2
import jinja2.meta
from lxml import etree

from conftest import REPO, guidepress
from guidepress.theme import PACKAGED, TEMPLATE_SUFFIXES, Theme

DOCS = REPO / "docs" / "templates.md"
OPF = {"opf": "http://www.idpf.org/2007/opf"}


def _documented() -> dict[str, set[str]]:
    """Each `### ` section of docs/templates.md: the names it shows in backticks."""
    sections: dict[str, set[str]] = {}
    for part in DOCS.read_text().split("\n### ")[1:]:
        heading, _, body = part.partition("\n")
        names = set(re.findall(r"`([a-z_]+)`", body))
        for template in re.findall(r"`([a-z]+/[a-z-]+\.[a-z]+)`", heading) or [heading]:
            sections[template] = names
    return sections


def test_every_variable_a_packaged_template_uses_is_documented() -> None:
    documented = _documented()
    common = documented["Every template"]
    env = jinja2.Environment(loader=Theme((PACKAGED,)).loader(), extensions=["jinja2.ext.i18n"])
    for path in Theme((PACKAGED,)).files():
        if path.suffix not in TEMPLATE_SUFFIXES:
            continue
        name = path.relative_to(PACKAGED).as_posix()
        source = path.read_text()
        assigned = set(re.findall(r"{%-?\s*set\s+(\w+)", source))
        assigned |= set(re.findall(r"{%-?\s*import\s+\S+\s+as\s+(\w+)", source))
        used = jinja2.meta.find_undeclared_variables(env.parse(source)) - assigned
        missing = used - common - documented.get(name, set()) - {"_", "ngettext"}
        assert not missing, f"{name} uses {sorted(missing)}, not in docs/templates.md"


def test_a_guide_replaces_the_theme_file_by_file(project: Path) -> None:
    own = project / "templates" / "epub" / "cover.xhtml"
    own.parent.mkdir(parents=True)
    own.write_text((PACKAGED / "epub" / "cover.xhtml").read_text().replace(
        '<section class="cover"', '<section class="cover own-cover"'
    ))  # fmt: skip
    theme = Theme.of(project / "templates")
    assert theme.file("epub/cover.xhtml") == own
    assert theme.file("epub/chapter.xhtml") == PACKAGED / "epub" / "chapter.xhtml"
    assert theme.overridden() == ["epub/cover.xhtml"]
    run = guidepress(project, "build", "--locale", "en", "--only", "epub")
    assert run.returncode == 0, run.stderr
    with zipfile.ZipFile(project / "build" / "en" / "mini-guide-en.epub") as book:
        assert "own-cover" in book.read("EPUB/cover.xhtml").decode()  # the guide's own file
        chapters = [n for n in book.namelist() if n.startswith("EPUB/chapter-")]
        assert chapters and all(b'class="chapter"' in book.read(n) for n in chapters)


def test_the_epub_claims_only_what_the_book_holds(mini_build: Path) -> None:
    """No conformance claim without [epub] conforms_to; features follow the contents."""
    with zipfile.ZipFile(mini_build / "en" / "mini-guide-en.epub") as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        pages = b"".join(book.read(n) for n in book.namelist() if n.startswith("EPUB/chapter-"))
    meta = {(m.get("property"), m.text) for m in opf.xpath("//opf:meta[@property]", namespaces=OPF)}
    properties = {p for p, _ in meta}
    assert "dcterms:conformsTo" not in properties and "a11y:certifiedBy" not in properties
    visual = b'<figure class="chart"' in pages or b"<img" in pages
    assert (("schema:accessibilityFeature", "alternativeText") in meta) == visual
    assert (("schema:accessMode", "visual") in meta) == visual


def test_nothing_of_one_guide_is_in_the_package() -> None:
    package = PACKAGED.parent
    found = [
        str(p.relative_to(package))
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and b"hikikomori" in p.read_bytes().lower()
    ]
    assert found == []
