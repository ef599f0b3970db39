"""Images a chapter may show: files inside the project, of a known type, within a size."""

from __future__ import annotations

import base64
from pathlib import Path

from markdown_it.token import Token

from guidepress.errors import Diagnostic

IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"<svg": "image/svg+xml",
    b"<?xml": "image/svg+xml",
}
MAX_IMAGE_BYTES = 5_000_000


def image_tokens(tokens: list[Token]) -> list[tuple[Token, int]]:
    """Every image in a token stream, with its 1-based source line."""
    found = []
    for token in tokens:
        if token.type == "inline":
            line = token.map[0] + 1 if token.map else 0
            found += [(child, line) for child in token.children or [] if child.type == "image"]
    return found


def _media_type(data: bytes) -> str | None:
    head = data[:64].lstrip()
    return next((kind for magic, kind in IMAGE_MAGIC.items() if head.startswith(magic)), None)


def check_image(src: str, chapter_file: Path, root: Path) -> str | None:
    """Return why *src* may not be shown, or None when it is a safe project image."""
    if "://" in src or src.startswith(("//", "data:", "javascript:")) or ":" in src.split("/")[0]:
        return f"image {src!r} is not a file in the project (remote images are not allowed)"
    if src.startswith("/"):
        return f"image {src!r} is an absolute path; use a path relative to the chapter"
    candidate = chapter_file.parent / src
    resolved = candidate.resolve()
    if not resolved.is_relative_to(root.resolve()):
        return f"image {src!r} leaves the project folder"
    if not resolved.is_file():
        return f"image {src!r} not found"
    if resolved.stat().st_size > MAX_IMAGE_BYTES:
        return f"image {src!r} is larger than {MAX_IMAGE_BYTES:,} bytes"
    if _media_type(resolved.read_bytes()) is None:
        return f"image {src!r} is not a PNG, JPEG or SVG file"
    return None


def image_problems(
    tokens: list[Token], chapter_file: Path, shown: str, root: Path
) -> list[Diagnostic]:
    problems = []
    for image, line in image_tokens(tokens):
        reason = check_image(str(image.attrGet("src") or ""), chapter_file, root)
        if reason:
            problems.append(Diagnostic(shown, line, "error", reason))
    return problems


def data_uri(src: str, chapter_file: Path) -> str:
    """The image as a data: URI, so every renderer embeds it without fetching anything."""
    data = (chapter_file.parent / src).resolve().read_bytes()
    kind = _media_type(data) or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"
