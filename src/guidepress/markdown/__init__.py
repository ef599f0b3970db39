"""Stage 2: chapters -> parsed Markdown, translatable spots and neutral HTML parts."""
