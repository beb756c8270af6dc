"""`optout catalog list|show|search|stale` as a person or a script uses them."""

import datetime as dt
import json

from typer.testing import CliRunner

from optout.catalog.loader import catalog
from optout.cli import build_app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(build_app(), list(args), env={"COLUMNS": "200"})


def test_list_json_is_stable_and_complete():
    result = run("catalog", "list", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [row["slug"] for row in data] == list(catalog())
    assert set(data[0]) == {"slug", "name", "company", "categories", "has_opt_out", "mechanisms", "last_verified"}
    assert run("catalog", "list", "--json").output == result.output


def test_list_for_a_region_says_whether_an_opt_out_exists():
    data = json.loads(run("catalog", "list", "--region", "eu", "--json").output)
    by_slug = {row["slug"]: row for row in data}
    for slug, platform in catalog().items():
        assert by_slug[slug]["has_opt_out"] == platform.has_opt_out("EU")
        assert {m["id"] for m in by_slug[slug]["mechanisms"]} == {m.id for m in platform.mechanisms_for("EU")}


def test_list_table_for_people():
    result = run("catalog", "list", "-r", "UK")
    assert result.exit_code == 0
    assert "LinkedIn" in result.output and "What you can do in UK" in result.output


def test_unknown_region_is_a_clear_error():
    result = run("catalog", "list", "--region", "Narnia")
    assert result.exit_code == 2
    assert "unknown region 'Narnia'" in result.output


def test_show_prints_the_steps_for_a_region():
    platform = catalog()["linkedin"]
    result = run("catalog", "show", "linkedin", "--region", "US-CA")
    assert result.exit_code == 0
    for step in platform.mechanisms_for("US-CA")[0].steps:
        assert step.text[:40] in " ".join(result.output.split())


def test_show_json_has_only_the_regions_mechanisms():
    data = json.loads(run("catalog", "show", "linkedin", "--region", "EU", "--json").output)
    assert data["slug"] == "linkedin" and data["region"] == "EU"
    assert all({"ALL", "EU", "EEA"} & set(m["regions"]) for m in data["mechanisms"])


def test_show_unknown_slug_suggests_a_close_one():
    result = run("catalog", "show", "linkedn")
    assert result.exit_code == 1
    assert "No platform 'linkedn' in the catalog. Did you mean: linkedin?" in result.output


def test_search_finds_and_misses():
    assert "LinkedIn" in run("catalog", "search", "linked").output
    missed = run("catalog", "search", "qwertyuiop")
    assert missed.exit_code == 1 and "Nothing matches 'qwertyuiop'." in missed.output


def test_search_finds_a_kind_of_opt_out_however_it_is_written():
    """"Find platforms by ... kind of opt-out": every platform with an e-mail request, whether or not a step's title
    says so, however the kind is written (others whose text has the words are found too)."""
    with_email = sorted(p.slug for p in catalog().values() if any(m.kind == "email-request" for m in p.mechanisms))
    assert with_email
    for words in ("email request", "e-mail request", "email-request"):
        found = json.loads(run("catalog", "search", words, "--json").output)
        assert set(with_email) <= {row["slug"] for row in found}, words


def test_every_kind_of_opt_out_has_words_to_search_it_by():
    from typing import get_args

    from optout.catalog.query import KIND_WORDS
    from optout.catalog.schema import MechanismKind

    assert set(KIND_WORDS) == set(get_args(MechanismKind))


def test_stale_lists_exactly_the_old_entries(db):
    result = run("catalog", "stale", "--days", "1", "--json")
    today = dt.date.today()
    expected = sorted(
        (p for p in catalog().values() if (today - p.last_verified).days > 1), key=lambda p: p.last_verified
    )
    assert [row["slug"] for row in json.loads(result.output)] == [p.slug for p in expected]


def test_stale_with_nothing_old_claims_only_what_optout_recorded(db):
    result = run("catalog", "stale", "--days", "100000")
    assert result.exit_code == 0
    assert "optout has recorded no change of a watched policy about AI since" in result.output
    assert "optout watch status" in result.output and "no watched policy changed" not in result.output


def test_validate_the_shipped_catalog():
    result = run("catalog", "validate")
    assert result.exit_code == 0
    assert f"All {len(catalog())} file(s) are valid." in result.output


def test_every_command_has_help():
    for args in (["catalog"], ["catalog", "list"], ["catalog", "show"], ["catalog", "search"],
                 ["catalog", "stale"], ["catalog", "validate"], ["serve"]):
        result = run(*args, "--help")
        assert result.exit_code == 0, args
        assert "Usage:" in result.output


def test_show_and_list_tell_a_stated_no_opt_out_from_one_optout_only_knows_of_none():
    stated = next(p for p in catalog().values() if p.says_no_opt_out("US"))
    unknown = next(p for p in catalog().values() if not p.has_opt_out("US") and not p.says_no_opt_out("US"))
    assert "No opt-out exists for people in" in run("catalog", "show", stated.slug, "--region", "US").output
    said = " ".join(run("catalog", "show", unknown.slug, "--region", "US").output.split())
    assert "optout knows of no opt-out for people in" in said and "No opt-out exists" not in said
    table = run("catalog", "list", "--region", "US").output
    row = next(line for line in table.splitlines() if unknown.slug in line)
    assert "none known" in row and "no opt-out" not in row
