"""`optout catalog validate` and the loader behind it: each broken file gets a message naming file, line and field."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optout.catalog.loader import PLATFORMS_DIR, validate_all
from optout.cli import build_app

GOOD = (PLATFORMS_DIR / "linkedin.yaml").read_text(encoding="utf-8")
VERIFIED = "    last_verified: " + GOOD.split("\n    last_verified: ", 1)[1].split("\n", 1)[0] + "\n"  # the first mechanism's


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text[:index].count("\n") + 1


def errors_for(tmp_path: Path, text: str | bytes, name: str = "linkedin.yaml") -> list[str]:
    write(tmp_path / "platforms", name, text)
    return [str(e) for e in validate_all(tmp_path / "platforms").errors]


def test_the_example_file_is_valid(tmp_path):
    assert errors_for(tmp_path, GOOD) == []


def test_it_names_file_line_and_field_for_a_bad_url(tmp_path):
    bad = GOOD.replace(
        "url: https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement",
        "url: http://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement",
    )
    line = line_of(bad, "url: http://www.linkedin.com/mypreferences")
    assert errors_for(tmp_path, bad) == [f"platforms/linkedin.yaml:{line}: mechanisms[0].steps[0].url: not an https URL"]


@pytest.mark.parametrize("address", ["https://[www.linkedin.com/legal/privacy/eu", "https://www.linkedin.com:99999/x",
                                     "https://]/legal"])
def test_an_address_no_page_can_be_at_is_named_not_a_crash(tmp_path, address):
    """An https address the catalog's rules cannot even take apart (a stray bracket, a port out of range)."""
    bad = GOOD.replace("        - url: https://www.linkedin.com/legal/privacy/eu\n", f"        - url: {address}\n", 1)
    line = line_of(bad, f"url: {address}")
    (error,) = errors_for(tmp_path, bad)
    assert error.startswith(f"platforms/linkedin.yaml:{line}: owner.controllers[0].sources[0].url: not a valid address (")


def test_yaml_syntax_error_points_at_the_line(tmp_path):
    bad = GOOD.replace("name: LinkedIn\n", "name: [LinkedIn\n")
    (error,) = errors_for(tmp_path, bad)
    assert error.startswith("platforms/linkedin.yaml:")
    assert "YAML syntax error" in error


def test_non_utf8_file_is_reported_with_its_line(tmp_path):
    raw = GOOD.replace("name: LinkedIn", "name: Link\u00e9dIn").encode("latin-1", errors="replace")
    line = line_of(GOOD, "name: LinkedIn")
    assert errors_for(tmp_path, raw) == [f"platforms/linkedin.yaml:{line}: not UTF-8 (save the file as UTF-8)"]


def test_unknown_field_is_named(tmp_path):
    bad = GOOD.replace("    difficulty: easy\n", "    difficulty: easy\n    dificulty: easy\n")
    line = line_of(bad, "dificulty: easy")
    assert errors_for(tmp_path, bad) == [f"platforms/linkedin.yaml:{line}: mechanisms[0].dificulty: unknown field"]


def test_wrong_type_is_named(tmp_path):
    bad = GOOD.replace("    minutes: 2\n", '    minutes: "two"\n')
    line = line_of(bad, 'minutes: "two"')
    (error,) = errors_for(tmp_path, bad)
    assert error.startswith(f"platforms/linkedin.yaml:{line}: mechanisms[0].minutes: ")
    assert "integer" in error


def test_a_number_in_quotes_is_still_the_wrong_type(tmp_path):
    bad = GOOD.replace("    minutes: 2\n", '    minutes: "2"\n')
    assert len(errors_for(tmp_path, bad)) == 1


def test_unknown_region_is_named(tmp_path):
    bad = GOOD.replace("    regions: [ALL]\n", "    regions: [ALL, Europe]\n")
    line = line_of(bad, "regions: [ALL, Europe]")
    assert errors_for(tmp_path, bad) == [f"platforms/linkedin.yaml:{line}: mechanisms[0].regions: unknown region 'Europe'"]


def test_norway_is_not_read_as_false(tmp_path):
    bad = GOOD.replace("    regions: [ALL]\n", "    regions: [NO]\n")
    (error,) = errors_for(tmp_path, bad)
    assert "unknown region 'NO'" in error


def test_duplicate_slugs_are_reported(tmp_path):
    folder = tmp_path / "platforms"
    write(folder, "linkedin.yaml", GOOD)
    write(folder / "copies", "linkedin.yaml", GOOD)
    errors = [str(e) for e in validate_all(folder).errors]
    assert errors == ["platforms/linkedin.yaml: slug: duplicate slug 'linkedin' (also in platforms/copies/linkedin.yaml)"]


