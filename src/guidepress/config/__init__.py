"""Stage 1: guide.toml -> Config, and the Project value every later stage receives."""

from guidepress.config.load import ChapterFile, Config, FontStack, load_config
from guidepress.config.locales import language_name, parse_locale, script_of
from guidepress.config.project import LocaleFacts, Project, load_project, make_project
from guidepress.config.schema import EDITIONS, PAPERS, TomlLines

__all__ = [
    "EDITIONS",
    "PAPERS",
    "ChapterFile",
    "Config",
    "FontStack",
    "LocaleFacts",
    "Project",
    "TomlLines",
    "language_name",
    "load_config",
    "load_project",
    "make_project",
    "parse_locale",
    "script_of",
]
