"""A step verified before its platform changed its policy in a way that may concern AI is marked "may be outdated" on
the plan and on the step's page. A person who chose to hear only of changes optout is sure of is not shown the mark
for a change optout is unsure of (the change itself stays on the watch pages); a sure change marks everyone's steps."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_plan
from optout.accounts.services import set_policy_news
from optout.catalog.services import record_policy_change

MARK = "may be outdated"


def _marked(client, person, step) -> tuple[bool, bool]:
    client.force_login(person)
    plan = client.get(reverse("plans:plan")).content.decode()
    page = client.get(reverse("plans:action", args=[step.number])).content.decode()
    return MARK in plan, 'id="policy-changed"' in page


def _change(*, sure: bool):
    record_policy_change("linkedin", "privacy-policy", "Privacy Policy", timezone.now() + dt.timedelta(days=1),
                         sure=sure)


@pytest.mark.parametrize(("sure", "bob_sees"), [(False, (False, False)), (True, (True, True))])
def test_a_change_marks_the_steps_of_those_who_hear_of_it(client, alice, bob, sure, bob_sees):
    """Alice hears of every change; Bob only of those optout is sure of."""
    alices, bobs = make_plan(alice, "EU", ["linkedin"])[0], make_plan(bob, "EU", ["linkedin"])[0]
    set_policy_news(bob, "sure")
    _change(sure=sure)
    assert _marked(client, alice, alices) == (True, True)
    assert _marked(client, bob, bobs) == bob_sees
