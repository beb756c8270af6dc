"""The platform page is mostly cached fragments (per catalog version, region, language and time zone); what
belongs to one person — their "My platforms" state, links only for the signed in — is never taken from them,
and a change shows up on the next request."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from optout.accounts.models import PlatformAccount, Profile
from optout.accounts.services import add_platform_account, set_region
from optout.catalog.loader import catalog
from optout.catalog.services import record_policy_change

URL = reverse("catalog:detail", args=["linkedin"]) + "?region=EU"
SAVED = "In My platforms"
ADD = "add to My platforms"


@pytest.mark.parametrize("with_profiles", [True, False])  # read with the profile, or asked on its own
def test_each_person_sees_their_own_saved_state_on_the_same_cached_page(alice, bob, alice_client, bob_client,
                                                                      with_profiles):
    if with_profiles:
        set_region(alice, "UK")
        set_region(bob, "US")
    add_platform_account(alice, "linkedin")
    add_platform_account(alice, "instagram")
    add_platform_account(bob, "instagram")
    alices = alice_client.get(URL).content.decode()
    bobs = bob_client.get(URL).content.decode()
    anonymous = Client().get(URL).content.decode()
    assert SAVED in alices and ADD not in alices
    assert SAVED not in bobs and ADD in bobs
    assert SAVED not in anonymous and ADD not in anonymous
    bob_client.post(reverse("accounts:platform_add"), {"platform": "linkedin"})
    assert SAVED in bob_client.get(URL).content.decode()
    assert SAVED in alice_client.get(URL).content.decode()
    PlatformAccount.objects.filter(owner=alice, platform="linkedin").delete()
    assert SAVED not in alice_client.get(URL).content.decode()
    assert SAVED in bob_client.get(URL).content.decode()


def test_links_for_the_signed_in_are_not_served_to_visitors_from_the_cache(alice_client):
    assert "Your corrections" in alice_client.get(URL).content.decode()
    assert "Your corrections" not in Client().get(URL).content.decode()


def test_a_policy_change_shows_at_the_top_of_the_page_on_the_next_request(client, db):
    slug = next(s for s, p in catalog().items() if p.watched_documents)
    url = reverse("catalog:detail", args=[slug]) + "?region=EU"
    assert 'id="policy-changed"' not in client.get(url).content.decode()
    assert 'id="policy-changed"' not in client.get(url).content.decode()
    record_policy_change(slug, catalog()[slug].watched_documents[0], "Privacy Policy",
                         dt.datetime(2030, 1, 2, 12, tzinfo=dt.UTC))
    html = client.get(url).content.decode()
    assert 'id="policy-changed"' in html and "2 January 2030" in html


def test_the_region_menu_follows_the_region_and_the_language(client, db):
    us = client.get(reverse("catalog:detail", args=["linkedin"]) + "?region=US").content.decode()
    eu = client.get(URL).content.decode()
    assert re.search(r'<option value="US" selected', us) and not re.search(r'<option value="US" selected', eu)
    assert re.search(r'<option value="EU" selected', eu)
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    german = client.get(URL).content.decode()
    assert "<html lang=\"de\">" in german and "Where do you live?" not in german


def test_the_profile_is_read_once_and_never_written_whatever_region_the_page_shows(alice, alice_client):
    set_region(alice, "EU")
    alice_client.get(URL)
    for url in (URL, reverse("catalog:detail", args=["linkedin"]) + "?region=UK"):
        with CaptureQueriesContext(connection) as captured:
            alice_client.get(url)
        profile_queries = [q["sql"] for q in captured.captured_queries if "accounts_profile" in q["sql"]]
        assert len(profile_queries) == 1 and profile_queries[0].lstrip().upper().startswith("SELECT"), url
    assert Profile.objects.get(owner=alice).region == "EU"


def test_a_signed_in_visit_costs_only_the_queries_about_this_person(alice, alice_client):
    set_region(alice, "EU")
    catalog_url = reverse("catalog:index") + "?region=EU"
    for url in (catalog_url, URL):
        alice_client.get(url)
    with CaptureQueriesContext(connection) as on_catalog:
        alice_client.get(catalog_url)
    with CaptureQueriesContext(connection) as on_platform:
        alice_client.get(URL)
    # the session, the user, and their profile with the header's unread count
    assert len(on_catalog.captured_queries) == 3, [q["sql"] for q in on_catalog.captured_queries]
    # ... and the platform's policy changes (whether it is in their platforms came with the profile)
    assert len(on_platform.captured_queries) == 4, [q["sql"] for q in on_platform.captured_queries]
