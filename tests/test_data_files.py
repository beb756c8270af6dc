"""The shipped data is valid, complete and documented."""

import datetime as dt
from pathlib import Path

from optout.catalog.format_doc import generate
from optout.catalog.loader import validate_all

ROOT = Path(__file__).resolve().parent.parent


def test_the_catalog_is_valid():
    result = validate_all()
    assert result.errors == []


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
