"""guidepress: render a multilingual guide into PDFs, handouts, EPUBs and a download page."""

__version__ = "0.1.0"
