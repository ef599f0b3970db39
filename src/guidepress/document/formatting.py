"""Locale-aware formatting of dates, lists, numbers and sizes, so renderers need no Babel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal


def long_date(date: dt.date, locale: str) -> str:
    """The date as the locale writes it in full ("25 November 2026")."""
    return str(format_date(date, format="long", locale=locale))


def name_list(names: list[str], locale: str) -> str:
    """Names joined as the locale lists them ("A, B and C")."""
    return str(format_list(names, locale=locale))


def number_formatter(locale: str) -> Callable[[str], str]:
    """Format a number written in the source ("1200.5") with the locale's separators."""

    def format_number(text: str) -> str:
        decimals = len(text.partition(".")[2])
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return str(format_decimal(float(text), format=pattern, locale=locale))

    return format_number


def file_size(count: int, locale: str) -> str:
    """A byte count as kB or MB with one decimal, in the locale's digits and separators."""
    value = count / 1_000_000 if count >= 1_000_000 else count / 1000
    unit = "MB" if count >= 1_000_000 else "kB"
    return f"{format_decimal(round(value, 1), locale=locale)} {unit}"


def percent(share: float, locale: str) -> str:
    """A share (0..1) as a whole percentage, "87 %"."""
    return f"{format_decimal(round(100 * share), locale=locale)} %"
