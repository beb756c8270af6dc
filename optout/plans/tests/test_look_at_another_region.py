"""A signed-in person looks at the catalog's steps for another region than theirs: their region, and so their plan,
stay as they are, and the page says whose steps these are."""

from html import unescape

from django.urls import reverse

from conftest import make_plan
from optout.plans.models import Action, Status
from optout.plans.services import set_status


def text_of(response) -> str:
    return unescape(response.content.decode())


def test_looking_at_another_region_leaves_a_signed_in_persons_region_and_plan_alone(alice_client, alice):
    """Picking a region on a catalog page is for looking: it once became the person's region, and a step of their plan
    that does not apply there (Instagram's EU objection, waiting for Meta's answer) silently left their plan."""
    objection = next(a for a in make_plan(alice, "EU", ["instagram"]) if a.mechanism == "eu-objection-form")
    set_status(objection, Status.WAITING)
    for url in (reverse("catalog:detail", args=["instagram"]), reverse("catalog:index")):
        page = text_of(alice_client.get(url, {"region": "US"}))
        assert ("These are the steps for United States. Your own region, for which your plan is made, "
                "is European Union: looking at another one here does not change it.") in page
        assert f'<a href="{reverse("accounts:settings")}">Moved? Change where you live in your settings</a>' in page
    htmx = text_of(alice_client.get(reverse("catalog:index"), {"region": "UK"}, headers={"HX-Request": "true"}))
    assert "These are the steps for United Kingdom." in htmx
    alice.profile.refresh_from_db()
    assert alice.profile.region == "EU"
    assert alice_client.get(reverse("plans:plan")).status_code == 200  # the plan page brings the plan in line
    assert Action.objects.get(pk=objection.pk).retired_at is None

    # Without a region asked for, the person's own is shown, whatever they looked at last, and nothing more is said.
    own = text_of(alice_client.get(reverse("catalog:detail", args=["instagram"])))
    assert "What you can do in European Union" in own and "region-not-theirs" not in own
    assert "region-not-theirs" not in text_of(alice_client.get(reverse("catalog:detail", args=["instagram"]),
                                                                {"region": "EU"}))
