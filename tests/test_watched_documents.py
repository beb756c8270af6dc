"""The watched-documents data: valid, sourced, and naming only platforms in the catalog."""

from optout.catalog.loader import catalog
from optout.watch.declarations import validate_all


def test_every_declaration_is_valid_and_for_a_catalog_platform():
    result = validate_all()
    assert not result.errors, "\n".join(map(str, result.errors))
    assert set(result.records) <= set(catalog())
    assert len(result.records) == len(catalog())
    for declaration in result.records.values():
        assert declaration.sources
        assert any(d.type == "privacy-policy" for d in declaration.documents), declaration.platform
