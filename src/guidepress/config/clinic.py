"""A clinic's details for its own handouts: CLINIC.toml, validated with line numbers."""

from __future__ import annotations

import base64
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guidepress.config.schema import TomlLines
from guidepress.errors import Diagnostic, InputError

PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,22}[0-9]$")
URL = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:/[^\s<>\"']*)?$")
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
LOGO_MAGIC = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
MAX_LOGO_BYTES = 300_000
LIMITS = {"name": 80, "address": 240, "hours": 160, "note": 200}
PHONE_LABEL_LIMIT = 40


@dataclass(frozen=True)
class Phone:
    """A labelled phone number."""

    label: str
    number: str


@dataclass(frozen=True)
class Clinic:
    """What a clinic prints on its handouts."""

    name: str
    address: str
    phones: tuple[Phone, ...]
    hours: str
    website: str
    qr_url: str
    note: str
    logo_data_uri: str | None


class _ClinicValidator:
    def __init__(self, path: Path, text: str, shown: str) -> None:
        self.path = path
        self.shown = shown
        self.lines = TomlLines(text)
        self.problems: list[Diagnostic] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Diagnostic(self.shown, self.lines.of("clinic", key), "error", message))

    def text(self, data: dict[str, Any], key: str, required: bool = False) -> str:
        value = data.get(key, "")
        if not isinstance(value, str):
            self.problem(key, f"clinic.{key} must be text")
            return ""
        value = value.strip()
        if required and not value:
            self.problem(key, f"clinic.{key} is required")
        if len(value) > LIMITS.get(key, 200):
            self.problem(
                key,
                f"clinic.{key} is {len(value)} characters; at most "
                f"{LIMITS.get(key, 200)} fit on the handout",
            )
        return str(value)

    def url(self, data: dict[str, Any], key: str) -> str:
        value = self.text(data, key)
        if value and not URL.match(value):
            self.problem(key, f"clinic.{key} must be an https:// address, not {value!r}")
        return value

    def phones(self, data: dict[str, Any]) -> tuple[Phone, ...]:
        raw = data.get("phones", [])
        if not isinstance(raw, list):
            self.problem("phones", "clinic.phones must be a list of {label, number} tables")
            return ()
        phones = []
        for item in raw:
            if not isinstance(item, dict) or set(item) - {"label", "number"}:
                self.problem("phones", 'each phone must be { label = "…", number = "…" }')
                continue
            label, number = str(item.get("label", "")).strip(), str(item.get("number", "")).strip()
            if not PHONE.match(number):
                self.problem(
                    "phones", f"{number!r} is not a phone number (digits, spaces, + ( ) - . / only)"
                )
            if len(label) > PHONE_LABEL_LIMIT:
                self.problem("phones", f"phone label {label[:20]!r}… is too long")
            phones.append(Phone(label, number))
        if len(phones) > 4:
            self.problem("phones", f"{len(phones)} phone numbers; at most 4 fit on the handout")
        return tuple(phones)

    def logo(self, data: dict[str, Any]) -> str | None:
        value = data.get("logo")
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem("logo", "clinic.logo must be a file path")
            return None
        base = self.path.parent.resolve()
        logo = (base / value).resolve()
        if not logo.is_relative_to(base) or Path(value).is_absolute():
            self.problem("logo", f"logo {value!r} must be a file beside {self.shown}")
            return None
        if not logo.is_file():
            self.problem("logo", f"logo {value!r} not found")
            return None
        data_bytes = logo.read_bytes()
        mime = next((m for magic, m in LOGO_MAGIC.items() if data_bytes.startswith(magic)), None)
        if mime is None or LOGO_TYPES.get(logo.suffix.lower()) != mime:
            self.problem("logo", f"logo {value!r} must be a PNG or JPEG image")
            return None
        if len(data_bytes) > MAX_LOGO_BYTES:
            self.problem(
                "logo", f"logo is {len(data_bytes):,} bytes; the limit is {MAX_LOGO_BYTES:,}"
            )
            return None
        return f"data:{mime};base64,{base64.b64encode(data_bytes).decode()}"


def load_clinic(path: Path) -> Clinic:
    """Read and validate CLINIC.toml; every problem is reported with its line."""
    shown = path.name
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise InputError(Diagnostic(shown, 0, "error", "clinic file not found")) from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(Diagnostic(shown, 0, "error", f"cannot read: {err}")) from None
    except tomllib.TOMLDecodeError as err:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(err))) else 0
        raise InputError(Diagnostic(shown, line, "error", f"invalid TOML: {err}")) from None
    v = _ClinicValidator(path, text, shown)
    clinic = data.get("clinic")
    if not isinstance(clinic, dict):
        raise InputError(Diagnostic(shown, 1, "error", "missing [clinic] table"))
    known = {"name", "address", "phones", "hours", "website", "qr_url", "logo", "note"}
    for key in sorted(set(clinic) - known):
        v.problem(key, f"unknown key clinic.{key} (known: {', '.join(sorted(known))})")
    result = Clinic(
        name=v.text(clinic, "name", required=True),
        address=v.text(clinic, "address"),
        phones=v.phones(clinic),
        hours=v.text(clinic, "hours"),
        website=v.url(clinic, "website"),
        qr_url=v.url(clinic, "qr_url"),
        note=v.text(clinic, "note"),
        logo_data_uri=v.logo(clinic),
    )
    if v.problems:
        raise InputError(v.problems)
    return result
