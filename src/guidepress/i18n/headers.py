"""Catalog headers from guide.toml: the guide's name and version, who holds the copyright,
and where to report a problem with a source string; never Babel's placeholders."""

from __future__ import annotations

from babel.messages.catalog import Catalog

from guidepress.config import Config

# Babel's default, less the "FIRST AUTHOR <EMAIL@ADDRESS>" line, which each translator fills.
HEADER_COMMENT = (
    "# Translations template for PROJECT.\n"
    "# Copyright (C) YEAR ORGANIZATION\n"
    "# This file is distributed under the same license as the PROJECT project.\n"
    "#"
)
PLACEHOLDER_AUTHOR = "FIRST AUTHOR <EMAIL@ADDRESS>"


def new_template(config: Config) -> Catalog:
    """An empty template whose header comes from guide.toml."""
    return Catalog(
        project=config.title,
        version=config.version,
        copyright_holder=config.publisher,
        msgid_bugs_address=config.url,
        header_comment=HEADER_COMMENT,
    )


def describe(catalog: Catalog, config: Config) -> None:
    """Fill a catalog's header from guide.toml, keeping what its translators wrote there."""
    catalog.project = config.title
    catalog.version = config.version
    catalog.copyright_holder = config.publisher
    catalog.msgid_bugs_address = config.url
    lines = catalog.header_comment.splitlines()
    catalog.header_comment = "\n".join(line for line in lines if PLACEHOLDER_AUTHOR not in line)
    if "LL@li.org" in catalog.language_team and catalog.locale is not None:
        catalog.language_team = f"{catalog.locale.english_name} <{config.url}>"