def test_slug_must_match_the_file_name(tmp_path):
    (error,) = errors_for(tmp_path, GOOD, name="linked-in.yaml")
    assert error == "platforms/linked-in.yaml:1: slug: must match the file name ('linked-in')"


def in_mechanisms(old: str, new: str) -> str:
    """Replace the first `old` inside the mechanisms section (controllers have dates too)."""
    head, marker, tail = GOOD.partition("\nmechanisms:")
    return head + marker + tail.replace(old, new, 1)


def test_future_date_is_rejected(tmp_path):
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    bad = in_mechanisms(VERIFIED, f"    last_verified: {future}\n")
    line = line_of(bad, f"last_verified: {future}")
    assert errors_for(tmp_path, bad) == [
        f"platforms/linkedin.yaml:{line}: mechanisms[0].last_verified: {future} is in the future"
    ]


@pytest.mark.parametrize("value", ["2025-02-30", "yesterday", "25.11.2026"])
def test_bad_dates_are_rejected(tmp_path, value):
    bad = in_mechanisms(VERIFIED, f"    last_verified: {value}\n")
    line = line_of(bad, f"last_verified: {value}")
    (error,) = errors_for(tmp_path, bad)
    assert error.startswith(f"platforms/linkedin.yaml:{line}: mechanisms[0].last_verified: ")


def test_ancient_date_is_treated_as_a_typo(tmp_path):
    first = re.search(r"accessed: 20(\d\d-\d\d-\d\d)", GOOD)  # the first controller's first source's
    bad = GOOD[:first.start()] + f"accessed: 10{first[1]}" + GOOD[first.end():]
    (error,) = errors_for(tmp_path, bad)
    assert f"owner.controllers[0].sources[0].accessed: 10{first[1]} is before 2000" in error


def test_missing_required_field_points_at_its_parent(tmp_path):
    bad = GOOD.replace("    confidence: medium\n", "", 1)
    line = line_of(bad, "  - id: generative-ai-setting")
    assert errors_for(tmp_path, bad) == [
        f"platforms/linkedin.yaml:{line}: mechanisms[0].confidence: required field is missing"
    ]


def test_duplicate_key_is_reported(tmp_path):
    bad = GOOD.replace("name: LinkedIn\n", "name: LinkedIn\nname: LinkedIn again\n")
    line = line_of(bad, "name: LinkedIn again")
    assert errors_for(tmp_path, bad) == [f"platforms/linkedin.yaml:{line}: name: duplicate key"]


def test_a_mechanism_without_steps_is_rejected_unless_kind_none(tmp_path):
    start, end = GOOD.index("    steps:\n"), GOOD.index("    covers:\n")
    bad = GOOD[:start] + GOOD[end:]
    (error,) = errors_for(tmp_path, bad)
    assert "mechanisms[0]: a `setting` mechanism needs steps" in error


def test_top_level_list_is_rejected(tmp_path):
    assert errors_for(tmp_path, "- a\n- b\n") == ["platforms/linkedin.yaml:1: expected a mapping of fields at the top level"]


def test_cli_exits_1_and_prints_every_problem(tmp_path):
    folder = tmp_path / "platforms"
    write(folder, "linkedin.yaml", GOOD.replace("    minutes: 2\n", "    minutes: lots\n"))
    write(folder, "broken.yaml", "slug: [\n")
    result = CliRunner().invoke(build_app(), ["catalog", "validate", str(folder)])
    assert result.exit_code == 1
    assert "platforms/linkedin.yaml:" in result.output and "mechanisms[0].minutes" in result.output
    assert "platforms/broken.yaml:" in result.output
    assert "2 problem(s) in 2 file(s)." in result.output


def test_cli_accepts_a_single_good_file(tmp_path):
    path = write(tmp_path / "platforms", "linkedin.yaml", GOOD)
    result = CliRunner().invoke(build_app(), ["catalog", "validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "All 1 file(s) are valid." in result.output


def test_cli_reports_a_missing_folder(tmp_path):
    result = CliRunner().invoke(build_app(), ["catalog", "validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no such file or folder" in result.output


def test_yaml_aliases_are_refused_before_they_can_expand(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20)
    )
    (error,) = errors_for(tmp_path, bomb)
    assert error == "platforms/linkedin.yaml:2: b[0]: YAML aliases (*name) are not allowed"


def test_huge_file_is_refused(tmp_path):
    (error,) = errors_for(tmp_path, "# " + "x" * 1_100_000 + "\n")
    assert error == "platforms/linkedin.yaml: larger than 1000 kB; is it the right file?"
