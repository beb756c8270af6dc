"""A complaint tells the authority, or the company, what became of the request as a fact: refused on the day it was,
or unanswered when its time ran out. It said "has not answered … or has refused. The deadline was 21 December" to a
regulator on 5 December, about a request refused that day."""

import datetime as dt

from django.utils import timezone

from conftest import make_plan
from optout.letters import services
from optout.letters.compose import format_date


def _objection(alice, region="EU", language="en"):
    make_plan(alice, region, ["instagram"])
    alice.profile.country = {"EU": "DE", "UK": "GB"}[region]
    alice.profile.save()
    return services.draft_request(alice, platform="instagram", kind="objection", language=language,
                                  name="Alice Example", email="alice@example.org", own_words="My drawings.")


def _said(letter) -> str:
    return " ".join(services.letter_for(letter).paragraphs)


def test_a_complaint_about_a_refusal_says_when_it_was_refused_and_claims_no_deadline_passed(alice):
    letter = _objection(alice)
    services.mark_sent(letter, timezone.localdate() - dt.timedelta(days=5), "email")
    refused_on = timezone.localdate() - dt.timedelta(days=1)
    services.record_answer(letter, "refused", "Legitimate interest.", told_on=refused_on)
    letter.refresh_from_db()
    assert letter.effective_deadline > timezone.localdate()  # its time has not run out
    complaint = services.make_complaint(letter, "de-by-baylda")
    said = _said(complaint)
    assert f"The company refused my request on {format_date(refused_on, 'en')}." in said
    assert format_date(letter.effective_deadline, "en") not in said and "or has refused" not in said
    # the subject says it too ("… unanswered or refused" hedged what the text said for sure)
    assert services.letter_for(complaint).subject.endswith(f"request {letter.reference} refused")


def test_a_complaint_about_silence_says_when_the_time_ran_out(alice):
    letter = _objection(alice)
    services.mark_sent(letter, timezone.localdate() - dt.timedelta(days=60), "email")
    services.run_due()
    letter.refresh_from_db()
    complaint = services.make_complaint(letter, "de-by-baylda")
    assert (f"The company has not answered my request, and the time it had to answer ended on "
            f"{format_date(letter.effective_deadline, 'en')}.") in _said(complaint)
    assert services.letter_for(complaint).subject.endswith(f"request {letter.reference} unanswered")


def test_a_uk_complaint_to_the_company_speaks_to_it_of_its_own_refusal(alice):
    letter = _objection(alice, "UK")
    services.mark_sent(letter, timezone.localdate() - dt.timedelta(days=10), "email")
    refused_on = timezone.localdate() - dt.timedelta(days=2)
    services.record_answer(letter, "refused", told_on=refused_on)
    letter.refresh_from_db()
    complaint = services.make_controller_complaint(letter)
    said = _said(complaint)
    assert f"You refused it on {format_date(refused_on, 'en')}." in said and "or you have refused it" not in said


def test_a_german_complaint_says_it_in_german(alice):
    letter = _objection(alice, language="de")
    services.mark_sent(letter, timezone.localdate() - dt.timedelta(days=5), "email")
    services.record_answer(letter, "refused", told_on=timezone.localdate())
    letter.refresh_from_db()
    said = _said(services.make_complaint(letter, "de-by-baylda"))
    assert f"Das Unternehmen hat meinen Antrag am {format_date(timezone.localdate(), 'de')} abgelehnt." in said


def test_a_complaint_about_a_posted_request_says_its_date_is_counted_from_posting(alice):
    """A request posted without a known day of receipt has its date counted from posting; the law counts from
    receipt, days later. "Die Frist für die Antwort endete am 30. November" went to the authority as the law's."""
    letter = _objection(alice, language="de")
    posted = timezone.localdate() - dt.timedelta(days=60)
    services.mark_sent(letter, posted, "post")
    services.run_due()
    letter.refresh_from_db()
    assert letter.deadline_awaits_receipt_day
    said = _said(services.make_complaint(letter, "de-by-baylda"))
    assert (f"Ich habe meinen Antrag am {format_date(posted, 'de')} per Post versandt; das Unternehmen hat ihn nicht "
            f"beantwortet. Vom Tag der Versendung an gerechnet, endete die Frist für die Antwort am "
            f"{format_date(letter.effective_deadline, 'de')}.") in said
    assert "und die Frist für die Antwort endete" not in said
    delivered = _objection(alice)
    services.mark_sent(delivered, posted, "post", posted + dt.timedelta(days=3))  # its day of receipt known
    services.run_due()
    delivered.refresh_from_db()
    assert "The company has not answered my request, and the time it had to answer ended on" in _said(
        services.make_complaint(delivered, "de-by-baylda"))


def test_the_annex_drops_a_no_answer_line_that_an_answer_in_time_recorded_later_contradicts(alice):
    """The company refused on 20 October; the person recorded it after optout had marked the letter overdue on 10
    November. The annex said "No answer by 10 November", then "The company refused on 20 October"."""
    letter = _objection(alice)
    services.mark_sent(letter, timezone.localdate() - dt.timedelta(days=60), "email")
    services.run_due()
    letter.refresh_from_db()
    assert letter.status == "overdue"
    refused_on = letter.deadline - dt.timedelta(days=10)
    services.record_answer(letter, "refused", told_on=refused_on)
    letter.refresh_from_db()
    annex = " ".join(what for _when, what in services.timeline(services.make_complaint(letter, "de-by-baylda")))
    assert f"The company refused on {format_date(refused_on, 'en')}." in annex and "No answer by" not in annex


def test_a_reminder_of_a_posted_request_says_its_date_is_counted_from_posting(alice):
    """"Le délai dont vous disposiez pour y répondre a expiré le 2 novembre 2026": the company's time ran from the day
    it received the letter; the reminder said optout's count from the posting day as the law's."""
    letter = _objection(alice, language="fr")
    services.mark_sent(letter, timezone.localdate() - dt.timedelta(days=60), "post")
    services.run_due()
    letter.refresh_from_db()
    said = _said(services.make_follow_up(letter))
    assert f"{format_date(letter.effective_deadline, 'fr')} (compté à partir du jour de l’envoi postal)" in said
    emailed = _objection(alice)
    services.mark_sent(emailed, timezone.localdate() - dt.timedelta(days=60), "email")
    services.run_due()
    emailed.refresh_from_db()
    assert "posted" not in _said(services.make_follow_up(emailed))


def test_a_polish_date_that_ends_a_sentence_ends_it_once(alice):
    """"… w dniu 8 listopada 2026 r.." and "Z poważaniem," (Polish puts no comma after the closing)."""
    letter = _objection(alice, language="pl")
    services.mark_sent(letter, timezone.localdate() - dt.timedelta(days=5), "email")
    services.record_answer(letter, "refused", told_on=timezone.localdate())
    letter.refresh_from_db()
    complaint = services.letter_for(services.make_complaint(letter, "de-by-baylda"))
    said = " ".join(complaint.paragraphs)
    assert f"w dniu {format_date(timezone.localdate(), 'pl')}" in said and "r.." not in said
    reminder = services.letter_for(services.make_follow_up(letter)) if letter.status != "refused" else None
    assert complaint.closing == "Z poważaniem"
    assert reminder is None or "r.." not in " ".join(reminder.paragraphs)
