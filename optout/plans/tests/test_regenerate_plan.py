"""The plan follows the catalog and the person's answers without losing statuses or history."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from conftest import make_plan
from optout.accounts.services import set_region
from optout.plans import services
from optout.plans.models import Action, Event, Status


def _get(user, platform, mechanism):
    return Action.objects.get(owner=user, platform=platform, mechanism=mechanism)


def test_a_catalog_change_marks_done_actions_for_recheck_and_keeps_history(alice, alice_client):
    make_plan(alice, "EU", ["instagram", "linkedin"])
    done = _get(alice, "linkedin", "generative-ai-setting")
    services.set_status(done, Status.DONE, "switched off")
    untouched = _get(alice, "instagram", "eu-objection-form")
    history_before = list(done.events.values_list("kind", "to_status", "text"))
    # The shipped catalog changes: simulate a previous version by storing an old fingerprint.
    Action.objects.filter(owner=alice, platform="linkedin").update(fingerprint="0ld")
    Action.objects.filter(owner=alice, platform="instagram").update(fingerprint="0ld")
    html = alice_client.get(reverse("plans:dashboard")).content.decode()
    done.refresh_from_db()
    untouched.refresh_from_db()
    assert done.status == Status.NEEDS_RECHECK
    assert untouched.status == Status.TODO
    history = list(done.events.values_list("kind", "to_status", "text"))
    assert history[: len(history_before)] == history_before
    assert history[-1][:2] == (Event.Kind.CATALOG, Status.NEEDS_RECHECK)
    assert "Re-check due" in html and escape(done.title) in html
    # Once re-checked, it stays done until the catalog changes again.
    services.set_status(done, Status.DONE)
    services.refresh_plan(alice)
    done.refresh_from_db()
    assert done.status == Status.DONE


def test_moving_region_retires_steps_but_keeps_them_and_their_history(alice):
    make_plan(alice, "EU", ["instagram"])
    objection = _get(alice, "instagram", "eu-objection-form")
    services.set_status(objection, Status.WAITING, "sent on Monday")
    set_region(alice, "US")
    counts = services.refresh_plan(alice)
    objection.refresh_from_db()
    assert counts["retired"] == 1 and objection.retired_at is not None
    assert objection.status == Status.WAITING
    assert "no longer applies" in objection.retired_reason
    assert _get(alice, "instagram", "clean-up-public-posts").retired_at is None
    set_region(alice, "EU")
    services.refresh_plan(alice)
    objection.refresh_from_db()
    assert objection.retired_at is None and objection.status == Status.WAITING
    kinds = list(objection.events.values_list("kind", flat=True))
    assert kinds == [Event.Kind.CREATED, Event.Kind.STATUS, Event.Kind.RETIRED, Event.Kind.RESTORED]


def test_removing_an_account_retires_its_steps(alice, alice_client):
    make_plan(alice, "EU", ["instagram", "linkedin"])
    account = alice.platform_accounts.get(platform="linkedin")
    alice_client.post(reverse("accounts:platform_remove", args=[account.id]))
    html = alice_client.get(reverse("plans:plan")).content.decode()
    step = _get(alice, "linkedin", "generative-ai-setting")
    assert step.retired_at is not None and "You removed this account" in step.retired_reason
    assert "1 step no longer applies" in html


def test_regenerating_twice_changes_nothing(alice):
    make_plan(alice, "EU", ["instagram", "linkedin", "x"])
    before = list(Action.objects.filter(owner=alice).values())
    events = Event.objects.filter(owner=alice).count()
    counts = services.refresh_plan(alice, timezone.now() + dt.timedelta(days=1))
    assert counts == {"added": 0, "retired": 0, "restored": 0, "recheck": 0}
    assert list(Action.objects.filter(owner=alice).values()) == before
    assert Event.objects.filter(owner=alice).count() == events
