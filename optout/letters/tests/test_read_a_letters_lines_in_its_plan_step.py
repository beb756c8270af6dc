"""The lines a letter writes into the history of its plan step (sent, answered, refused) are said in the language of
the page that shows them, as the step's other lines are; the company's answer stays as the person pasted it."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from conftest import make_plan, step_history
from optout.letters import services as letters
from optout.plans.models import Action, Event
from optout.plans.services import save_reason


def test_a_letters_lines_in_its_step_follow_the_page(alice, alice_client):
    """They were written in the language of the moment: a person who changed language read both."""
    make_plan(alice, "EU", ["instagram"])
    alice.profile.country = "DE"
    alice.profile.save()
    action = Action.objects.get(owner=alice, mechanism="eu-objection-form")
    save_reason(action, language="en", contents=["artwork"], harms=[], own_words="")
    letter = letters.draft_request(alice, platform="instagram", kind="objection", own_words="My drawings are my income.", language="en",
                                   name="Alice Example", address="Hauptstr. 1\n80331 München", email=alice.email,
                                   action=action)
    sent_on = dt.date(2026, 12, 1) if timezone.localdate() >= dt.date(2026, 12, 1) else timezone.localdate()
    alice_client.cookies["django_language"] = "fr"  # the person writes in French; the page is read in others
    assert alice_client.post(reverse("letters:sent", args=[letter.number]),
                             {"sent_on": sent_on.isoformat(), "channel": "post"}).status_code == 302
    letter.refresh_from_db()
    letters.record_answer(letter, "answered", "Meta hat meinen Widerspruch bestätigt.")
    english, german = step_history(alice_client, action, "en"), step_history(alice_client, action, "de")
    reference = letter.reference
    due_en = f"{letter.deadline.day} {letter.deadline:%B %Y}"
    assert f"{reference}: Sent by post on {sent_on.day} {sent_on:%B %Y}. Answer due by {due_en}." in english
    assert f"{reference} answered. Meta hat meinen Widerspruch bestätigt." in english
    assert f"{reference}: Per Post gesendet am {sent_on.day}. " in german and "Antwort fällig" in german
    assert "Sent by post" not in german and " answered." not in german
    assert "Meta hat meinen Widerspruch bestätigt." in german
    assert "envoy" not in english.lower() and "envoy" not in german.lower()
    # the command line reads the English, dates as ISO dates
    sent = Event.objects.get(action=action, to_status="waiting")
    assert sent.text == f"{reference}: Sent by post on {sent_on.isoformat()}. Answer due by {letter.deadline.isoformat()}."

