"""guide.toml's reference for people (Markdown) and for editors (JSON Schema), both made from
the schema the loader checks with, so they cannot drift from it."""

from __future__ import annotations

import json
from typing import Any

from guidepress.config.schema import FONTS, SCHEMA, Key

SCHEMA_ID = "https://guidepress.example.org/schema/guide.schema.json"


def _row(name: str, key: Key) -> str:
    needed = "required" if key.required else (key.default or "—")
    return f"| `{name}` | {key.what} | {needed} | `{key.example}` | {key.doc} |"


def _table(title: str, keys: dict[str, Key]) -> list[str]:
    return [
        f"## `[{title}]`",
        "",
        "| key | value | default | example | what it does |",
        "| --- | --- | --- | --- | --- |",
        *(_row(name, key) for name, key in keys.items()),
        "",
    ]


def markdown_reference() -> str:
    """Every key of guide.toml: its kind of value, default, an example and what it does."""
    lines = [
        "# `guide.toml` reference",
        "",
        "Generated from `src/guidepress/config/schema.py` by `python scripts/config_reference.py`;",
        "do not edit by hand. Editors that read JSON Schema can use `guide.schema.json` beside",
        "this file. `guidepress build` reports every problem at once, each at its line.",
        "",
    ]
    for section, keys in SCHEMA.items():
        lines += _table(section, keys)
    lines += _table("fonts.<Script>", FONTS)
    lines[-1:-1] = [
        "",
        "One table per ISO 15924 script code (`Latn`, `Arab`, `Deva`, `Jpan`, `Kore`, `Hebr`,",
        "`Thai`, …): every locale's script needs one. Use families installed on the machine",
        "that builds (`fc-list : family`).",
    ]
    return "\n".join(lines)


def _object(keys: dict[str, Key]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name, key in keys.items() if key.required],
        "properties": {name: {**key.json, "description": key.doc} for name, key in keys.items()},
    }


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of guide.toml, for editors such as Taplo or VS Code."""
    properties = {section: _object(keys) for section, keys in SCHEMA.items()}
    properties["fonts"] = {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": "^[A-Z][a-z]{3}$"},
        "additionalProperties": _object(FONTS),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "guide.toml",
        "type": "object",
        "additionalProperties": False,
        "required": ["guide", "fonts"],
        "properties": properties,
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
