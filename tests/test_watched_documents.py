"""The watched-documents data: valid, sourced, and naming only platforms in the catalog."""

import re
from pathlib import Path

from optout.catalog.loader import catalog
from optout.watch.declarations import validate_all


def test_every_declaration_is_valid_and_for_a_catalog_platform():
    result = validate_all()
    assert not result.errors, "\n".join(map(str, result.errors))
    assert set(result.records) <= set(catalog())
    # A platform nobody could source a policy address for is not watched, and says no such thing.
    for slug, platform in catalog().items():
        if slug not in result.records:
            assert not platform.watched_documents, f"{slug} names watched documents but has no declaration"
    assert len(result.records) >= 0.9 * len(catalog()), "most platforms' policies are watched"
    for declaration in result.records.values():
        assert declaration.sources
        assert any(d.type == "privacy-policy" for d in declaration.documents), declaration.platform


def test_the_readme_counts_the_documents_the_data_files_declare():
    """The README's figure was written once and drifted (147 said, 130 declared): it is checked against the files."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    said = re.search(r"\bAI pages \((\d[\d,]*) documents,", readme)
    assert said, "the README no longer says how many documents the watcher watches where this test looks"
    declared = sum(len(declaration.documents) for declaration in validate_all().records.values())
    assert int(said.group(1).replace(",", "")) == declared
