"""Read and write .po files without losing what translators wrote.

Babel's reader turns `#|` previous-msgid lines into user comments, and its writer flags
Markdown with `%` as python-format; this module reads `#|` properly and marks prose
entries `no-python-format` so `msgfmt --check` judges them as text.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, PoFileParser, denormalize, normalize, write_po

from guidepress.config.atomic import write_bytes
from guidepress.errors import Diagnostic, InputError

FORMAT_FLAGS = ("python-format", "python-brace-format")


class _Parser(PoFileParser):
    """Babel's parser, plus `#| msgid` / `#| msgid_plural` previous-msgid lines."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._previous: list[str] = []

    def _process_comment(self, line: str) -> None:
        if line.startswith("#|"):
            self._finish_current_message()
            self._previous.append(line[2:].strip())
            return
        super()._process_comment(line)

    def _process_message_line(self, lineno: int, line: str, obsolete: bool = False) -> None:
        quoted = line[line.find('"') :] if '"' in line else ""
        if line and quoted and not _closed(quoted):
            self._invalid_pofile(line, lineno, f"unterminated string on line {lineno + 1}")
        super()._process_message_line(lineno, line, obsolete)

    def _add_message(self) -> None:
        msgid = (
            tuple(m.denormalize() for m in self.messages)
            if len(self.messages) > 1
            else self.messages[0].denormalize()
        )
        context = self.context.denormalize() if self.context else None
        obsolete = self.obsolete
        previous, self._previous = self._previous, []
        super()._add_message()
        key = self.catalog._key_for(msgid, context)
        message = self.catalog.obsolete.get(key) if obsolete else self.catalog.get(msgid, context)
        if message is not None and previous:
            message.previous_id = list(_previous_ids(previous))


def _closed(quoted: str) -> bool:
    """True when a `"…"` string ends with an unescaped quote."""
    body = quoted.rstrip()
    if len(body) < 2 or not body.endswith('"'):
        return False
    backslashes = len(body[:-1]) - len(body[:-1].rstrip("\\"))
    return backslashes % 2 == 0


def _previous_ids(lines: list[str]) -> tuple[str, ...]:
    parts: dict[str, list[str]] = {}
    current = ""
    for line in lines:
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            current = keyword
            parts[current] = [rest]
        elif current and line.startswith('"'):
            parts[current].append(line)
    ids = [denormalize("\n".join(parts[k])) for k in ("msgid", "msgid_plural") if k in parts]
    return tuple(ids)


def read(path: Path, shown: str, locale: str | None = None) -> Catalog:
    """Parse a .po/.pot file; syntax errors become `file:line` input errors."""
    catalog = Catalog(locale=locale)
    try:
        data = path.read_bytes()
        _require_utf8(data, shown)
        _Parser(catalog, abort_invalid=True).parse(io.BytesIO(data))
    except PoFileError as err:
        line = getattr(err, "lineno", 0) or 0
        raise InputError(Diagnostic(shown, line, "error", f"broken .po file: {err}")) from None
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise InputError(Diagnostic(shown, 0, "error", f"cannot read catalog: {err}")) from None
    return catalog


