"""Relais: course-authoring static site generator for French digital-inclusion work."""

__version__ = "0.1.0"
