"""A person chooses, in their settings, whether they are told of every change of a platform's policies that may be
about AI, or only of those optout is sure of: half of the changes it cannot tell for sure are about AI are not."""

import re

from django.urls import reverse

from optout.accounts.models import Profile


def _checked(html: str) -> str:
    """The value of the checked choice of the policy-news radio buttons."""
    inputs = re.findall(r'<input[^>]*name="policy_news"[^>]*>', html)
    return next(re.search(r'value="(\w+)"', tag).group(1) for tag in inputs if "checked" in tag)


def test_every_change_is_told_until_the_person_asks_for_sure_ones_only(alice_client, alice, bob):
    page = alice_client.get(reverse("accounts:settings")).content.decode()
    assert "Every change that may be about AI (you miss fewest changes)" in page
    assert "Only changes optout is sure are about AI (fewer false alarms; you may miss some changes)" in page
    assert "about half of the changes it cannot tell for sure are about AI turn out not to be" in page
    assert f'href="{reverse("watch:index")}#how-far-to-trust"' in page
    assert _checked(page) == "all"

    saved = alice_client.post(reverse("accounts:policy_news"), {"policy_news": "sure"}, follow=True)
    assert "Saved." in saved.content.decode() and _checked(saved.content.decode()) == "sure"
    assert Profile.objects.get(owner=alice).policy_news == "sure"
    assert not Profile.objects.filter(owner=bob, policy_news="sure").exists(), "only the person's own setting"

    # the other form on the page keeps its own values: saving where one lives leaves this choice alone
    alice_client.post(reverse("accounts:settings"), {"region": "UK", "recheck_days": "30"})
    assert Profile.objects.get(owner=alice).policy_news == "sure"


def test_a_choice_optout_does_not_offer_is_refused_and_changes_nothing(alice_client, alice):
    alice_client.post(reverse("accounts:policy_news"), {"policy_news": "sure"})
    for posted, said in (({"policy_news": "never"}, "Select a valid choice. never is not one of the available choices."),
                         ({}, "This field is required.")):
        refused = alice_client.post(reverse("accounts:policy_news"), posted)
        assert refused.status_code == 400 and said in refused.content.decode()
    assert Profile.objects.get(owner=alice).policy_news == "sure"


def test_the_choice_needs_a_signed_in_person_and_a_post(alice_client):
    from django.test import Client

    anonymous = Client().post(reverse("accounts:policy_news"), {"policy_news": "sure"})
    assert anonymous.status_code == 302 and reverse("account_login") in anonymous["Location"]
    assert alice_client.get(reverse("accounts:policy_news")).status_code == 405


