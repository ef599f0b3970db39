"""What CLDR says about a locale code: whether it exists, its script, its own name."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError


def parse_locale(code: str) -> Locale | None:
    """CLDR's data for *code*, or None when CLDR does not know it."""
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None


def script_of(locale: str) -> str:
    """Return the ISO 15924 script a locale is written in, from CLDR likely subtags."""
    from babel.core import get_global

    likely = get_global("likely_subtags").get(locale, "")
    parts = str(likely).split("_")
    return parts[1] if len(parts) > 1 else "Latn"


def language_of_script(script: str) -> str:
    """The language most written in an ISO 15924 script (CLDR; Latin: CLDR's default, en)."""
    from babel.core import get_global

    likely = get_global("likely_subtags")
    found = likely.get(f"und_{script}") or likely.get("und", "en")
    return str(found).split("_")[0]


def language_name(locale: str) -> str:
    """Return the language's name in its own language, capitalised for menus."""
    found = parse_locale(locale)
    name = (found.get_display_name(locale) if found else None) or locale
    return name[:1].upper() + name[1:]


def direction_of(locale: str) -> str:
    """ "rtl" or "ltr", from CLDR."""
    found = parse_locale(locale)
    return found.text_direction if found else "ltr"
