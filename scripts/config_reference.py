"""Write docs/guide-toml.md and docs/guide.schema.json from guide.toml's schema."""

from __future__ import annotations

from pathlib import Path

from guidepress.config.reference import json_schema_text, markdown_reference

DOCS = Path(__file__).resolve().parents[1] / "docs"


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    (DOCS / "guide-toml.md").write_text(markdown_reference(), encoding="utf-8")
    (DOCS / "guide.schema.json").write_text(json_schema_text(), encoding="utf-8")


if __name__ == "__main__":
    main()
