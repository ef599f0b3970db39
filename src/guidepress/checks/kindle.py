"""One EPUB against what Amazon publishes for Kindle books, as far as a file can show it.

Readers put the EPUB on a Kindle with Send to Kindle, which converts it. The limits below come
from Amazon's Kindle Publishing Guidelines (the chapters on navigation, images and fonts) and
Send to Kindle's help pages; what only a device can show (layout, conversion) is not checked:

* the file: at most 50 MB, Send to Kindle's limit for an e-mailed document;
* no scripts (Kindle books run none);
* a logical table of contents (the EPUB 3 `toc` nav and the NCX) nested at most two levels
  deep, which is all Kindle shows, and an HTML contents page in the reading order that the
  `toc` landmark points to;
* a cover image in the manifest (`cover-image`), JPEG or PNG, at least 625 x 1000 pixels
  (KDP's smallest cover);
* images only in JPEG, PNG, GIF or SVG, each at most 5 MB;
* embedded fonts only as TrueType or OpenType.
"""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import PurePosixPath

from lxml import etree  # type: ignore[import-untyped]

from guidepress.checks.artifact import Item, Outcome

MAX_SEND_TO_KINDLE_BYTES = 50_000_000
MAX_IMAGE_BYTES = 5_000_000
MAX_TOC_DEPTH = 2
MIN_COVER = (625, 1000)
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/svg+xml"}
FONT_TYPES = {
    "font/ttf",
    "font/otf",
    "font/sfnt",
    "application/font-sfnt",
    "application/vnd.ms-opentype",
    "application/x-font-ttf",
    "application/x-font-truetype",
    "application/x-font-opentype",
}
SCRIPT = re.compile(rb"<script\b", re.I)
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "x": "http://www.w3.org/1999/xhtml",
    "ops": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"

Problems = list[tuple[str, str | None]]
"""(message, file inside the EPUB or None)."""


class Package:
    """An EPUB's package document: its manifest and spine, with paths inside the zip."""

    def __init__(self, book: zipfile.ZipFile) -> None:
        self.book = book
        container = etree.fromstring(book.read("META-INF/container.xml"))
        self.path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
        self.root = etree.fromstring(book.read(self.path))
        self.folder = PurePosixPath(self.path).parent

    def items(self) -> list[etree._Element]:
        return list(self.root.xpath("//opf:manifest/opf:item", namespaces=NS))

    def file(self, item: etree._Element) -> str:
        return str(self.folder / item.get("href"))

    def with_property(self, name: str) -> etree._Element | None:
        found = [i for i in self.items() if name in (i.get("properties") or "").split()]
        return found[0] if found else None

    def spine_files(self) -> set[str]:
        ids = {i.get("id"): self.file(i) for i in self.items()}
        refs = self.root.xpath("//opf:spine/opf:itemref/@idref", namespaces=NS)
        return {ids[r] for r in refs if r in ids}


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    while data[:2] == b"\xff\xd8" and index + 9 < len(data):
        marker, length = data[index + 1], struct.unpack(">H", data[index + 2 : index + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + length
    return None


def _cover_problems(package: Package) -> Problems:
    cover = package.with_property("cover-image")
    if cover is None:
        return [("no cover image (a manifest item with properties=cover-image)", None)]
    name = package.file(cover)
    data = package.book.read(name)
    size = _png_size(data) or _jpeg_size(data)
    if size is None:
        return [("the cover image is not a JPEG or PNG", name)]
    if size[0] < MIN_COVER[0] or size[1] < MIN_COVER[1]:
        wanted = f"{MIN_COVER[0]} x {MIN_COVER[1]}"
        return [
            (f"the cover is {size[0]} x {size[1]} pixels; Kindle wants at least {wanted}", name)
        ]
    return []


def _resource_problems(package: Package) -> Problems:
    problems: Problems = []
    for item in package.items():
        kind, name = item.get("media-type", ""), package.file(item)
        if kind.startswith("image/"):
            if kind not in IMAGE_TYPES:
                problems.append((f"image type {kind} (Kindle takes JPEG, PNG, GIF, SVG)", name))
            elif package.book.getinfo(name).file_size > MAX_IMAGE_BYTES:
                problems.append((f"image over {MAX_IMAGE_BYTES:,} bytes", name))
        elif ("font" in kind or "opentype" in kind) and kind not in FONT_TYPES:
            problems.append((f"font type {kind} (Kindle takes TrueType and OpenType)", name))
        if name.endswith((".xhtml", ".html", ".svg")) and SCRIPT.search(package.book.read(name)):
            problems.append(("a script (Kindle books run none)", name))
    return problems


def _depth(element: etree._Element, child_path: str) -> int:
    children = element.xpath(child_path, namespaces=NS)
    return 1 + max((_depth(c, child_path) for c in children), default=0) if children else 0


def _navigation_problems(package: Package) -> Problems:
    problems: Problems = []
    nav = package.with_property("nav")
    if nav is None:
        return [("no navigation document (EPUB 3 nav)", None)]
    name = package.file(nav)
    page = etree.fromstring(package.book.read(name))
    toc = page.xpath("//x:nav[@*[name()='epub:type']='toc']", namespaces=NS)
    if not toc:
        problems.append(("the navigation document has no toc nav", name))
    elif _depth(toc[0], "x:ol/x:li") > MAX_TOC_DEPTH:
        problems.append((f"contents nested deeper than {MAX_TOC_DEPTH} levels", name))
    ncx = [i for i in package.items() if i.get("media-type") == "application/x-dtbncx+xml"]
    if not ncx:
        problems.append(("no NCX (older Kindles read the contents from it)", None))
    else:
        tree = etree.fromstring(package.book.read(package.file(ncx[0])))
        if _depth(tree.xpath("//ncx:navMap", namespaces=NS)[0], "ncx:navPoint") > MAX_TOC_DEPTH:
            problems.append((f"NCX nested deeper than {MAX_TOC_DEPTH} levels", None))
    problems += _contents_page_problems(package, page, name)
    return problems


def _contents_page_problems(package: Package, page: etree._Element, name: str) -> Problems:
    marks = page.xpath(
        "//x:nav[@*[name()='epub:type']='landmarks']//x:a[@*[name()='epub:type']='toc']/@href",
        namespaces=NS,
    )
    if not marks:
        return [("no toc landmark pointing to an HTML contents page", name)]
    target = str(PurePosixPath(name).parent / marks[0].partition("#")[0])
    if target not in package.spine_files():
        return [("the toc landmark points to a page outside the reading order", name)]
    return []


def kindle_problems(book: zipfile.ZipFile, size: int) -> Problems:
    """What keeps the EPUB in *book* (of *size* bytes) from Amazon's published requirements."""
    problems: Problems = []
    if size > MAX_SEND_TO_KINDLE_BYTES:
        problems.append(
            (f"{size:,} bytes; Send to Kindle takes {MAX_SEND_TO_KINDLE_BYTES:,}", None)
        )
    package = Package(book)
    problems += _cover_problems(package)
    problems += _resource_problems(package)
    problems += _navigation_problems(package)
    return problems


def check_kindle(item: Item) -> Outcome:
    """One EPUB against Kindle's published requirements (see the module's docstring)."""
    size = item.path.stat().st_size
    problems = kindle_problems(item.epub, size)
    findings = [item.finding("kindle", "error", message, inside) for message, inside in problems]
    return Outcome(findings, {"kindle problems": len(problems)})
