"""Exporting a plan and importing it elsewhere reproduces it exactly: steps, history and proof."""

import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CONFIRMATION_EML, make_plan, make_user, png_bytes
from optout.plans import services
from optout.plans.models import Status
from optout.plans.transfer import PlanImportError


def _comparable(user):
    """The export, less the calendar's id: it moves with the plan to another optout, not to a second account."""
    document, files = services.export_document(user, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    document["profile"].pop("calendar_id")
    return document, files


def test_export_then_import_into_a_fresh_account_is_lossless(alice, bob, alice_client, bob_client):
    actions = make_plan(alice, "EU", ["instagram", "linkedin", "x"])
    services.set_status(actions[0], Status.DONE, "turned off")
    services.add_screenshot(actions[0], png_bytes(), "setting.png", "the switch")
    services.request_code(actions[2])
    services.objection_sent(actions[2])
    services.add_email(actions[2], CONFIRMATION_EML, "meta.eml")
    services.add_note(actions[1], "Grok setting moved again")
    response = alice_client.post(reverse("plans:export"))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="optout-plan-')
    upload = io.BytesIO(response.getvalue())  # a zip is streamed
    upload.name = "plan.zip"
    result = bob_client.post(reverse("plans:import"), {"file": upload}, follow=True)
    html = result.content.decode()
    assert "Imported your plan: 6 steps" in html, html[html.find("errorlist"):][:500]
    assert _comparable(bob) == _comparable(alice)
    report = bob_client.get(reverse("plans:report")).content.decode()
    assert "turned off" in report and "the switch" in report and "We’ll honour your objection" in report


def test_a_plan_without_files_exports_as_json(alice, alice_client):
    make_plan(alice, "UK", ["linkedin"])
    response = alice_client.post(reverse("plans:export"))
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert (data["format"], data["version"]) == ("optout-plan", 7)
    assert data["profile"]["region"] == "UK"
    assert data["actions"][0]["events"][0]["kind"] == "created"


def test_import_refuses_to_overwrite_a_plan_unless_asked(alice, bob):
    make_plan(alice, "EU", ["linkedin"])
    before = len(make_plan(bob, "US", ["instagram", "x"]))
    export = services.export_plan(alice).content
    with pytest.raises(PlanImportError, match=f"already has a plan with {before} steps"):
        services.import_plan(bob, export)
    assert bob.plan_actions.count() == before
    services.import_plan(bob, export, replace=True)
    assert list(bob.plan_actions.values_list("platform", flat=True)) == ["linkedin"]


statuses = st.sampled_from([s.value for s in Status])
texts = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=60)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(st.integers(0, 20), statuses, texts), max_size=12), notes=st.lists(texts, max_size=4),
       handle=texts, region=st.sampled_from(["EU", "US", "UK", "BR", "US-CA", "OTHER"]))
def test_export_import_round_trip_is_lossless_for_any_history(db, changes, notes, handle, region):
    from optout.accounts.services import add_platform_account

    stamp = timezone.now().timestamp()
    source, target = make_user(f"a{stamp}@example.org"), make_user(f"b{stamp}@example.org")
    actions = make_plan(source, region, ["instagram", "linkedin", "x", "tumblr"])
    if handle.strip():
        add_platform_account(source, "instagram", handle)
        services.refresh_plan(source)
        actions = list(source.plan_actions.order_by("number"))
    for index, status, text in changes:
        services.set_status(actions[index % len(actions)], status, text)
    for index, text in enumerate(notes):
        if text.strip():
            services.add_note(actions[index % len(actions)], text)
    services.import_plan(target, services.export_plan(source).content)
    assert _comparable(target) == _comparable(source)


def test_the_choice_of_policy_news_is_exported_and_comes_back_with_an_import(alice, bob):
    """Which policy changes reach the person (their settings) moves with the plan; an export made before the choice
    existed (format 2) leaves an account's own choice as it is, and a new account hears of every change."""
    from optout.accounts.services import profile_for, set_email_news, set_policy_news

    set_policy_news(alice, "sure")
    set_email_news(alice, False)
    export = services.export_plan(alice).content
    assert '"policy_news": "sure"' in export.decode() and '"email_news": false' in export.decode()
    services.import_plan(bob, export)
    assert profile_for(bob).policy_news == "sure" and profile_for(bob).email_news is False
    older = json.loads(export)
    older["version"] = 2
    del older["profile"]["policy_news"]
    services.import_plan(bob, json.dumps(older).encode(), replace=True)  # the file says nothing of it: bob's stays
    assert profile_for(bob).policy_news == "sure"
    carol = make_user("carol@example.org")
    services.import_plan(carol, json.dumps(older).encode())
    assert profile_for(carol).policy_news == "all"


def test_a_plan_moved_to_another_optout_keeps_its_calendar_events_ids(alice, bob, alice_client, bob_client):
    """The events' ids changed with the move: a calendar file downloaded afterwards doubled every date, and the old
    copies never moved again. A copy into a second account on the same optout keeps that account's own ids."""
    from icalendar import Calendar

    from optout.accounts.services import profile_for

    actions = make_plan(alice, "EU", ["instagram"])
    services.set_status(actions[0], Status.DONE, "turned off")  # a re-check date
    alice_ids = {str(e["UID"]) for e in Calendar.from_ical(services.calendar_for_user(alice, "https://x.example"))
                 .walk("VEVENT")}
    assert alice_ids
    exported = alice_client.post(reverse("plans:export")).content
    bob_calendar = profile_for(bob).calendar_id

    copy = io.BytesIO(exported)
    copy.name = "plan.json"
    assert "Imported your plan" in bob_client.post(reverse("plans:import"), {"file": copy}, follow=True).content.decode()
    assert profile_for(bob).calendar_id == bob_calendar  # alice still has hers here

    alice.delete()  # the move: the plan now lives only in the file
    moved = io.BytesIO(exported)
    moved.name = "plan.json"
    response = bob_client.post(reverse("plans:import"), {"file": moved, "replace": "on"}, follow=True)
    assert "Imported your plan" in response.content.decode()
    bob_ids = {str(e["UID"]) for e in Calendar.from_ical(services.calendar_for_user(bob, "https://x.example"))
               .walk("VEVENT")}
    assert bob_ids == alice_ids
