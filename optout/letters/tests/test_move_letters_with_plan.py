"""Moving house: the plan export carries letters with their history, deadlines (a stopped clock too) and their
link to the plan step; export → import → export is identical, and a damaged file changes nothing."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from conftest import make_plan
from optout.letters import services
from optout.letters.models import LetterRequest, Status
from optout.plans import services as plans
from optout.plans.transfer import PlanImportError

NOW = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)


def document(user):
    """The export, less the calendar's id: it moves with the plan to another optout, not to a second account."""
    found, _files = plans.export_document(user, now=NOW)
    found["profile"].pop("calendar_id")
    return found


@pytest.fixture
def uk_letters(alice):
    actions = make_plan(alice, "UK", ["instagram", "linkedin"])
    alice.profile.country = "GB"
    alice.profile.save()
    step = next(a for a in actions if a.platform == "instagram")
    today = timezone.localdate()
    first = services.draft_request(alice, platform="instagram", kind="objection", language="en", name="Alice Example",
                                   address="1 High Street\nLondon N1 1AA", email="alice@example.org", action=step,
                                   own_words="My drawings are my living")
    services.mark_sent(first, today - dt.timedelta(days=45), "email")
    services.run_due()
    first.refresh_from_db()
    reminder = services.make_follow_up(first)
    complaint = services.make_controller_complaint(first)
    services.mark_sent(complaint, today - dt.timedelta(days=3), "post")
    access = services.draft_request(alice, platform="linkedin", kind="access", language="en", name="Alice Example",
                                    email="alice@example.org")
    services.mark_sent(access, today - dt.timedelta(days=10), "email")
    services.pause_clock(access, today - dt.timedelta(days=5), "clarify")
    return {"first": first, "reminder": reminder, "complaint": complaint, "access": access, "step": step}


def test_export_import_export_of_a_plan_with_letters_is_identical(alice, bob, uk_letters):
    exported = plans.export_plan(alice).content
    data = json.loads(exported)
    assert data["version"] == 7 and len(data["letters"]) == 4
    assert {item["kind"] for item in data["letters"]} == {"objection", "follow-up", "controller-complaint", "access"}
    plans.import_plan(bob, exported)
    assert document(bob) == document(alice)

    moved = {letter.kind: letter for letter in LetterRequest.objects.filter(owner=bob)}
    assert moved["objection"].action.owner == bob and moved["objection"].action.number == uk_letters["step"].number
    assert moved["follow-up"].parent == moved["objection"] and moved["controller-complaint"].parent == moved["objection"]
    assert moved["objection"].status == Status.OVERDUE and moved["objection"].own_words == "My drawings are my living"
    assert moved["objection"].events.count() == uk_letters["first"].events.count()
    assert moved["objection"].sent_copy and moved["objection"].sent_copy == LetterRequest.objects.get(
        pk=uk_letters["first"].pk).sent_copy  # the letter as sent moves with it, not re-written by the new install
    assert [e.described for e in moved["objection"].events.all()] == [e.described for e in uk_letters["first"].events.all()]
    assert moved["controller-complaint"].deadline == uk_letters["complaint"].deadline
    assert moved["access"].paused_on == timezone.localdate() - dt.timedelta(days=5)
    assert moved["access"].effective_deadline is None and moved["access"].pause_reason == "clarify"
    # The moved letters work: the stopped clock starts again, the history of the complaint is the same.
    services.resume_clock(moved["access"], timezone.localdate())
    assert moved["access"].effective_deadline is not None
    assert services.timeline(moved["controller-complaint"]) == services.timeline(uk_letters["complaint"])


def test_letters_never_overwrite_letters_unless_asked(alice, bob, uk_letters):
    exported = plans.export_plan(alice).content
    services.draft_request(bob, platform="instagram", kind="plain", language="en", name="Bob", email="bob@example.org")
    with pytest.raises(PlanImportError, match="already has 1 letter\\."):
        plans.import_plan(bob, exported)
    assert LetterRequest.objects.filter(owner=bob).count() == 1
    plans.import_plan(bob, exported, replace=True)
    assert LetterRequest.objects.filter(owner=bob).count() == 4


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["letters"][1].update(parent=99), "letters[1].parent: no letter 99 in the file"),
    (lambda d: d["letters"][0].update(parent=d["letters"][1]["number"]), "follows itself"),
    (lambda d: d["letters"][0].update(action=999), "letters[0].action: no step 999 in the plan"),
    (lambda d: d["letters"][0].update(kind="ccpa-know"), "letters[0].kind: 'ccpa-know' is not a letter under UK GDPR"),
    (lambda d: d["letters"][0].update(deadline="9999-01-01"), "letters[0].deadline: the date 9999-01-01 is outside"),
    (lambda d: d["letters"][0]["events"][0].update(at="2999-01-01T00:00:00+00:00"), "letters[0].events[0].at"),
    (lambda d: d["letters"][0].update(status="lost"), "letters[0].status"),
    (lambda d: d["letters"][0]["events"][0].update(what="exploded"), "letters[0].events[0].what"),
    (lambda d: d["letters"][0]["events"][0].update(facts={str(n): "x" for n in range(7)}), "letters[0].events[0].facts"),
    (lambda d: d["letters"][0].update(recipient_form="javascript:alert(1)"), "letters[0].recipient_form"),
    (lambda d: d["letters"][0].update(recipient_form="data:text/html,<b>x</b>"), "letters[0].recipient_form"),
    (lambda d: d["letters"].append(dict(d["letters"][0])), "two letters have the same number"),
    (lambda d: d.update(letters=[{}] * 2001), "2001 letters is more than optout accepts"),
])
def test_a_damaged_letter_is_named_and_nothing_is_imported(alice, bob, uk_letters, change, message):
    data = json.loads(plans.export_plan(alice).content)
    change(data)
    with pytest.raises(PlanImportError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[").replace("]", r"\]")):
        plans.import_plan(bob, json.dumps(data).encode())
    assert not LetterRequest.objects.filter(owner=bob).exists() and not bob.plan_actions.exists()


def test_an_export_from_before_letters_still_imports(alice, bob):
    make_plan(alice, "EU", ["linkedin"])
    data = json.loads(plans.export_plan(alice).content)
    data["version"] = 1
    del data["letters"]
    plans.import_plan(bob, json.dumps(data).encode())
    assert bob.plan_actions.count() == alice.plan_actions.count()
