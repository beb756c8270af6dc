"""A sent request's answer deadline shows in the person's private calendar feed."""

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from optout.letters import services as letters
from optout.plans import services


def _feed(client, token):
    return client.get(reverse("plans:calendar_feed", args=[token]))


def test_letter_deadlines_are_in_the_feed_too(client, alice, alice_plan):
    letter = letters.draft_request(alice, platform="instagram", kind="objection", language="en", name="Alice",
                                   email="alice@example.org")
    letters.mark_sent(letter, timezone.localdate(), "email")
    feed = services.feed_for(alice, create=True)
    calendar = Calendar.from_ical(_feed(client, feed.token).content)
    event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == f"letter-{alice.id}-{letter.number}@optout")
    assert event.decoded("DTSTART") == letter.deadline and letter.reference in str(event["SUMMARY"])


def test_the_day_a_company_must_confirm_receipt_is_in_the_feed_until_it_has(client, alice):
    from conftest import make_plan

    make_plan(alice, "US-CA", ["instagram"])
    letter = letters.draft_request(alice, platform="instagram", kind="ccpa-delete", language="en", name="Alice",
                                   email="alice@example.org")
    letters.mark_sent(letter, timezone.localdate(), "email")
    letter.refresh_from_db()
    assert letter.confirm_by
    feed = services.feed_for(alice, create=True)

    def receipt_events():
        calendar = Calendar.from_ical(_feed(client, feed.token).content)
        return [e for e in calendar.walk("VEVENT") if str(e["UID"]).endswith("-receipt@optout")]

    [event] = receipt_events()
    assert event.decoded("DTSTART") == letter.confirm_by and "Receipt to be confirmed" in str(event["SUMMARY"])
    letters.record_answer(letter, "acknowledged")
    assert receipt_events() == []
