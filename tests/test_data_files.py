"""The shipped data is valid, complete and documented."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optout.catalog.format_doc import generate
from optout.catalog.loader import validate_all
from optout.cli import build_app
from optout.lib import datacheck

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("check", sorted(datacheck.discover()))
def test_every_kind_of_data_is_valid(check):
    """What `optout data validate` runs: every file of every kind, and the references between them."""
    errors = datacheck.run([check])[check]
    assert not errors, "\n".join(map(str, errors))


def test_every_data_folder_has_a_check():
    checked = {"platforms", "documents", "crawlers", "site_guides", "authorities", "letters"}
    folders = {p.name for p in (ROOT / "optout" / "data").iterdir() if p.is_dir()}
    assert folders <= checked, f"register a check for {sorted(folders - checked)} (see optout/lib/datacheck.py)"


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_document_for_a_platform_missing_from_the_catalog_is_caught(tmp_path, monkeypatch):
    from optout.watch import declarations

    source = (declarations.DOCUMENTS_DIR / "linkedin.yaml").read_text(encoding="utf-8")
    (tmp_path / "myspace.yaml").write_text(source.replace("platform: linkedin", "platform: myspace"), encoding="utf-8")
    monkeypatch.setattr(declarations, "DOCUMENTS_DIR", tmp_path)
    result = CliRunner().invoke(build_app("data"), ["data", "validate"])
    assert result.exit_code == 1
    line = _line_of(tmp_path / "myspace.yaml", "platform: myspace")
    assert f"{tmp_path}/myspace.yaml:{line}: platform: no platform 'myspace' in the catalog" in result.output
    total = len(datacheck.discover())
    assert f"{total - 1} of {total} checks passed; 1 errors." in result.output


def test_a_lead_authority_without_a_file_is_caught(tmp_path, monkeypatch):
    from optout.catalog import loader

    folder = tmp_path / "platforms"
    shutil.copytree(loader.PLATFORMS_DIR, folder)
    path = next(p for p in sorted(folder.glob("*.yaml")) if "lead_authority: ie-dpc" in p.read_text(encoding="utf-8"))
    path.write_text(path.read_text(encoding="utf-8").replace("lead_authority: ie-dpc", "lead_authority: ie-nobody", 1),
                    encoding="utf-8")
    monkeypatch.setattr(loader, "PLATFORMS_DIR", folder)
    errors = datacheck.run(["lead-authorities"])["lead-authorities"]
    line = _line_of(path, "lead_authority: ie-nobody")
    assert len(errors) == 1 and str(errors[0]).startswith(f"{path}:{line}: owner.controllers[")
    assert str(errors[0]).endswith("].lead_authority: no authority 'ie-nobody' (optout/data/authorities/)")


def test_a_translation_that_loses_a_placeholder_is_caught(tmp_path, monkeypatch):
    from optout.letters import texts

    folder = tmp_path / "letters"
    shutil.copytree(texts.LETTERS_DIR, folder)
    german = folder / "de.yaml"
    key, value = next((k, v) for k, v in texts._flatten(texts._read(folder / "de.yaml")).items()
                      if isinstance(v, str) and texts.placeholders(v))
    lost = sorted(texts.placeholders(value))[0]
    german.write_text(german.read_text(encoding="utf-8").replace("{" + lost + "}", "", 1), encoding="utf-8")
    monkeypatch.setattr(texts, "LETTERS_DIR", folder)
    errors = datacheck.run(["letter-texts"])["letter-texts"]
    assert len(errors) == 1 and errors[0].file.endswith("de.yaml") and errors[0].field == ".".join(key)
    assert errors[0].line is not None and "placeholders" in errors[0].message


def test_the_format_doc_matches_the_schema():
    assert (ROOT / "docs" / "catalog-format.md").read_text(encoding="utf-8") == generate(), (
        "run: optout catalog format-doc > docs/catalog-format.md"
    )


def test_every_mechanism_is_sourced_and_dated():
    """A mechanism has a source, or says plainly (confidence low, with the reason) that none could be confirmed."""
    for platform in validate_all().platforms.values():
        for mechanism in platform.mechanisms:
            assert mechanism.sources or (mechanism.confidence == "low" and mechanism.confidence_reason), (
                platform.slug, mechanism.id)
            assert mechanism.last_verified <= dt.date.today()


def test_the_system_checks_refuse_bad_data(tmp_path, monkeypatch):
    """`manage.py check` (and so `optout serve`) runs the same checks."""
    from django.core.checks import run_checks

    from optout.watch import declarations

    source = (declarations.DOCUMENTS_DIR / "linkedin.yaml").read_text(encoding="utf-8")
    (tmp_path / "myspace.yaml").write_text(source.replace("platform: linkedin", "platform: myspace"), encoding="utf-8")
    monkeypatch.setattr(declarations, "DOCUMENTS_DIR", tmp_path)
    found = [message for message in run_checks(databases=[]) if message.id == "optout.E001"]
    assert len(found) == 1 and "no platform 'myspace' in the catalog" in found[0].msg


def test_a_law_whose_letters_miss_a_language_or_a_kind_is_caught(tmp_path, monkeypatch):
    from optout.letters import texts

    folder = tmp_path / "letters"
    shutil.copytree(texts.LETTERS_DIR, folder)
    (folder / "fadp" / "it.yaml").unlink()
    english = folder / "lgpd" / "en.yaml"
    english.write_text(english.read_text(encoding="utf-8").replace("  withdraw-consent:", "  withdraw-consnt:"), encoding="utf-8")
    monkeypatch.setattr(texts, "LETTERS_DIR", folder)
    messages = [str(error) for error in datacheck.run(["letter-texts"])["letter-texts"]]
    assert any("fadp/it.yaml" in m and "missing (regimes/fadp.yaml lists it)" in m for m in messages), messages
    assert any("lgpd/en.yaml" in m and "withdraw-consent" in m for m in messages), messages
