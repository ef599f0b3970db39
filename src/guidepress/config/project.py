"""The project value: the validated config plus what each locale needs, computed once.

Every stage receives a `Project` instead of re-reading guide.toml or asking CLDR again;
`Project.select` is the one place that says whether a locale is part of the guide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from guidepress.config.load import Config, FontStack, load_config
from guidepress.config.locales import direction_of, language_name, script_of
from guidepress.errors import Diagnostic, InputError


@dataclass(frozen=True)
class LocaleFacts:
    """What the pipeline needs to know about one locale."""

    code: str
    script: str
    direction: str
    name: str
    fonts: tuple[FontStack, ...]
    """The locale's own script first, then Latin, then scripts every edition may print."""


def locale_facts(config: Config, code: str) -> LocaleFacts:
    """Work out a locale's script, direction, own name and font stacks."""
    script = script_of(code)
    order = dict.fromkeys([script, "Latn", *config.shared_scripts])
    return LocaleFacts(
        code=code,
        script=script,
        direction=direction_of(code),
        name=language_name(code),
        fonts=tuple(config.fonts[s] for s in order if s in config.fonts),
    )


@dataclass(frozen=True)
class Project:
    """The guide's settings and each of its locales' facts."""

    config: Config
    locales: Mapping[str, LocaleFacts]

    def facts(self, code: str) -> LocaleFacts:
        """The facts of a locale of the guide (see `select` for user input)."""
        return self.locales[code]

    def select(
        self, requested: Iterable[str] = (), *, default: Iterable[str] | None = None
    ) -> list[str]:
        """Check locales a user asked for; none asked means *default* (all of them)."""
        chosen = list(requested)
        unknown = [code for code in chosen if code not in self.locales]
        if unknown:
            listed = ", ".join(self.config.locales)
            raise InputError(
                [
                    Diagnostic(
                        "guide.toml",
                        0,
                        "error",
                        f"unknown locale {code!r}; guide.toml lists {listed}",
                    )
                    for code in unknown
                ]
            )
        if chosen:
            return chosen
        return list(self.config.locales if default is None else default)


def make_project(config: Config) -> Project:
    """Compute every locale's facts once."""
    return Project(config, {code: locale_facts(config, code) for code in config.locales})


def load_project(path: Path, formats: Sequence[str]) -> Project:
    """Read guide.toml, choosing among *formats* (the renderers'), and compute locale facts."""
    return make_project(load_config(path, formats))
