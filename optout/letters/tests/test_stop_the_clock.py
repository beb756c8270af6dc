"""UK: "they asked me for information" stops the clock (Art. 12A UK GDPR), and a complaint goes to the
company first (s.164A DPA 2018), then to the regulator once the company's 30 days are up."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_plan
from optout.letters import services
from optout.letters.models import LetterRequest, Status


@pytest.fixture
def uk_letter(alice):
    make_plan(alice, "UK", ["instagram"])
    alice.profile.country = "GB"
    alice.profile.save()
    return services.draft_request(alice, platform="instagram", kind="access", language="en", name="Alice Example",
                                  address="1 High Street\nLondon N1 1AA", email="alice@example.org")


def test_a_clarification_stops_and_restarts_the_uk_clock(alice_client, uk_letter):
    today = timezone.localdate()
    sent = today - dt.timedelta(days=20)
    services.mark_sent(uk_letter, sent, "email")
    uk_letter.refresh_from_db()
    before = uk_letter.deadline
    page = alice_client.get(uk_letter.get_absolute_url()).content.decode()
    assert "They asked me for information" in page and "Article 12A UK GDPR" in page

    asked = sent + dt.timedelta(days=3)
    response = alice_client.post(reverse("letters:pause", args=[uk_letter.number]),
                                 {"asked_on": asked.isoformat(), "reason": "clarify"}, follow=True)
    assert "The clock is stopped" in response.content.decode()
    uk_letter.refresh_from_db()
    assert uk_letter.paused_on == asked and uk_letter.effective_deadline is None
    # Nothing is due while the clock is stopped: the tick neither reminds nor marks it overdue.
    assert services.run_due(timezone.now() + dt.timedelta(days=60)) == {"reminded": 0, "overdue": 0}

    answered = asked + dt.timedelta(days=4)
    response = alice_client.post(reverse("letters:resume", args=[uk_letter.number]), {"answered_on": answered.isoformat()}, follow=True)
    assert "The clock runs again" in response.content.decode()
    uk_letter.refresh_from_db()
    assert uk_letter.paused_on is None and uk_letter.paused_days == 5  # the day they asked to the day they got it
    assert uk_letter.deadline >= before + dt.timedelta(days=5)
    assert uk_letter.deadline <= before + dt.timedelta(days=8)  # at most a weekend or bank holiday more
    said = [e.described for e in uk_letter.events.all()]
    assert said[-2] == f"Clock stopped on {asked.day} {asked:%B %Y}: the company asked for clarification."
    assert said[-1].startswith(f"Clock running again from {answered.day} {answered:%B %Y}. Answer due by ")
    assert said[-2] in " ".join(response.content.decode().split())  # the letter's page shows them so


def test_proof_of_identity_restarts_the_clock_and_other_laws_do_not_pause(alice, uk_letter, bob):
    today = timezone.localdate()
    services.mark_sent(uk_letter, today - dt.timedelta(days=10), "email")
    services.pause_clock(uk_letter, today - dt.timedelta(days=8), "identity")
    services.resume_clock(uk_letter, today - dt.timedelta(days=2))
    # the time runs from the day the proof came; the day the letter was received stays as it was (the proof report
    # said "received" on the day the proof came)
    assert uk_letter.clock_from == today - dt.timedelta(days=2)
    assert uk_letter.received_on == today - dt.timedelta(days=10)
    assert uk_letter.deadline >= today - dt.timedelta(days=2) + dt.timedelta(days=28)

    make_plan(bob, "EU", ["instagram"])
    eu = services.draft_request(bob, platform="instagram", kind="access", language="en", name="Bob", email="bob@example.org")
    services.mark_sent(eu, today, "email")
    with pytest.raises(services.RequestError, match="does not stop this letter's clock"):
        services.pause_clock(eu, today, "clarify")
    assert services.pause_reasons(eu) == []


def test_a_uk_complaint_goes_to_the_company_first(alice_client, uk_letter):
    services.mark_sent(uk_letter, timezone.localdate() - dt.timedelta(days=40), "email")
    services.run_due()
    uk_letter.refresh_from_db()
    assert uk_letter.status == Status.OVERDUE
    page = alice_client.get(uk_letter.get_absolute_url()).content.decode()
    assert "complain to the company itself first" in page and 'name="authority"' not in page
    with pytest.raises(services.RequestError, match="complain to the company first"):
        services.make_complaint(uk_letter, "uk-ico")

    response = alice_client.post(reverse("letters:controller_complaint", args=[uk_letter.number]), follow=True)
    first = LetterRequest.objects.get(kind="controller-complaint")
    text = alice_client.get(reverse("letters:download", args=[first.number, "txt"])).content.decode()
    assert "section 164A of the Data Protection Act 2018" in text and first.recipient_name == uk_letter.recipient_name
    assert "Your complaint to the company is drafted" in response.content.decode()

    sent = timezone.localdate() - dt.timedelta(days=31)
    services.mark_sent(first, sent, "email")
    first.refresh_from_db()
    assert first.deadline == sent + dt.timedelta(days=29)  # 30 days beginning with the day of receipt
    with pytest.raises(services.RequestError, match="still within the 30 days"):
        services.make_complaint(uk_letter, "uk-ico")
    services.run_due()
    page = alice_client.get(uk_letter.get_absolute_url()).content.decode()
    assert 'type="radio" name="authority" value="uk-ico"' in page and "checked" in page.split('value="uk-ico"')[1][:40]
    assert "within three months of your last contact with the company" in page  # the ICO's own time limit
    alice_client.post(reverse("letters:complaint", args=[uk_letter.number]), {"authority": "uk-ico"})
    complaint = LetterRequest.objects.get(kind="complaint")
    page = alice_client.get(complaint.get_absolute_url()).content.decode()
    assert 'id="authority-unsure"' in page and 'href="https://ico.org.uk' in page  # its record is of low confidence
    assert 'id="authority-unsure"' not in alice_client.get(uk_letter.get_absolute_url()).content.decode()
    text = alice_client.get(reverse("letters:download", args=[complaint.number, "txt"])).content.decode()
    assert "Article 77 of the UK General Data Protection Regulation" in text and "78(2)" not in text
    assert f"under section 164A of the Data Protection Act 2018 on {sent.day}" in text


def test_a_uk_deadline_skips_uk_holidays_not_those_of_the_companys_eu_lead_authority(alice):
    """X's controller for the UK has Ireland's DPC as its EU lead authority, and a UK letter's deadline skipped Irish
    holidays: received 3 March 2026, it fell on Good Friday (3 April), a holiday in the UK but not in Ireland; the UK
    answer is due on Tuesday 7 April, after Easter Monday."""
    make_plan(alice, "UK", ["x"])
    alice.profile.country = "GB"
    alice.profile.save()
    letter = services.draft_request(alice, platform="x", kind="access", language="en", name="Alice Example",
                                    address="1 High Street\nLondon N1 1AA", email="alice@example.org")
    assert letter.regime == "uk-gdpr"
    from optout.letters import deadlines
    from optout.letters.regimes import regimes
    from optout.letters.services.common import holidays

    rule = regimes()["uk-gdpr"].rule_for("access")
    assert deadlines.compute(rule, dt.date(2026, 3, 3), holidays(letter)).answer_by == dt.date(2026, 4, 7)
    services.mark_sent(letter, timezone.localdate(), "email")  # and the tracked deadline is the one computed so
    letter.refresh_from_db()
    assert letter.deadline == deadlines.compute(rule, timezone.localdate(), holidays(letter)).answer_by
