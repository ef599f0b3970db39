"""What every renderer shares: the Jinja2 environment, fonts and localised labels."""

from __future__ import annotations

from typing import Any

import jinja2

from guidepress.document import Guide, Translations
from guidepress.theme import Theme


def _environment(theme: Theme) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=theme.loader(),
        autoescape=jinja2.select_autoescape(["html", "xhtml", "xml", "svg"]),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    return env


def environment(theme: Theme, guide: Guide) -> jinja2.Environment:
    """Return the template environment with the guide's translations installed."""
    return translated_environment(theme, guide.ui)


def translated_environment(theme: Theme, ui: Translations) -> jinja2.Environment:
    """Return a template environment speaking the language of *ui*."""
    env = _environment(theme)
    env.install_gettext_translations(ui, newstyle=True)  # type: ignore[attr-defined]
    return env


def font_list(guide: Guide, role: str) -> str:
    """Return a CSS font-family list: the locale's script first, then Latin."""
    names = [getattr(stack, role) for stack in guide.scripts]
    return ", ".join(f'"{name}"' for name in dict.fromkeys(names))


def context(guide: Guide, **extra: Any) -> dict[str, Any]:
    """Return the variables every template receives."""
    return {
        "guide": guide,
        "body_fonts": font_list(guide, "body"),
        "heading_fonts": font_list(guide, "heading"),
        "date_text": guide.date_text,
        "authors_text": guide.authors_text,
        **extra,
    }
