"""Help and read-only answers from the output cache are exactly what Typer prints for the same terminal."""

import json
import os
import subprocess
import sys
from pathlib import Path

OPTOUT = str(Path(sys.executable).parent / "optout")


def _run(tmp_path, *args, check=True, **env):
    environment = {**os.environ, "OPTOUT_CACHE_DIR": str(tmp_path / "cache"), **env}
    return subprocess.run([OPTOUT, *args], capture_output=True, text=True, env=environment, check=check)


def _help(tmp_path, group="catalog", **env):
    return _run(tmp_path, group, "--help", **env).stdout


def test_the_second_help_comes_from_the_cache_and_is_the_same(tmp_path):
    first = _help(tmp_path)
    assert "Usage: optout catalog" in first and "list" in first
    [kept] = (tmp_path / "cache").glob("out-catalog-*.txt")
    assert _help(tmp_path) == first == kept.read_text()
    assert _help(tmp_path, OPTOUT_DATA_CACHE="off") == first, "Typer itself prints the same"


def test_another_terminal_width_is_laid_out_anew(tmp_path):
    wide = _help(tmp_path, COLUMNS="120")
    narrow = _help(tmp_path, COLUMNS="60")
    assert max(map(len, narrow.splitlines())) <= 60 < max(map(len, wide.splitlines()))
    assert len(list((tmp_path / "cache").glob("out-catalog-*.txt"))) == 2
    assert _help(tmp_path, COLUMNS="60") == narrow


def test_each_group_has_its_own_help(tmp_path):
    assert "Usage: optout letter" in _help(tmp_path, group="letter")
    assert "Usage: optout catalog" in _help(tmp_path, group="catalog")
    assert "Usage: optout letter" in _help(tmp_path, group="letter")


def test_catalog_answers_are_kept_per_arguments_and_equal_a_fresh_run(tmp_path):
    listed = _run(tmp_path, "catalog", "list", "--json").stdout
    shown = _run(tmp_path, "catalog", "show", "instagram", "--json", "--region", "EU").stdout
    assert {p["slug"] for p in json.loads(listed)} >= {"instagram", "linkedin"}
    assert json.loads(shown)["region"] == "EU"
    assert len(list((tmp_path / "cache").glob("out-catalog-*.txt"))) == 2
    for args, first in ((("list", "--json"), listed), (("show", "instagram", "--json", "--region", "EU"), shown)):
        assert _run(tmp_path, "catalog", *args).stdout == first
        assert _run(tmp_path, "catalog", *args, OPTOUT_DATA_CACHE="off").stdout == first


def test_a_kept_answer_is_what_is_printed(tmp_path):
    _run(tmp_path, "catalog", "show", "instagram", "--json")
    [kept] = (tmp_path / "cache").glob("out-catalog-*.txt")
    kept.write_text('{"from": "the cache"}\n')
    assert _run(tmp_path, "catalog", "show", "instagram", "--json").stdout == '{"from": "the cache"}\n'
    assert _run(tmp_path, "catalog", "show", "instagram").stdout != '{"from": "the cache"}\n', "other arguments"


def test_failures_are_never_kept(tmp_path):
    for _ in range(2):
        failed = _run(tmp_path, "catalog", "show", "instagrm", "--json", check=False)
        assert failed.returncode == 1 and "Did you mean: instagram" in failed.stderr
        wrong = _run(tmp_path, "catalog", "list", "--region", "MARS", check=False)
        assert wrong.returncode == 2 and "unknown region" in wrong.stderr
    assert not list((tmp_path / "cache").glob("out-*.txt"))


def test_commands_that_read_the_clock_or_the_database_are_not_kept(tmp_path):
    from optout.cli import _read_only

    assert _read_only(["catalog", "list", "--json"]) and _read_only(["letter", "--help"])
    for args in (["catalog", "stale"], ["plan", "show"], ["letter", "--help", "new"], ["status"],
                 ["catalog", "corrections", "list"]):
        assert not _read_only(args), args


def test_any_changed_module_or_data_file_is_a_new_key(tmp_path, monkeypatch):
    from optout.lib import outputcache

    tree = tmp_path / "optout"
    (tree / "letters").mkdir(parents=True)
    (tree / "data" / "letters").mkdir(parents=True)
    (tree / "letters" / "cli.py").write_text("LANGUAGES = ['en']\n")
    data = tree / "data" / "letters" / "de.md"
    data.write_text("Sehr geehrte\n")
    monkeypatch.setattr(outputcache, "PACKAGE", tree)
    monkeypatch.setenv("OPTOUT_CACHE_DIR", str(tmp_path / "cache"))
    before = outputcache.path_for("letter", ["letter", "--help"])
    data.write_text("Sehr geehrte Damen und Herren\n")
    assert outputcache.path_for("letter", ["letter", "--help"]) != before
    assert outputcache.path_for("letter", ["letter", "-h"]) != outputcache.path_for("letter", ["letter", "--help"])
