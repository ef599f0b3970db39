"""The default theme shipped in the package, and a guide's file-by-file overrides of it.

The templates, style sheets and the fonts' licence text in this folder are package data. A
guide's own `templates/` folder, when it has one, is searched first: any file there (say
`pdf/guide.css`) replaces the packaged file of the same name, and every other file still
comes from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2

PACKAGED = Path(__file__).resolve().parent
SHOWN_AS = "guidepress/theme"
"""How diagnostics and catalog references name the packaged theme's folder."""
TEMPLATE_SUFFIXES = (".html", ".xhtml", ".css")


@dataclass(frozen=True)
class Theme:
    """Where templates are looked up: the guide's own folder (if any), then the packaged one."""

    folders: tuple[Path, ...]

    @classmethod
    def of(cls, own: Path) -> Theme:
        """The theme of a guide whose overrides are in *own* (which need not exist)."""
        return cls((own, PACKAGED) if own.is_dir() else (PACKAGED,))

    def loader(self) -> jinja2.BaseLoader:
        return jinja2.FileSystemLoader([str(folder) for folder in self.folders])

    def file(self, name: str) -> Path:
        """The file *name* (`pdf/guide.css`) the guide uses: its own, else the packaged one."""
        for folder in self.folders:
            if (folder / name).is_file():
                return folder / name
        raise FileNotFoundError(f"no theme file {name}")

    def files(self, subfolders: Iterable[str] = ("",)) -> list[Path]:
        """Every theme file under *subfolders* that the guide uses, overrides winning."""
        chosen: dict[str, Path] = {}
        for folder in reversed(self.folders):
            for sub in subfolders:
                for path in (folder / sub).rglob("*"):
                    if path.is_file() and _is_theme_file(path):
                        chosen[path.relative_to(folder).as_posix()] = path
        return [chosen[name] for name in sorted(chosen)]

    def overridden(self) -> list[str]:
        """Names of the packaged files the guide replaces with its own."""
        own = [f for f in self.files() if not f.is_relative_to(PACKAGED)]
        return [f.relative_to(self.folders[0]).as_posix() for f in own]


def _is_theme_file(path: Path) -> bool:
    return path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts


def shown(path: Path, root: Path) -> str:
    """*path* as diagnostics and catalogs name it: relative to the guide, or in the package."""
    path = path.resolve()
    if path.is_relative_to(PACKAGED):
        return f"{SHOWN_AS}/{path.relative_to(PACKAGED).as_posix()}"
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
