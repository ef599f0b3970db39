"""Renderers: each turns a translated Guide into one kind of artifact."""
