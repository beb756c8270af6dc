"""Searching and ageing the catalog, on plain data."""

import datetime as dt

from optout.catalog import query, regions
from optout.catalog.loader import catalog


def test_search_ignores_case_and_accents():
    assert [p.slug for p in query.search(catalog().values(), "LÍNKEDIN")][:1] == ["linkedin"]


def test_every_word_must_match():
    assert query.search(catalog().values(), "linkedin zebra") == []


def test_stale_uses_last_verified_of_the_oldest_mechanism():
    platform = catalog()["linkedin"]
    day = platform.last_verified
    assert not query.is_stale(platform, 120, today=day + dt.timedelta(days=120))
    assert query.is_stale(platform, 120, today=day + dt.timedelta(days=121))


def test_regions_cover_their_groups():
    assert regions.covering("EU") == {"ALL", "EU", "EEA"}
    assert regions.covering("EEA") == {"ALL", "EEA"}
    assert regions.covering("US-CA") == {"ALL", "US", "US-CA"}
    assert regions.covering("OTHER") == {"ALL"}
    assert regions.from_country("de") == "EU"
    assert regions.from_country("NO") == "EEA"
    assert regions.from_country("GB") == "UK"
    assert regions.from_country("NZ") == "OTHER"
