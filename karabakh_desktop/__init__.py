"""Karabakh Desktop: linked views over one policy memo, read from one SQLite store."""

__version__ = "0.1.0"
