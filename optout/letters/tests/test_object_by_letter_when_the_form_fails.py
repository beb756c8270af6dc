"""The objection form did not work, or the platform refused: a letter with the same reason takes over the step. The
step then says what the person did, once, and waits for the letter's answer by the letter's date, not its own."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from conftest import make_plan
from optout.letters import services
from optout.plans import services as plans
from optout.plans.models import Action, Event, Status
from optout.plans.services.reminders import run_due


def _parts(html: str) -> dict[str, bool]:
    return {name: "done" in state for name, state in re.findall(r'<li id="(\w+)" class="part([^"]*)"', html)}


def _objection(alice):
    make_plan(alice, "EU", ["instagram"])
    alice.profile.country = "DE"
    alice.profile.save()
    action = Action.objects.get(owner=alice, mechanism="eu-objection-form")
    plans.save_reason(action, language="en", contents=["artwork"], harms=[], own_words="")
    return action


def _send_letter(alice_client, alice, action):
    letter = services.draft_request(alice, platform="instagram", kind="objection", own_words="My drawings are my income.", language="en", name="Alice Example",
                                    address="Hauptstr. 1\n80331 München", email=alice.email, action=action)
    sent = alice_client.post(reverse("letters:sent", args=[letter.number]),
                             {"sent_on": timezone.localdate().isoformat(), "channel": "post"})
    assert sent.status_code == 302
    letter.refresh_from_db()
    return letter


def test_the_letter_takes_over_without_ticking_what_was_not_done_with_the_form(alice_client, alice):
    action = _objection(alice)
    alice_client.post(reverse("plans:action_opened", args=[action.number]), HTTP_X_REQUESTED_WITH="fetch")
    for _click in range(2):
        alice_client.post(reverse("plans:action_form_failed", args=[action.number]))
    notes = Event.objects.filter(action=action, kind=Event.Kind.NOTE).values_list("text", flat=True)
    assert list(notes) == ["The form did not work, or the platform refused: an objection letter with the same reason "
                           "instead."]
    letter = _send_letter(alice_client, alice, action)

    action.refresh_from_db()
    assert action.status == Status.WAITING and action.remind_at is None
    step = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    assert _parts(step) == {"reason": True, "form": True, "code": False, "sent": False, "confirmation": False}
    assert "you chose to object by letter instead, because the form did not work or the platform refused" in step
    assert "If nothing arrives by" not in step
    dashboard = alice_client.get(reverse("plans:dashboard")).content.decode()
    assert "optout reminds you on" not in dashboard and "within 14 days" not in dashboard

    # Two weeks on, the step does not remind of a confirmation from the form; the letter's deadline is a month.
    assert run_due(timezone.now() + dt.timedelta(days=15))["reminded"] == 0
    assert letter.deadline > timezone.localdate() + dt.timedelta(days=15)

    # The platform answers the letter: the step is done, by the letter, and the form's confirmation is still not ticked.
    services.record_answer(letter, "answered", "Meta confirmed my objection by letter.")
    step = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    assert _parts(step)["confirmation"] is False and 'id="letter-took-over"' in step


def test_an_objection_sent_with_the_form_and_then_refused_keeps_its_parts(alice_client, alice):
    action = _objection(alice)
    plans.objection_sent(action, now=timezone.now() - dt.timedelta(days=20))
    alice_client.post(reverse("plans:action_form_failed", args=[action.number]))
    _send_letter(alice_client, alice, action)
    action.refresh_from_db()
    assert action.remind_at is None  # the form's two weeks are over: the letter's deadline is the wait now
    step = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    assert _parts(step) == {"reason": True, "form": True, "code": True, "sent": True, "confirmation": False}


def test_a_step_waiting_for_the_form_says_when_optout_reminds(alice_client, alice):
    action = _objection(alice)
    alice_client.post(reverse("plans:action_sent", args=[action.number]))
    action.refresh_from_db()
    dashboard = alice_client.get(reverse("plans:dashboard")).content.decode()
    assert f"optout reminds you on {action.remind_at.day} " in dashboard and "if no confirmation has come" in dashboard


def test_once_a_letter_took_over_the_form_parts_are_not_offered_until_the_form_works_again(alice_client, alice):
    action = _objection(alice)
    alice_client.post(reverse("plans:action_form_failed", args=[action.number]))
    step = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    assert "— start the clock" not in step and "Not sent with the form: your letter takes over from here." in step
    assert "Write an objection letter with the same reason" not in step and "Use the form again" in step

    # A click from an old tab must not put the form's two-week reminder over the letter's deadline.
    refused = alice_client.post(reverse("plans:action_sent", args=[action.number]), follow=True)
    assert "A letter took over this objection" in refused.content.decode()
    assert alice_client.post(reverse("plans:action_code", args=[action.number])).status_code == 302
    action.refresh_from_db()
    assert action.status == Status.TODO and action.remind_at is None and action.code_expires_at is None

    again = alice_client.post(reverse("plans:action_form_again", args=[action.number]), follow=True).content.decode()
    assert "Back to the form" in again and "I have asked for the code — start the clock" in again
    assert 'id="letter-took-over"' not in again and "Write an objection letter with the same reason" in again
    assert Event.objects.filter(action=action, text="The form works after all: back to the form.").count() == 1


def test_once_the_letter_is_sent_the_step_stays_with_the_letter(alice_client, alice):
    action = _objection(alice)
    alice_client.post(reverse("plans:action_form_failed", args=[action.number]))
    letter = _send_letter(alice_client, alice, action)
    step = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    assert "Use the form again" not in step and "I sent the objection" not in step
    refused = alice_client.post(reverse("plans:action_form_again", args=[action.number]), follow=True).content.decode()
    assert "Your letter is sent, so this step follows the letter now" in refused and 'id="letter-took-over"' in refused
    action.refresh_from_db()
    assert action.status == Status.WAITING and action.remind_at is None
    assert alice_client.get(letter.get_absolute_url()).status_code == 200


def test_deleting_the_letter_that_took_over_opens_the_step_again(alice_client, alice):
    """The step went on saying "you chose to object by letter … the letter's page keeps its legal deadline" about a
    letter that no longer existed, and kept waiting for its answer."""
    action = _objection(alice)
    alice_client.post(reverse("plans:action_form_failed", args=[action.number]))
    letter = _send_letter(alice_client, alice, action)
    asked = alice_client.get(reverse("letters:delete", args=[letter.number])).content.decode()
    assert 'id="step-opens-again"' in asked and "it no longer waits for an answer" in asked
    alice_client.post(reverse("letters:delete", args=[letter.number]))
    action.refresh_from_db()
    assert action.status == Status.TODO
    step = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    assert 'id="letter-took-over"' not in step
    assert Event.objects.filter(action=action, text=f"Letter {letter.reference} deleted: this step is open again.").exists()


def test_a_letter_as_well_after_the_form_was_sent_records_no_failure(alice_client, alice):
    """With the objection sent through the form (waiting for the platform), the only way to a letter was "The form does
    not work, or the platform refused? Write an objection letter": a person who wanted a letter as well had the
    proof report say the form had failed."""
    action = _objection(alice)
    plans.objection_sent(action)
    step = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    assert 'id="letter-as-well"' in step and reverse("plans:action_form_failed", args=[action.number]) not in step
    link = re.search(r'id="letter-as-well"><a href="([^"]+)"', step).group(1).replace("&amp;", "&")
    assert f"action={action.number}" in link and "kind=objection" in link
    assert alice_client.get(link).status_code == 200
    from optout.plans.history import FORM_FAILED

    assert not Event.objects.filter(action=action, kind=Event.Kind.NOTE, said__said=FORM_FAILED).exists()
    assert "The form did not work" not in alice_client.get(reverse("plans:report")).content.decode()
