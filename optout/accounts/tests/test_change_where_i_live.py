"""Changing the region on the settings page: a country saved before that is not in the new region stopped being
true, yet went on choosing the letters' language and the authorities to complain to."""

from django.urls import reverse

from optout.accounts.models import Profile
from optout.accounts.services import profile_for


def _settings(client, region: str):
    return client.post(reverse("accounts:settings"), {"region": region, "time_zone": "", "recheck_days": 90},
                       follow=True)


def test_a_region_the_country_is_not_in_forgets_the_country_and_says_so(alice, alice_client):
    profile_for(alice)
    Profile.objects.filter(owner=alice).update(country="GB", region="UK")
    page = _settings(alice_client, "EU").content.decode()
    assert "The country you gave before is not in the region you chose" in page
    assert Profile.objects.filter(owner=alice).values_list("country", "region").get() == ("", "EU")


def test_a_region_the_country_is_in_keeps_it_quietly(alice, alice_client):
    profile_for(alice)
    Profile.objects.filter(owner=alice).update(country="DE", region="EU")
    page = _settings(alice_client, "EU").content.decode()
    assert "The country you gave before" not in page
    assert Profile.objects.filter(owner=alice).values_list("country", "region").get() == ("DE", "EU")
