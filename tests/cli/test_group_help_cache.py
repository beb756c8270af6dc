"""`optout GROUP --help` from the help cache is exactly what Typer prints for the same terminal."""

import os
import subprocess
import sys
from pathlib import Path

OPTOUT = str(Path(sys.executable).parent / "optout")


def _help(tmp_path, group="catalog", **env):
    environment = {**os.environ, "OPTOUT_CACHE_DIR": str(tmp_path / "cache"), **env}
    return subprocess.run([OPTOUT, group, "--help"], capture_output=True, text=True, env=environment, check=True).stdout


def test_the_second_help_comes_from_the_cache_and_is_the_same(tmp_path):
    first = _help(tmp_path)
    assert "Usage: optout catalog" in first and "list" in first
    [kept] = (tmp_path / "cache").glob("help-catalog-*.txt")
    assert _help(tmp_path) == first == kept.read_text()
    assert _help(tmp_path, OPTOUT_DATA_CACHE="off") == first, "Typer itself prints the same"


def test_another_terminal_width_is_laid_out_anew(tmp_path):
    wide = _help(tmp_path, COLUMNS="120")
    narrow = _help(tmp_path, COLUMNS="60")
    assert max(map(len, narrow.splitlines())) <= 60 < max(map(len, wide.splitlines()))
    assert len(list((tmp_path / "cache").glob("help-catalog-*.txt"))) == 2
    assert _help(tmp_path, COLUMNS="60") == narrow


def test_each_group_has_its_own_help(tmp_path):
    assert "Usage: optout letter" in _help(tmp_path, group="letter")
    assert "Usage: optout catalog" in _help(tmp_path, group="catalog")
    assert "Usage: optout letter" in _help(tmp_path, group="letter")


def test_any_changed_module_or_data_file_is_a_new_key(tmp_path, monkeypatch):
    from optout.lib import helpcache

    tree = tmp_path / "optout"
    (tree / "letters").mkdir(parents=True)
    (tree / "data" / "letters").mkdir(parents=True)
    (tree / "letters" / "cli.py").write_text("LANGUAGES = ['en']\n")
    data = tree / "data" / "letters" / "de.md"
    data.write_text("Sehr geehrte\n")
    monkeypatch.setattr(helpcache, "PACKAGE", tree)
    monkeypatch.setenv("OPTOUT_CACHE_DIR", str(tmp_path / "cache"))
    before = helpcache._path("letter", "optout.letters.cli:app")
    data.write_text("Sehr geehrte Damen und Herren\n")
    assert helpcache._path("letter", "optout.letters.cli:app") != before
