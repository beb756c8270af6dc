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
    uid = f"letter-{letter.number}.{alice.profile.calendar_id}@optout"
    event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid)
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
        return [e for e in calendar.walk("VEVENT") if "-receipt." in str(e["UID"])]

    [event] = receipt_events()
    assert event.decoded("DTSTART") == letter.confirm_by and "Receipt to be confirmed" in str(event["SUMMARY"])
    letters.record_answer(letter, "acknowledged")
    assert receipt_events() == []


def test_two_people_s_first_letters_never_share_an_event_in_one_calendar(alice, bob):
    """Two accounts (or two installs) imported into one calendar: each one's "letter 1" stays its own event."""
    from conftest import make_plan

    for person in (alice, bob):
        make_plan(person, "EU", ["instagram"])
        letter = letters.draft_request(person, platform="instagram", kind="objection", language="en", name="A",
                                       email=person.email)
        letters.mark_sent(letter, timezone.localdate(), "email")
    uids = [{str(e["UID"]) for e in Calendar.from_ical(services.calendar_for_user(person, "https://x.example"))
             .walk("VEVENT") if str(e["UID"]).startswith("letter-1.")} for person in (alice, bob)]
    assert len(uids[0]) == len(uids[1]) == 1 and not uids[0] & uids[1]


def test_an_overdue_letter_keeps_its_day_in_the_feed_said_as_past(client, alice, alice_plan):
    """It left the feed the day it became overdue, with the advice to write a reminder or a complaint."""
    import datetime as dt

    from optout.letters.services import reminders

    letter = letters.draft_request(alice, platform="instagram", kind="objection", language="en", name="Alice",
                                   email="alice@example.org")
    letters.mark_sent(letter, timezone.localdate() - dt.timedelta(days=60), "email")
    letter.refresh_from_db()
    feed = services.feed_for(alice, create=True)
    uid = f"letter-{letter.number}.{alice.profile.calendar_id}@optout"

    def event():
        calendar = Calendar.from_ical(_feed(client, feed.token).content)
        return next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid)

    before = event()
    assert str(before["SUMMARY"]).startswith("Answer due: ")
    assert reminders.run_due()["overdue"] == 1
    after = event()
    assert after.decoded("DTSTART") == letter.effective_deadline
    assert str(after["SUMMARY"]) == f"No answer in time: {letter.reference} ({letter.recipient_name})"
    assert "optout can write" in str(after["DESCRIPTION"]) and after["SEQUENCE"] > before["SEQUENCE"]


def test_an_extension_is_the_receipt_the_company_owed_so_its_day_leaves_the_feed(client, alice):
    """The notice of an extension shows the letter arrived: "Receipt to be confirmed" stayed pending after it."""
    from conftest import make_plan

    make_plan(alice, "US-CA", ["instagram"])
    letter = letters.draft_request(alice, platform="instagram", kind="ccpa-delete", language="en", name="Alice",
                                   email="alice@example.org")
    letters.mark_sent(letter, timezone.localdate(), "email")
    feed = services.feed_for(alice, create=True)
    letters.record_answer(letter, "extended", "We need 45 more days.")
    letter.refresh_from_db()
    calendar = Calendar.from_ical(_feed(client, feed.token).content)
    assert not [e for e in calendar.walk("VEVENT") if "-receipt." in str(e["UID"])]
    assert letter.status == "acknowledged" and letter.extended_deadline
