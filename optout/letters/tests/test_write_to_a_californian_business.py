"""California's law gives no right to object: its letters and the plan's step say what it does give — to know,
delete, correct, stop the sale or sharing, limit sensitive data — to whom (for-profit businesses above a size, which
optout cannot check), and a correction says what is wrong instead of an objection's "particular situation"."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from conftest import make_plan
from optout.letters import services as letters
from optout.letters.compose import LetterError
from optout.plans.models import Action


def _legal_step(user):
    return Action.objects.get(owner=user, mechanism="legal-request", platform="archive-of-our-own")


def test_a_correction_says_what_is_wrong_and_nothing_of_an_objection(alice, alice_client):
    make_plan(alice, "US-CA", ["youtube"])
    alice.profile.creator_kind = "musician"
    alice.profile.save()
    response = alice_client.post(reverse("letters:new"), {
        "platform": "youtube", "kind": "ccpa-correct", "language": "en", "name": "Alice Example",
        "email": "alice@example.org", "own_words": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Say which information about you is inaccurate and what is correct" in page
    letter = letters.draft_request(alice, platform="youtube", kind="ccpa-correct", language="en", name="Alice",
                                   email="alice@example.org", harms=["income"],
                                   own_words="My birth year is 1990, not 1970.")
    body = " ".join(letters.letter_for(letter).paragraphs)
    assert "The information about me that is inaccurate, and what is correct: My birth year is 1990, not 1970." in body
    assert "particular situation" not in body and "musician" not in body


def test_the_form_asks_a_californian_for_no_reasons_but_what_to_correct(alice, alice_client):
    make_plan(alice, "US-CA", ["youtube"])
    page = alice_client.get(reverse("letters:new")).content.decode()
    assert "What to correct" in page and "s law gives no right to object" in page
    assert "An objection uses them" not in page and 'name="harms"' not in page
    make_plan(alice, "EU", ["youtube"])
    assert "An objection uses them" in alice_client.get(reverse("letters:new")).content.decode()


def test_the_plans_written_request_in_california_promises_no_objection_and_says_whom_the_law_binds(
        alice, alice_client):
    make_plan(alice, "US-CA", ["archive-of-our-own"])
    step = _legal_step(alice)
    page = " ".join(alice_client.get(step.get_absolute_url()).content.decode().split())
    assert "lets you ask a business to delete your personal information, to stop selling or sharing it" in page
    assert "within 45 days" in page and "for-profit businesses above a certain size" in page
    assert "object to the use" not in page and "written objection" not in page


def test_a_californian_letter_says_optout_cannot_tell_whether_the_law_binds_the_company(alice, alice_client):
    make_plan(alice, "US-CA", ["archive-of-our-own"])
    letter = letters.draft_request(alice, platform="archive-of-our-own", kind="ccpa-delete", language="en",
                                   name="Alice", email="alice@example.org")
    letters.mark_sent(letter, timezone.localdate() - dt.timedelta(days=1), "email")
    page = alice_client.get(letter.get_absolute_url()).content.decode()
    assert 'id="ccpa-covers"' in page and "which optout cannot check for this company" in page


def test_a_correction_without_words_is_refused_in_the_pure_code_too(alice):
    make_plan(alice, "US-CA", ["youtube"])
    try:
        letters.draft_request(alice, platform="youtube", kind="ccpa-correct", language="en", name="Alice",
                              email="alice@example.org")
    except LetterError as exc:
        assert exc.field == "own_words"
    else:
        raise AssertionError("a correction that names nothing was drafted")


def test_an_opt_out_of_sale_is_to_be_acted_on_by_its_date_not_answered(alice, alice_client, client):
    """§ 7026(f) sets the day the company must stop selling or sharing; it owes no answer. The page and the calendar
    said "Answer due"."""
    from icalendar import Calendar

    from optout.plans import services as plans

    make_plan(alice, "US-CA", ["reddit"])
    letter = letters.draft_request(alice, platform="reddit", kind="ccpa-opt-out", language="en", name="Alice",
                                   email="alice@example.org")
    letters.mark_sent(letter, timezone.localdate(), "email")
    letter.refresh_from_db()
    page = alice_client.get(letter.get_absolute_url()).content.decode()
    assert "To be acted on by" in page and "Answer due by" not in page
    feed = plans.feed_for(alice, create=True)
    calendar = Calendar.from_ical(client.get(reverse("plans:calendar_feed", args=[feed.token])).content)
    [event] = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(f"letter-{letter.number}.")]
    assert str(event["SUMMARY"]).startswith("To be acted on: ") and "owes you no answer" in str(event["DESCRIPTION"])


def test_an_opt_out_past_its_day_is_not_said_to_be_unanswered(alice):
    """"Reddit did not answer … in time": the law owes no answer to an opt-out of sale; optout cannot tell whether
    the company acted."""
    from optout.notify.models import Notification

    make_plan(alice, "US-CA", ["reddit"])
    letter = letters.draft_request(alice, platform="reddit", kind="ccpa-opt-out", language="en", name="Alice",
                                   email="alice@example.org")
    letters.mark_sent(letter, timezone.localdate() - dt.timedelta(days=40), "email")
    letters.run_due()
    text = Notification.objects.filter(owner=alice).latest("id").text
    assert "had to act on" in text and "optout cannot tell whether it acted" in text and "did not answer" not in text
