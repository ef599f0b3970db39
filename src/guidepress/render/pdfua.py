"""PDF/UA structure WeasyPrint 70 leaves out, added while it writes the PDF.

* Link annotations get the Print flag (ISO 14289-1 7.18.1, Matterhorn 28-004): WeasyPrint
  sets it on form fields only; their `/Contents` is the link's text, not its target's id
  (Matterhorn 28-012); a link's zero-width piece at a line end gets no annotation (and so no
  `/Link` element without text).
* Elements with their own `lang` (a run in another language than the page) get `/Lang`
  (Matterhorn 11-001..006): WeasyPrint writes the document's language only.
* Table header cells get `/Scope` (`/Row` for `<th scope="row">`, `/Column` otherwise;
  Matterhorn 15-003): WeasyPrint links data cells to headers by `/Headers` but a header with
  no data cell under it (a key-value table) is left unassociated.
* Page margin boxes (running heads, footers, page numbers) are drawn as
  `/Artifact <</Type /Pagination>>` (Matterhorn 18): WeasyPrint marks their text as content
  with MCIDs but leaves it out of the structure tree.
* Decorative images (`alt=""`, like a chart key's swatches) are drawn as artifacts, not as
  `/Figure`s without `/Alt` (Matterhorn 13-004); every other image keeps its `/Alt`.

Each patch wraps one WeasyPrint function and is installed once per process by `install()`.
Remove a patch when WeasyPrint does the same itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

PRINT = 1 << 2  # annotation flag bit 3
_MARK = "_guidepress_pdfua"
_PAGINATION: set[int] = set()
"""The ids of the boxes inside the page margin boxes of the document being written."""


def _installed(function: Any) -> bool:
    return bool(getattr(function, _MARK, False))


def _mark(function: Any) -> Any:
    setattr(function, _MARK, True)
    return function


def link_text(box: Any) -> str:
    """The words a link shows: its text, or its images' descriptions."""
    from weasyprint.formatting_structure import boxes

    found = []
    for child in box.descendants():
        if isinstance(child, boxes.TextBox):
            found.append(child.text)
        elif getattr(child, "element", None) is not None and child.element.get("alt"):
            found.append(child.element.get("alt"))
    return " ".join(" ".join(found).split())


def _patch_links() -> None:
    import pydyf
    from weasyprint import pdf

    original = pdf.add_links
    if _installed(original):
        return

    def add_links(links_and_anchors: Any, *args: Any, **kwargs: Any) -> Any:
        links, anchors = links_and_anchors
        # a link's empty piece at a line end: an annotation of no area and a /Link of no text
        shown = [link for link in links if link[2][2] > link[2][0] and link[2][3] > link[2][1]]
        result = original((shown, anchors), *args, **kwargs)
        for _, _, _, box in shown:
            annotation = getattr(box, "link_annotation", None)
            if annotation is not None:
                annotation["F"] = PRINT
                if text := link_text(box):
                    annotation["Contents"] = pydyf.String(text)
        return result

    pdf.add_links = _mark(add_links)


def _language(box: Any) -> str | None:
    """The `lang` of a box's own element (a run in another language than the page)."""
    tag = getattr(box, "element_tag", None) or ""
    if tag in ("", "html", "body") or ":" in tag or box.element is None:
        return None
    language = box.element.get("lang")
    return str(language) if language else None


def _patch_structure() -> None:
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    if _installed(original):
        return

    from weasyprint.formatting_structure import boxes

    def build_box_tree(box: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        if isinstance(box, boxes.MarginBox) or decorative(box) or empty_link(box):
            return  # drawn as artifacts, or nothing drawn: nothing of it is in the tree
        language = _language(box)
        for element in original(box, *args, **kwargs):  # a generator: tagged once run
            if language:
                element["Lang"] = pydyf.String(language)
            yield element
        element = getattr(box, "mark", None)
        if getattr(box, "element_tag", None) == "th" and element is not None:
            scope = "/Row" if box.element.attrib.get("scope") == "row" else "/Column"
            element["A"]["Scope"] = scope

    tags._build_box_tree = _mark(build_box_tree)


def empty_link(box: Any) -> bool:
    """A piece of a link (or of its `::after`) of no width and no text at a line end: WeasyPrint
    tags it as a `/Link` with nothing in it; it gets no annotation either."""
    tag = getattr(box, "element_tag", None) or ""
    return tag.split(":")[0] == "a" and not box.width and not link_text(box)


def decorative(box: Any) -> bool:
    """An image with an empty alt: decoration, an artifact for assistive technology."""
    element = getattr(box, "element", None)
    return (
        element is not None
        and getattr(box, "replacement", None) is not None
        and element.get("alt") == ""
    )


def _patch_margin_artifacts() -> None:
    import pydyf
    from weasyprint.pdf.stream import Stream

    original = Stream.marked
    if _installed(original):
        return

    @contextmanager
    def marked(self: Any, box: Any, tag: str) -> Iterator[None]:
        pagination = id(box) in _PAGINATION
        if self._tags is None or not (pagination or decorative(box)):
            with original(self, box, tag):
                yield
            return
        kind = pydyf.Dictionary({"Type": "/Pagination"}) if pagination else None
        pydyf.Stream.begin_marked_content(self, "Artifact", kind)
        try:
            yield
        finally:
            pydyf.Stream.end_marked_content(self)

    Stream.marked = _mark(marked)


def install() -> None:
    """Install every patch in this process (idempotent)."""
    _patch_links()
    _patch_structure()
    _patch_margin_artifacts()


def prepare(document: Any) -> Any:
    """Install the patches and note which boxes of *document* are pagination artifacts."""
    from weasyprint.formatting_structure import boxes

    install()
    _PAGINATION.clear()
    for page in document.pages:
        for child in page._page_box.children:
            if isinstance(child, boxes.MarginBox):
                _PAGINATION.update(id(box) for box in child.descendants())
    return document
