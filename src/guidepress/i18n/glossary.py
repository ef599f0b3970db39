"""Per-language glossaries: each term rendered consistently across the catalog."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from guidepress.errors import Diagnostic


@dataclass(frozen=True)
class Term:
    """A source term, its chosen rendering and the other accepted forms."""

    source: str
    target: str
    also: tuple[str, ...]
    line: int

    def accepted(self) -> tuple[str, ...]:
        return (self.target, *self.also)


@dataclass(frozen=True)
class Glossary:
    """The terms, and the catalog contexts (e.g. a reference list) they do not apply to."""

    terms: tuple[Term, ...]
    skip_contexts: frozenset[str]


CITATION_KINDS = {"footnote"}
"""Blocks that cite works: their titles stay in the original language."""


def load_glossary(path: Path, shown: str) -> tuple[Glossary, list[Diagnostic]]:
    """Read glossary.toml: `skip_contexts`, then `[[term]]` tables (source, target, also)."""
    terms, problems, skip = _read_terms(path, shown)
    return Glossary(tuple(terms), frozenset(skip)), problems


def _read_terms(path: Path, shown: str) -> tuple[list[Term], list[Diagnostic], list[str]]:
    if not path.is_file():
        return [], [], []
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return [], [Diagnostic(shown, 0, "error", f"invalid TOML: {err}")], []
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[term]]"]
    terms, problems = [], []
    for index, raw in enumerate(data.get("term", [])):
        line = starts[index] if index < len(starts) else 0
        source, target = raw.get("source"), raw.get("target")
        if not isinstance(source, str) or not isinstance(target, str):
            problems.append(Diagnostic(shown, line, "error", "a term needs source and target"))
            continue
        also = tuple(str(a) for a in raw.get("also", []))
        terms.append(Term(source.lower(), target, also, line))
    skip = [str(c) for c in data.get("skip_contexts", [])]
    return terms, problems, skip


# Link targets and bare addresses are not prose: a term inside a URL needs no translation.
ADDRESSES = re.compile(r"\]\([^)\s]*\)|https?://\S+")


def _prose(text: str) -> str:
    return ADDRESSES.sub(lambda m: "](#)" if m.group().startswith("]") else " ", text)


def _mentions(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE) is not None


def inconsistencies(catalog: Catalog, glossary: Glossary, shown: str) -> list[Diagnostic]:
    """A warning for each msgstr whose msgid names a term the msgstr does not render.

    Citations (footnotes, and contexts the glossary skips) keep titles as published.
    """
    problems = []
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        if message.context in glossary.skip_contexts or CITATION_KINDS & set(message.auto_comments):
            continue
        msgid, msgstr = _prose(str(message.id)), _prose(str(message.string))
        for term in glossary.terms:
            if _mentions(msgid, term.source) and not any(
                form.lower() in msgstr.lower() for form in term.accepted()
            ):
                problems.append(
                    Diagnostic(
                        shown,
                        message.lineno or 0,
                        "warning",
                        f"glossary: {term.source!r} should be rendered as {term.target!r}",
                    )
                )
    return problems


SKELETON = """\
# {name} ({code}) glossary for "{title}".
# The catalog is {catalog}. One [[term]] table per term: `source` is
# the term in the source language (lowercase), `target` its rendering, `also` other forms
# the catalog uses (plurals, inflections), `note` why it was chosen. `guidepress check`
# warns about a translation whose source names a term but which uses none of its forms.

# Catalog contexts (msgctxt) where the terms do not apply, e.g. a list of cited titles.
skip_contexts = []

# [[term]]
# source = "guide"
# target = ""
# also = []
# note = ""
"""


def skeleton(code: str, name: str, title: str, catalog: str) -> str:
    """The commented glossary.toml that `i18n init` writes for a new language."""
    return SKELETON.format(code=code, name=name, title=title, catalog=catalog)
