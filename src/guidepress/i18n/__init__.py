"""Stage 3: gettext catalogs: extraction, lossless .po files, integrity checks, translation."""