def _require_utf8(data: bytes, shown: str) -> None:
    """Catalogs are UTF-8; name the first line that is not, and what to do about it."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        byte = data[err.start]
        raise InputError(
            Diagnostic(
                shown,
                line,
                "error",
                f"not UTF-8 (byte 0x{byte:02x}); save the catalog as UTF-8, with "
                "'charset=UTF-8' in its Content-Type header",
            )
        ) from None


def mark_prose(catalog: Catalog) -> None:
    """Entries with a msgctxt are prose: not Python format strings, whatever `%` they hold."""
    for message in [*catalog, *catalog.obsolete.values()]:
        if message.id and message.context is not None:
            for flag in FORMAT_FLAGS:
                if flag in message.flags:
                    message.flags.discard(flag)
                    message.flags.add(f"no-{flag}")


def render(catalog: Catalog) -> bytes:
    """Serialise a catalog as Babel writes it, keeping obsolete entries and previous msgids.

    Babel re-flags prose as python-format whenever it builds a Message, so the prose marks
    are applied here, on every write. Babel also word-wraps a long previous msgid as if it
    were a comment (`#| msgid "" "text…` across lines), which no tool reads back; the
    previous msgids are written here instead, as msgmerge writes them.
    """
    mark_prose(catalog)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, ignore_obsolete=False, include_previous=False)
    blocks = buffer.getvalue().split(b"\n\n")
    messages = list(catalog)
    if len(blocks) < len(messages):  # not the layout expected: keep Babel's own output
        return buffer.getvalue()
    for index, message in enumerate(messages):
        if message.id and message.previous_id:
            blocks[index] = _with_previous(blocks[index], message.previous_id)
    return b"\n\n".join(blocks)


WIDTH = 76


def _with_previous(block: bytes, previous: list[str] | tuple[str, ...]) -> bytes:
    """Put `#| msgid` (and `#| msgid_plural`) lines just before the entry's msgctxt/msgid."""
    lines = block.split(b"\n")
    at = next(i for i, line in enumerate(lines) if line.startswith((b"msgctxt ", b"msgid ")))
    marked = []
    for keyword, text in zip(("msgid", "msgid_plural"), previous, strict=False):
        quoted = normalize(text, width=WIDTH - 3).split("\n")
        marked.append(f"#| {keyword} {quoted[0]}".encode())
        marked += [f"#| {line}".encode() for line in quoted[1:]]
    return b"\n".join([*lines[:at], *marked, *lines[at:]])


def write(path: Path, catalog: Catalog) -> bool:
    """Atomically write *catalog* to *path* unless nothing in it changed; return True if written."""
    if path.is_file() and _same_catalog(path.read_bytes(), catalog):
        return False
    write_bytes(path, render(catalog))
    return True


# Header fields that say when and by which tool a file was written, not what it holds.
VOLATILE_HEADERS = {"POT-Creation-Date", "PO-Revision-Date", "Generated-By"}
Messages = list[tuple[Any, ...]]


def parse(data: bytes) -> Catalog | None:
    """The catalog in *data*, or None when it does not parse."""
    catalog = Catalog()
    try:
        _Parser(catalog, abort_invalid=True).parse(io.BytesIO(data))
    except (PoFileError, UnicodeDecodeError, ValueError):
        return None
    return catalog


def template_messages(catalog: Catalog) -> Messages:
    """What a template says: each message's context, ids, references and comments."""
    return [
        (m.context, _ids(m.id), tuple(m.locations), tuple(m.auto_comments), tuple(m.user_comments))
        for m in catalog
        if m.id
    ]


def same_template(first: bytes, second: bytes, *, headers: bool = True) -> bool:
    """True when two templates hold the same messages (and header), whenever they were made."""
    old, new = parse(first), parse(second)
    if old is None or new is None:
        return False
    if headers and _lasting_headers(old) != _lasting_headers(new):
        return False
    return template_messages(old) == template_messages(new)


def _lasting_headers(catalog: Catalog) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in catalog.mime_headers if k not in VOLATILE_HEADERS)


def catalog_content(catalog: Catalog) -> Messages:
    """Everything a translator or tool meant in a catalog; not when or by what it was written."""
    entries: Messages = [(catalog.header_comment, _lasting_headers(catalog))]
    for obsolete, messages in ((False, list(catalog)), (True, list(catalog.obsolete.values()))):
        for m in messages:
            if m.id:
                entries.append((obsolete, m.context, _ids(m.id), _ids(m.string)))
                entries.append((sorted(m.flags), tuple(m.locations), tuple(m.previous_id)))
                entries.append((tuple(m.auto_comments), tuple(m.user_comments)))
    return entries


def _same_catalog(data: bytes, catalog: Catalog) -> bool:
    old = parse(data)
    if old is None:
        return False
    mark_prose(old)
    mark_prose(catalog)
    return catalog_content(old) == catalog_content(catalog)


def _ids(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def update(catalog: Catalog, template: Catalog) -> None:
    """Merge *template* into *catalog* as `msgmerge --previous` would, losing nothing.

    Babel's update drops an existing entry's previous msgid when the entry still matches
    exactly; those are put back while the entry stays fuzzy.
    """
    previous = {(m.id, m.context): m.previous_id for m in catalog if m.id and m.previous_id}
    catalog.update(template, update_header_comment=False, update_creation_date=True)
    for message in catalog:
        old = previous.get((message.id, message.context))
        if old and message.fuzzy and not message.previous_id:
            message.previous_id = old
    mark_prose(catalog)
