"""The Meta objection: a code that expires in an hour, then waiting for review with a reminder."""

import datetime as dt

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import make_plan
from optout.notify.models import Notification
from optout.plans import services
from optout.plans.models import Action, Status


def _objection(alice):
    make_plan(alice, "EU", ["instagram"])
    return Action.objects.get(owner=alice, mechanism="eu-objection-form")


def test_requesting_the_code_starts_a_one_hour_countdown(alice_client, alice):
    action = _objection(alice)
    html = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    assert "start the clock" in html
    response = alice_client.post(reverse("plans:action_code", args=[action.number]), follow=True)
    html = response.content.decode()
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS
    assert abs(action.code_expires_at - timezone.now() - dt.timedelta(hours=1)) < dt.timedelta(minutes=1)
    assert f'data-countdown="{action.code_expires_at.isoformat()}"' in html
    assert "The code is valid until" in html and "Less than 10 minutes left" in html
    said = action.events.get(kind="code").text  # the history says where the hour comes from, as the page does
    assert said == "Code asked for. Guides report that it works for 60 minutes (the platform does not say)."
    dashboard = alice_client.get(reverse("plans:dashboard")).content.decode()
    assert "An e-mail code is waiting" in dashboard


def test_after_an_hour_the_page_says_the_code_expired(alice_client, alice):
    action = _objection(alice)
    services.request_code(action, now=timezone.now() - dt.timedelta(minutes=61))
    html = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    assert "The code has expired." in html and "data-countdown" not in html
    # the part that starts the clock is the current one again, no longer ticked off; the next part asks for no code
    code_part = html[html.index('<li id="code"'):html.index('<li id="sent"')]
    assert 'class="part current"' in code_part and "I asked for a new code — start the clock again" in code_part
    sent_part = html[html.index('<li id="sent"'):].split("</li>")[0]
    assert "Enter the code in the window the form opened" not in sent_part
    assert "The code has expired: submit the form again for a new one" in sent_part


def test_sending_moves_to_waiting_and_reminds_once_after_14_days(alice_client, alice):
    action = _objection(alice)
    services.request_code(action)
    response = alice_client.post(reverse("plans:action_sent", args=[action.number]), follow=True)
    assert "optout reminds you if nothing arrives within 14 days" in response.content.decode()
    action.refresh_from_db()
    assert action.status == Status.WAITING and action.code_expires_at is None
    assert services.run_due(timezone.now() + dt.timedelta(days=13))["reminded"] == 0
    later = timezone.now() + dt.timedelta(days=14, minutes=1)
    assert services.run_due(later)["reminded"] == 1
    assert services.run_due(later)["reminded"] == 0  # claimed: never twice
    note = Notification.objects.get(owner=alice)
    assert "No confirmation from Instagram yet" in note.text and note.emailed_at
    assert len(mail.outbox) == 1 and "No confirmation from Instagram" in mail.outbox[0].body
    assert "No confirmation from Instagram yet" in alice_client.get(reverse("plans:dashboard")).content.decode()


def test_steps_without_a_code_refuse_the_countdown(alice_client, alice):
    make_plan(alice, "EU", ["linkedin"])
    action = Action.objects.get(owner=alice)
    response = alice_client.post(reverse("plans:action_code", args=[action.number]), follow=True)
    assert "does not use an e-mail code" in response.content.decode()
    action.refresh_from_db()
    assert action.code_expires_at is None and action.status == Status.TODO


def test_the_reason_builder_uses_the_persons_own_words(alice_client, alice):
    action = _objection(alice)
    url = reverse("plans:action_reason", args=[action.number])
    data = {"contents": ["artwork", "face"], "harms": ["livelihood"], "own_words": "My comics pay my rent"}
    html = alice_client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert "I am a photographer" in html
    assert "my artwork and illustrations and photos and videos of my face" in html
    assert "I earn my living from this work" in html and "My comics pay my rent." in html
    assert "<html" not in html  # htmx gets only the fragment
    page = alice_client.post(url, data, follow=True).content.decode()  # without JavaScript: saved, page again
    assert "My comics pay my rent." in page and "Copy to clipboard" in page
