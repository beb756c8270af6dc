"""A letter's date is not always an answer's: an authority is to say how a complaint stands, a UK company to
acknowledge a complaint, a Californian business to act on an opt-out, and some dates only the letter asks for. The
letter's page said so, but the message after marking it sent, the calendar, the list of letters, the dashboard, the
proof report and the command line all said "Answer due" (a complaint to the ICO: "The answer is due by …")."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from typer.testing import CliRunner

from conftest import make_plan
from optout.cli import build_app
from optout.letters import services
from optout.lib import dates
from optout.plans import services as plans


def _uk_complaints(alice):
    """A UK objection left unanswered, the complaint to the company, then the one to the ICO (both drafted)."""
    make_plan(alice, "UK", ["instagram"])
    letter = services.draft_request(alice, platform="instagram", kind="objection", language="en", name="Alice",
                                    email="alice@example.org", own_words="My drawings.")
    services.mark_sent(letter, timezone.localdate() - dt.timedelta(days=60), "email")
    services.run_due()
    letter.refresh_from_db()
    controller = services.make_controller_complaint(letter)
    return letter, controller


def _message(response) -> str:
    return str(list(response.context["messages"])[0])


def test_marking_complaints_sent_says_what_their_dates_are(alice, alice_client, client):
    letter, controller = _uk_complaints(alice)
    response = alice_client.post(reverse("letters:sent", args=[controller.number]),
                                 {"sent_on": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
                                  "channel": "email"}, follow=True)
    controller.refresh_from_db()
    assert _message(response) == f"Marked as sent. To be acknowledged by {dates.format_date(controller.deadline)}."
    services.run_due(timezone.now() + dt.timedelta(days=40))
    complaint = services.make_complaint(letter, "uk-ico")
    response = alice_client.post(reverse("letters:sent", args=[complaint.number]),
                                 {"sent_on": timezone.localdate().isoformat(), "channel": "form"}, follow=True)
    complaint.refresh_from_db()
    said = _message(response)
    assert said == (f"Marked as sent. The authority is to tell you how your complaint stands by "
                    f"{dates.format_date(complaint.deadline)}.")
    assert "answer is due" not in said.lower()

    feed = plans.feed_for(alice, create=True)
    calendar = Calendar.from_ical(client.get(reverse("plans:calendar_feed", args=[feed.token])).content)
    [event] = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(f"letter-{complaint.number}.")]
    assert str(event["SUMMARY"]) == f"Update from the authority due: {complaint.reference} ({complaint.recipient_name})"
    assert "authority must tell you how your complaint stands" in str(event["DESCRIPTION"])

    listed = " ".join(alice_client.get(reverse("letters:index")).content.decode().split())
    assert "Next date" in listed
    assert "Update from the authority due" in listed and "To be acknowledged" in listed
    assert "Answer due" not in listed  # the request itself, complained of, has no date ahead


def test_a_complaint_to_a_uk_company_is_to_be_acknowledged_in_the_calendar(alice, client):
    _, controller = _uk_complaints(alice)
    services.mark_sent(controller, timezone.localdate(), "email")
    feed = plans.feed_for(alice, create=True)
    calendar = Calendar.from_ical(client.get(reverse("plans:calendar_feed", args=[feed.token])).content)
    [event] = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(f"letter-{controller.number}.")]
    assert str(event["SUMMARY"]).startswith("To be acknowledged: ")
    # It said "The legal deadline for an answer.": s.164A(3) DPA 2018 sets only the acknowledgement's.
    assert "confirm it received your complaint" in str(event["DESCRIPTION"])
    assert "deadline for an answer" not in str(event["DESCRIPTION"])


def test_the_dashboard_and_the_proof_report_say_what_a_date_is(alice, alice_client):
    make_plan(alice, "US-CA", ["reddit"])
    letter = services.draft_request(alice, platform="reddit", kind="ccpa-opt-out", language="en", name="Alice",
                                    email="alice@example.org")
    services.mark_sent(letter, timezone.localdate(), "email")
    letter.refresh_from_db()
    page = " ".join(alice_client.get(reverse("plans:dashboard")).content.decode().split())
    assert f"To be acted on by {dates.format_date(letter.deadline)}." in page and "answer due by" not in page
    report = " ".join(alice_client.get(reverse("plans:report")).content.decode().split())
    assert "<dt>To be acted on</dt>" in report and "<dt>Answer due</dt>" not in report


def test_the_command_line_says_what_a_date_is(alice):
    make_plan(alice, "US-CA", ["reddit"])
    letter = services.draft_request(alice, platform="reddit", kind="ccpa-opt-out", language="en", name="Alice",
                                    email="alice@example.org")
    result = CliRunner().invoke(build_app(), ["letter", "mark-sent", str(letter.number), "--user", "alice"])
    assert result.exit_code == 0, result.output
    letter.refresh_from_db()
    assert f"To be acted on by {letter.deadline.isoformat()}." in result.output
    assert "answer is due" not in result.output
    listed = CliRunner().invoke(build_app(), ["letter", "list", "--user", "alice"], env={"COLUMNS": "200"})
    assert f"{letter.deadline.isoformat()} (to be acted on)" in listed.output
    as_json = CliRunner().invoke(build_app(), ["letter", "list", "--json", "--user", "alice"])
    assert '"deadline_is": "act_by"' in as_json.output


def test_the_command_line_says_when_a_letter_is_overdue_at_once(alice):
    make_plan(alice, "EU", ["linkedin"])
    letter = services.draft_request(alice, platform="linkedin", kind="access", language="en", name="Alice Example",
                                    email=alice.email)
    sent_on = timezone.localdate() - dt.timedelta(days=70)
    result = CliRunner().invoke(build_app(), ["letter", "mark-sent", str(letter.number), "--date", sent_on.isoformat(),
                                              "--user", "alice"])
    assert result.exit_code == 0, result.output
    letter.refresh_from_db()
    assert letter.status == "overdue"
    assert f"Answer due by {letter.deadline.isoformat()}." in result.output and "That date has passed" in result.output


def test_an_answered_letter_has_no_date_ahead_in_the_list(alice, alice_client):
    """A refused letter still showed "10 November 2026 — Answer due" as its next date."""
    make_plan(alice, "EU", ["linkedin"])
    letter = services.draft_request(alice, platform="linkedin", kind="access", language="en", name="Alice Example",
                                    email=alice.email)
    services.mark_sent(letter, timezone.localdate() - dt.timedelta(days=3), "email")
    services.record_answer(letter, "refused", told_on=timezone.localdate())
    listed = " ".join(alice_client.get(reverse("letters:index")).content.decode().split())
    assert "Answer due" not in listed.split("<tbody>", 1)[1]
    table = CliRunner().invoke(build_app(), ["letter", "list", "--user", "alice"], env={"COLUMNS": "200"})
    assert "(answer due)" not in table.output

