"""The version shown by --version, the About box and exported PDFs comes from the package metadata."""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

from click.testing import CliRunner

import karabakh_desktop
from karabakh_desktop.cli import main

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def test_version_is_the_metadata_version():
    assert karabakh_desktop.version() == importlib.metadata.version("karabakh-desktop")
    assert karabakh_desktop.__version__ == karabakh_desktop.version()


def test_version_option_prints_it():
    res = CliRunner().invoke(main, ["--version"])
    assert res.exit_code == 0
    assert res.output.strip() == f"karabakh-desktop, version {karabakh_desktop.version()}"


def test_a_source_checkout_without_metadata_reads_pyproject(monkeypatch):
    def missing(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    karabakh_desktop.version.cache_clear()
    try:
        expected = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]
        assert karabakh_desktop.version() == expected
    finally:
        karabakh_desktop.version.cache_clear()


def test_about_box_shows_it():
    from karabakh_desktop.gui.mainwindow import about_html

    assert f"Karabakh Desktop {karabakh_desktop.version()}</h3>" in about_html([])
