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


def test_one_step_is_said_in_the_singular_in_every_language(alice, alice_client):
    """"0 de 1 passos feitos", "0 z 1 kroków": the count of steps now chooses the plural form."""
    from optout.plans.selectors import progress

    make_plan(alice, "EU", ["linkedin"])
    total = progress(alice)["total"]
    assert total == 1, "a one-step plan (LinkedIn in Europe)"
    expected = {"en": "0 of 1 step done", "pt": "0 de 1 passo feito", "pl": "Ukończono 0 z 1 kroku",
                "de": "0 von 1 Schritt erledigt"}
    for language, said in expected.items():
        page = alice_client.get(reverse("plans:dashboard"), headers={"accept-language": language}).content.decode()
        assert said in page, language
