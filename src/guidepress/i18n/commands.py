"""Catalog commands: extract, update, compile, stats, init."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from guidepress.config import Config, Project, parse_locale, script_of
from guidepress.config.atomic import atomic_path, write_text
from guidepress.config.noto import NOTO, font_table
from guidepress.errors import BuildError, Diagnostic, InputError, Reporter
from guidepress.i18n import glossary, headers, mapping, pofiles
from guidepress.markdown.sources import read_sources


def pot_path(config: Config) -> Path:
    return config.locales_dir / "guide.pot"


def _write_template(config: Config, output: Path, charts: bool) -> None:
    """Extract every message into a fresh template (what `pybabel extract` would write)."""
    catalog = headers.new_template(config)
    for name, line, message, comments, context in mapping.messages(config, charts):
        catalog.add(message, None, [(name, line)], auto_comments=comments, context=context)
    with output.open("wb") as handle:
        write_po(handle, catalog)


def extract(config: Config, check: bool = False) -> str:
    """Write locales/guide.pot (or, with *check*, fail when it is stale)."""
    sources = read_sources(config)  # bad chapters stop here with file:line, not in Babel
    target = pot_path(config)
    shown = config.relative(target)
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "guide.pot"
        _write_template(config, fresh, mapping.has_chart(sources))
        data = fresh.read_bytes()
    current = target.read_bytes() if target.is_file() else b""
    # A header that only follows guide.toml (version, url) is refreshed, never "stale".
    if pofiles.same_template(current, data, headers=not check):
        return f"{shown} is up to date"
    if check:
        raise BuildError(
            Diagnostic(shown, 0, "error", "stale: the sources changed; run guidepress i18n extract")
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as temp:
        temp.write_bytes(data)
    return f"wrote {shown}"


def _catalog_locales(project: Project, requested: list[str]) -> list[str]:
    config = project.config
    return project.select(
        requested, default=[loc for loc in config.locales if loc != config.source_locale]
    )


def _template(config: Config) -> Catalog:
    path = pot_path(config)
    if not path.is_file():
        raise InputError(
            Diagnostic(
                config.relative(path), 0, "error", "no template; run guidepress i18n extract"
            )
        )
    return pofiles.read(path, config.relative(path))


def update(project: Project, locales: list[str], reporter: Reporter) -> list[str]:
    """Merge the template into each locale's catalog; fuzzy, previous and obsolete kept."""
    config = project.config
    template = _template(config)
    done = []
    for locale in _catalog_locales(project, locales):
        path = config.catalog_path(locale)
        shown = config.relative(path)
        if not path.is_file():
            reporter.warn(shown, 0, f"no catalog; create it with guidepress i18n init {locale}")
            continue
        catalog = pofiles.read(path, shown, locale)
        pofiles.update(catalog, template)
        headers.describe(catalog, config)
        changed = pofiles.write(path, catalog)
        done.append(f"{'updated' if changed else 'unchanged'} {shown}")
    return done


def compile_catalogs(project: Project, locales: list[str], reporter: Reporter) -> list[str]:
    """Write guide.mo beside each guide.po (fuzzy entries left out)."""
    config = project.config
    done = []
    for locale in _catalog_locales(project, locales):
        path = config.catalog_path(locale)
        if not path.is_file():
            continue
        catalog = pofiles.read(path, config.relative(path), locale)
        target = path.with_suffix(".mo")
        with atomic_path(target) as temp, temp.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        done.append(f"compiled {config.relative(target)}")
    return done


@dataclass(frozen=True)
class Stats:
    """How far one locale's translation has come."""

    locale: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    words: int
    words_left: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def stats(project: Project, locales: list[str]) -> list[Stats]:
    """Count translated, fuzzy and untranslated entries (and words) per locale."""
    config = project.config
    template = _template(config)
    entries = [m for m in template if m.id]
    total_words = sum(_words(str(m.id)) for m in entries)
    rows = [Stats(config.source_locale, len(entries), len(entries), 0, 0, total_words, 0)]
    for locale in _catalog_locales(project, locales):
        path = config.catalog_path(locale)
        catalog = pofiles.read(path, config.relative(path), locale) if path.is_file() else Catalog()
        translated = fuzzy = left = 0
        for message in entries:
            found = catalog.get(message.id, message.context)
            if found is not None and found.string and found.fuzzy:
                fuzzy += 1
                left += _words(str(message.id))
            elif found is not None and found.string and all(_strings(found.string)):
                translated += 1
            else:
                left += _words(str(message.id))
        untranslated = len(entries) - translated - fuzzy
        rows.append(Stats(locale, len(entries), translated, fuzzy, untranslated, total_words, left))
    return rows


def _strings(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, tuple | list) else (str(value),)


def init(config: Config, locale: str) -> list[str]:
    """Create a new locale's catalog from the template and add the locale to guide.toml."""
    parsed = parse_locale(locale)
    if parsed is None:
        raise InputError(Diagnostic("guide.toml", 0, "error", f"unknown locale {locale!r}"))
    script = script_of(locale)
    added = []
    if script not in config.fonts:
        if script not in NOTO:
            message = f"{locale} is written in {script}: add a [fonts.{script}] table first"
            raise InputError(Diagnostic("guide.toml", 0, "error", message))
        added.append(_add_fonts_to_config(config, script))
    path = config.catalog_path(locale)
    shown = config.relative(path)
    if path.exists():
        raise InputError(Diagnostic(shown, 0, "error", "catalog exists already; use i18n update"))
    template = _template(config)
    catalog = Catalog(locale=parsed, project=template.project, version=template.version)
    catalog.update(template, update_header_comment=False)
    headers.describe(catalog, config)
    pofiles.mark_prose(catalog)
    path.parent.mkdir(parents=True, exist_ok=True)
    pofiles.write(path, catalog)
    done = [f"created {shown}", *_init_glossary(config, locale, parsed.english_name, shown)]
    if locale not in config.locales:
        _add_locale_to_config(config, locale)
        done.append(f"added {locale} to guide.toml")
    return done + added


def _add_fonts_to_config(config: Config, script: str) -> str:
    """Append a [fonts.SCRIPT] table of Noto families to guide.toml."""
    text = config.path.read_text(encoding="utf-8")
    write_text(config.path, text.rstrip("\n") + "\n\n" + font_table(script))
    body, heading = NOTO[script]
    return f"added [fonts.{script}] ({body}, {heading}) to guide.toml"


def _init_glossary(config: Config, locale: str, name: str | None, catalog: str) -> list[str]:
    target = config.locales_dir / locale / "glossary.toml"
    if target.exists():
        return []
    write_text(target, glossary.skeleton(locale, name or locale, config.title, catalog))
    return [f"created {config.relative(target)}"]


def _add_locale_to_config(config: Config, locale: str) -> None:
    text = config.path.read_text(encoding="utf-8")
    pattern = re.compile(r"^(locales\s*=\s*\[)(.*?)(\])", re.MULTILINE | re.DOTALL)
    match = pattern.search(text)
    if match is None:
        raise InputError(Diagnostic("guide.toml", 0, "error", "cannot find guide.locales"))
    inner = match.group(2).rstrip().rstrip(",")
    updated = f'{match.group(1)}{inner}, "{locale}"{match.group(3)}'
    write_text(config.path, text[: match.start()] + updated + text[match.end() :])
