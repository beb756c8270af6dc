"""A sent letter's page says how optout counted its date — from which day, what a weekend does, an extension — and,
where the law's words allow another count, which reading optout follows and what the other gives: a date a day off
is a reminder sent too early."""

import datetime as dt
import re

from django.utils import timezone

from conftest import make_plan
from optout.letters import deadlines
from optout.letters import services as letters
from optout.letters.counting import how_counted
from optout.letters.regimes import regimes


def _counted(page: str) -> str:
    return " ".join(re.search(r'id="how-counted">(.*?)</details>', page, re.S).group(1).split())


def test_a_uk_letter_says_it_is_counted_as_the_ico_counts(alice, alice_client):
    make_plan(alice, "UK", ["instagram"])
    letter = letters.draft_request(alice, platform="instagram", kind="access", language="en", name="Alice",
                                   email="alice@example.org")
    assert 'id="how-counted"' not in alice_client.get(letter.get_absolute_url()).content.decode()  # no date yet
    letters.mark_sent(letter, timezone.localdate() - dt.timedelta(days=3), "email")
    said = _counted(alice_client.get(letter.get_absolute_url()).content.decode())
    assert said.startswith("<summary>How optout counts this date</summary> <p>1 month from the day the company "
                           "received your letter: the same date in the next month")
    assert "A last day on a weekend or a public holiday moves to the next working day." in said
    assert "If the company extends it, telling you within that time, the period is 3 months in all" in said
    assert "Counted as the ICO counts it" in said and "(Article 12A UK GDPR)" in said


def test_a_californian_letter_says_the_day_of_receipt_is_not_counted_and_the_date_agrees(alice, alice_client):
    make_plan(alice, "US-CA", ["instagram"])
    letter = letters.draft_request(alice, platform="instagram", kind="ccpa-delete", language="en", name="Alice",
                                   email="alice@example.org")
    sent = timezone.localdate() - dt.timedelta(days=2)
    letters.mark_sent(letter, sent, "email")
    letter.refresh_from_db()
    said = _counted(alice_client.get(letter.get_absolute_url()).content.decode())
    assert "45 calendar days after the day the company received your letter, that day not counted." in said
    assert "Cal. Civ. Code § 10" in said
    # what the words say is what the date is: 45 days after, moved off a weekend or holiday
    plain = deadlines.next_working_day(sent + dt.timedelta(days=45), deadlines.place_holidays("US", "US-CA"))
    assert letter.deadline == plain


def test_every_rule_of_every_law_can_be_said(settings):
    """Each rule's words come from its own facts; none is left without them."""
    for regime in regimes().values():
        for name, rule in regime.deadlines.items():
            said = how_counted(rule)
            assert said and all(sentence.endswith(".") for sentence in said), (regime.id, name)
    lgpd = how_counted(regimes()["lgpd"].deadlines["access"])
    assert lgpd[0] == "15 calendar days after the day you sent it, that day not counted."


def test_a_complaints_date_is_counted_from_the_day_the_authority_received_it():
    """It read "3 months from the day the company received your letter" on a complaint to the ICO."""
    rule = regimes()["uk-gdpr"].rule_for("complaint")
    said = how_counted(rule, "complaint")
    assert said[0].startswith("3 months from the day the authority received your complaint")
    assert "company" not in said[0]
