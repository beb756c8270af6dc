"""Moving a step through its statuses: every change is an event, and history is never rewritten."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from optout.accounts.services import set_recheck_days
from optout.plans import services
from optout.plans.models import Event, Status


def test_marking_done_records_an_event_and_a_recheck_date(alice_client, alice, alice_plan):
    action = alice_plan[0]
    response = alice_client.post(reverse("plans:action_status", args=[action.number]), {"status": "done"}, follow=True)
    html = response.content.decode()
    assert "Saved: Done." in html and "Re-check on" in html
    action.refresh_from_db()
    assert action.status == Status.DONE
    assert abs((action.recheck_at - timezone.now()) - dt.timedelta(days=90)) < dt.timedelta(minutes=1)
    event = action.events.last()
    assert (event.kind, event.from_status, event.to_status) == (Event.Kind.STATUS, Status.TODO, Status.DONE)


def test_the_recheck_interval_is_a_personal_setting(alice, alice_plan):
    set_recheck_days(alice, 30)
    action = services.set_status(alice_plan[0], Status.DONE)
    assert abs((action.recheck_at - timezone.now()) - dt.timedelta(days=30)) < dt.timedelta(minutes=1)


def test_every_status_is_reachable_and_history_only_grows(alice_client, alice, alice_plan):
    action = alice_plan[0]
    seen = []
    for status in ["in_progress", "waiting", "rejected", "not_applicable", "needs_recheck", "done", "todo"]:
        alice_client.post(reverse("plans:action_status", args=[action.number]), {"status": status, "note": f"now {status}"})
        history = list(action.events.order_by("at", "id").values_list("id", "to_status", "text"))
        assert history[: len(seen)] == seen
        seen = history
        assert history[-1][1:] == (status, f"now {status}")
    html = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    assert html.count("now ") >= 7 and "Waiting for the platform" in html


def test_an_unknown_status_is_refused_and_nothing_changes(alice_client, alice_plan):
    action = alice_plan[0]
    response = alice_client.post(reverse("plans:action_status", args=[action.number]), {"status": "finished"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    action.refresh_from_db()
    assert action.status == Status.TODO and action.events.count() == 1


def test_the_step_page_shows_the_steps_for_the_region_with_links_in_new_tabs(alice_client, alice):
    from conftest import make_plan

    actions = {a.mechanism: a for a in make_plan(alice, "EU", ["linkedin"])}
    html = alice_client.get(reverse("plans:action", args=[actions["generative-ai-setting"].number])).content.decode()
    assert 'href="https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement" target="_blank" rel="noopener noreferrer"' in html
    assert "(opens in a new tab)" in html
