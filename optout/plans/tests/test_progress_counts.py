"""The dashboard's figures add up to the steps the plan lists ("0 of 8 steps done" next to 12 steps was a puzzle)."""

import re

from django.urls import reverse

from conftest import make_plan
from optout.plans import services
from optout.plans.models import Status


def _numbers(html: str) -> dict:
    done, total = map(int, re.search(r"(\d+) of (\d+) steps done", html).groups())
    optional = re.search(r"(\d+) optional steps? (?:is|are) listed but not counted", html)
    apart = re.search(r"(\d+) steps? (?:does|do) not apply to you", html)
    return {"done": done, "total": total, "optional": int(optional.group(1)) if optional else 0,
            "not_applicable": int(apart.group(1)) if apart else 0}


def test_dashboard_counts_match_the_steps_listed(alice_client, alice):
    actions = make_plan(alice, "EU", ["instagram", "linkedin", "x", "facebook"], visibility="public")
    assert any(a.optional for a in actions)  # public work: going private is optional here
    services.set_status(actions[0], Status.DONE)
    services.set_status(actions[1], Status.NOT_APPLICABLE)
    numbers = _numbers(alice_client.get(reverse("plans:dashboard")).content.decode())
    plan = alice_client.get(reverse("plans:plan")).content.decode()
    listed = len(re.findall(r'<li class="action-row">', plan))
    assert numbers["total"] + numbers["optional"] + numbers["not_applicable"] == listed
    assert numbers["done"] == 1 and numbers["not_applicable"] == 1
    assert numbers["optional"] == sum(1 for a in actions if a.optional)
    assert _numbers(plan) == numbers  # the plan page says the same
