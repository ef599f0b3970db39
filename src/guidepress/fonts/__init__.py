"""Stage 5: the declared fonts on this system: glyph coverage and subsets for e-books."""
