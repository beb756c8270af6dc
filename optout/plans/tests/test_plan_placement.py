"""Where a step sits in the plan follows what it does: only steps that cost reach are "Limit what is public" and
optional for people whose work must stay public (the issue: "Ask Meta about personal information of yours in
AI answers" sat under "Limit what is public" for one person and was "Optional: costs reach" for another)."""

from conftest import make_plan


def _steps(user, visibility):
    return {a.mechanism: a for a in make_plan(user, "EU", ["instagram"], visibility=visibility)}


def test_a_rights_request_is_a_form_step_for_everyone_and_optional_as_it_is_needed_only_sometimes(alice, bob):
    """Meta's form about personal information in AI answers needs the answer that showed it: a form step for
    everyone, counted by nobody (it kept every plan from being finished)."""
    for user, visibility in ((alice, "public"), (bob, "private")):
        ask = _steps(user, visibility)["third-party-information-form"]
        assert ask.stage == "forms" and ask.optional, (visibility, ask.stage, ask.optional)


def test_going_private_costs_reach_and_is_placed_by_how_public_you_need_to_be(alice, bob):
    public = _steps(alice, "public")["private-account"]
    private = _steps(bob, "private")["private-account"]
    assert public.stage == "limit" and public.optional
    assert private.stage == "quick" and not private.optional


def test_going_private_does_not_change_platform_fingerprints():
    """costs_reach places steps in plans; it is not a platform fact, so adding it sends nobody to re-check."""
    from optout.catalog.loader import catalog

    instagram = catalog()["instagram"]
    assert "costs_reach" not in str(instagram.model_dump(mode="json"))
    assert next(m for m in instagram.mechanisms if m.id == "private-account").costs_reach


def test_the_plan_says_why_each_optional_step_is_optional(alice, alice_client):
    """Meta's form, needed only in some situations, was badged "Optional: costs reach", which it does not."""
    import re

    from django.urls import reverse

    steps = _steps(alice, "public")
    page = alice_client.get(reverse("plans:plan")).content.decode()

    def badge(action):
        row = re.search(rf'<li class="action-row">\s*<a href="{re.escape(action.get_absolute_url())}".*?</li>', page, re.S)
        return row.group(0)

    assert "Optional: only in some situations" in badge(steps["third-party-information-form"])
    assert "costs reach" not in badge(steps["third-party-information-form"])
    assert "Optional: costs reach" in badge(steps["private-account"])
