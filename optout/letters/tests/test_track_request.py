"""After sending: deadlines, reminders, overdue, a reminder letter, a complaint with the history attached."""

import datetime as dt
import re
import subprocess

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_plan, require_tool
from optout.letters import services
from optout.letters.models import LetterRequest, Status
from optout.plans.models import Status as ActionStatus


@pytest.fixture
def letter(alice):
    actions = make_plan(alice, "EU", ["instagram"])
    alice.profile.country = "DE"
    alice.profile.save()
    action = next(a for a in actions if a.mechanism == "eu-objection-form")
    return services.draft_request(alice, platform="instagram", kind="objection", own_words="My drawings are my income.", language="de", name="Alice Example",
                                  address="Hauptstr. 1\n80331 München", email="alice@example.org", action=action)


def test_marking_sent_sets_the_legal_deadline_and_moves_the_plan_step(alice_client, letter):
    from optout.letters.deadlines import add_months

    sent_on = timezone.localdate() - dt.timedelta(days=3)
    response = alice_client.post(reverse("letters:sent", args=[letter.number]), {"sent_on": sent_on, "channel": "email"}, follow=True)
    letter.refresh_from_db()
    one_month = add_months(sent_on, 1)  # moved to the next working day when it is none
    assert letter.status == Status.SENT and one_month <= letter.deadline <= one_month + dt.timedelta(days=4)
    assert letter.extended_deadline is None
    assert "Marked as sent" in response.content.decode()
    assert letter.action.status == ActionStatus.WAITING


def test_a_future_send_date_is_refused(alice_client, letter):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = alice_client.post(reverse("letters:sent", args=[letter.number]), {"sent_on": tomorrow, "channel": "email"})
    assert response.status_code == 400 and "is in the future" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == Status.DRAFTED


def test_reminder_before_the_deadline_then_overdue_then_follow_up_then_complaint(alice_client, alice, letter, tmp_path):
    require_tool("pdftotext", "apt-get install poppler-utils")
    services.mark_sent(letter, timezone.localdate() - dt.timedelta(days=25), "email")
    letter.refresh_from_db()
    week_before = timezone.make_aware(dt.datetime.combine(letter.deadline - dt.timedelta(days=5), dt.time(9)))
    assert services.run_due(week_before) == {"reminded": 1, "overdue": 0}
    assert services.run_due(week_before) == {"reminded": 0, "overdue": 0}
    after = dt.datetime.combine(letter.deadline + dt.timedelta(days=1), dt.time(12), tzinfo=dt.UTC)
    assert services.run_due(after) == {"reminded": 0, "overdue": 1}
    letter.refresh_from_db()
    assert letter.status == Status.OVERDUE
    assert any("did not answer" in m.body for m in mail.outbox)

    page = alice_client.get(letter.get_absolute_url()).content.decode()
    assert "No answer in time" in page and "Write a reminder" in page
    response = alice_client.post(reverse("letters:follow_up", args=[letter.number]), follow=True)
    reminder = LetterRequest.objects.get(kind="follow-up")
    assert reminder.parent == letter and letter.reference in response.content.decode()

    response = alice_client.post(reverse("letters:complaint", args=[letter.number]), {"authority": "de-by-baylda"}, follow=True)
    complaint = LetterRequest.objects.get(kind="complaint")
    assert complaint.recipient_name.startswith("Bayerisches Landesamt") and complaint.regime == "gdpr"
    assert "Your complaint is drafted" in response.content.decode()
    path = tmp_path / "c.pdf"
    path.write_bytes(alice_client.get(reverse("letters:download", args=[complaint.number, "pdf"])).content)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "Beschwerde" in text or "Complaint" in text
    assert letter.reference in text and "Postfach 1349" in text
    # the history annex, in the letter's language like the rest of it
    assert "Keine Antwort bis" in text and "No answer by" not in text  # (not the complaint's own lines: "Entworfen nach")
    services.mark_sent(complaint, timezone.localdate(), "form")
    letter.refresh_from_db()
    assert letter.status == Status.COMPLAINED


def test_the_complaint_offers_the_persons_own_and_the_lead_authority(alice, letter):
    letter.status = Status.REFUSED
    ids = [a.id for a in services.complaint_authorities(letter)]
    assert "de-by-baylda" in ids and "de-bfdi" in ids


def test_a_complaint_from_germany_asks_which_land_instead_of_choosing_the_first(alice_client, letter):
    """optout does not know a German resident's Land; it chose the first authority in the list (Baden-Württemberg's),
    an address a person in Berlin might send a complaint to without noticing."""
    import re

    LetterRequest.objects.filter(pk=letter.pk).update(status=Status.REFUSED, sent_on=timezone.localdate())
    page = alice_client.get(letter.get_absolute_url()).content.decode()
    form = page[page.index('action="' + reverse("letters:complaint", args=[letter.number])):]
    form = form[:form.index("</form>")]
    assert "checked" not in form
    lands = re.findall(r"<label[^>]*>\s*<input[^>]*>\s*([^<—]+?) — ", form)
    assert lands[:3] == ["Baden-Württemberg", "Bayern", "Berlin"] and lands[-1] == "Thüringen" and len(lands) == 16
    assert "Bayern — Bayerisches Landesamt für Datenschutzaufsicht" in form
    assert "Choose the authority of the Land (state) where you live" in form
    assert form.index("Thüringen") < form.index("Bundesbeauftragte")  # the federal one after the Länder
    refused = alice_client.post(reverse("letters:complaint", args=[letter.number]), {})
    assert refused.status_code == 400 and not LetterRequest.objects.filter(kind="complaint").exists()
    drafted = alice_client.post(reverse("letters:complaint", args=[letter.number]), {"authority": "de-be-bbdi"})
    assert drafted.status_code == 302
    assert LetterRequest.objects.get(kind="complaint").recipient_name.startswith("Berliner Beauftragte")


def test_a_land_given_in_the_first_step_chooses_its_authority(alice_client, alice, letter):
    """Where you live (the plan's first step) asks a German resident's Land: the complaint then goes to its
    authority, chosen, with the federal one and the company's lead authority as the other choices."""
    answered = alice_client.post(reverse("plans:start_where"), {"country": "DE", "german_state": "DE-BY"})
    assert answered.status_code == 302
    alice.profile.refresh_from_db()
    assert alice.profile.subdivision == "DE-BY"
    LetterRequest.objects.filter(pk=letter.pk).update(status=Status.REFUSED, sent_on=timezone.localdate())
    page = alice_client.get(letter.get_absolute_url()).content.decode()
    form = page[page.index('action="' + reverse("letters:complaint", args=[letter.number])):]
    form = form[:form.index("</form>")]
    chosen = re.search(r'value="([\w-]+)"[^>]*checked', form)
    assert chosen and chosen.group(1) == "de-by-baylda"
    assert "Berliner Beauftragte" not in form and "Choose the authority of the Land" not in form
    # the federal commissioner, still offered, is said to handle only telecoms and post (it stood there unexplained)
    assert "The federal commissioner (BfDI) handles only telecoms and postal companies." in form
    # the company's lead authority, offered last, is said to be that (it stood there unexplained beside her own)
    assert "passes the complaint to Data Protection Commission (Ireland), the company's lead authority in the EU" in \
        form.replace("&#x27;", "'")
    # moving to France forgets the Land
    alice_client.post(reverse("plans:start_where"), {"country": "FR", "german_state": "DE-BY"})
    alice.profile.refresh_from_db()
    assert (alice.profile.country, alice.profile.subdivision) == ("FR", "")


def test_the_complaint_names_each_authority_as_the_reader_knows_it():
    """A Spanish reader picks the "Agencia Española de Protección de Datos", not its English name; others get that."""
    from optout.letters.authorities import authorities
    from optout.letters.forms import ComplaintForm

    spanish = authorities()["es-aepd"]
    assert spanish.name_en and spanish.name != spanish.name_en and "es" in spanish.languages
    for language, expected in (("es", spanish.name), ("en", spanish.name_en), ("de", spanish.name_en)):
        with translation.override(language):
            assert dict(ComplaintForm(authorities=[spanish]).fields["authority"].choices)["es-aepd"] == expected


def test_answers_close_the_loop_in_the_plan(alice_client, letter):
    services.mark_sent(letter, timezone.localdate(), "email")
    alice_client.post(reverse("letters:answer", args=[letter.number]), {"status": "extended", "note": "complex"})
    letter.refresh_from_db()
    assert letter.extended_deadline and letter.extended_deadline > letter.deadline
    alice_client.post(reverse("letters:answer", args=[letter.number]), {"status": "answered", "note": "They stopped."})
    letter.refresh_from_db()
    assert letter.status == Status.ANSWERED and "They stopped." in letter.answer
    assert letter.action.status == ActionStatus.DONE


def test_the_history_is_told_in_the_language_of_the_page_that_shows_it(alice_client, alice, letter):
    sent_on = timezone.localdate() - dt.timedelta(days=3)
    alice_client.post(reverse("letters:sent", args=[letter.number]), {"sent_on": sent_on.isoformat(), "channel": "post"})
    english = " ".join(alice_client.get(letter.get_absolute_url()).content.decode().split())
    assert f"Sent by post on {sent_on.day} {sent_on:%B %Y}. Answer due by " in english
    german = " ".join(alice_client.get(letter.get_absolute_url(), headers={"accept-language": "de"}).content.decode().split())
    assert "Per Post gesendet am" in german and "Sent by post" not in german and "Brief entworfen." in german


def test_an_event_recorded_before_events_had_a_kind_shows_its_stored_sentence(alice_client, letter):
    from optout.letters.models import LetterEvent

    LetterEvent.objects.create(owner=letter.owner, request=letter, text="Sent by email on 2026-11-02.")
    assert "Sent by email on 2026-11-02." in alice_client.get(letter.get_absolute_url()).content.decode()


def test_a_posted_letter_counts_from_its_delivery_day_when_known_and_says_so_when_not(alice_client, alice, letter):
    """The law counts the company's time from receipt: a letter by post arrives days after it was sent."""
    from optout.letters import deadlines
    from optout.letters.services.common import holidays

    sent_on = timezone.localdate() - dt.timedelta(days=6)
    arrived = sent_on + dt.timedelta(days=3)
    refused = alice_client.post(reverse("letters:sent", args=[letter.number]),
                                {"sent_on": sent_on.isoformat(), "channel": "post",
                                 "received_on": (sent_on - dt.timedelta(days=1)).isoformat()})
    assert refused.status_code == 400 and "It cannot have arrived before you sent it." in refused.content.decode()
    alice_client.post(reverse("letters:sent", args=[letter.number]),
                      {"sent_on": sent_on.isoformat(), "channel": "post", "received_on": arrived.isoformat()})
    letter.refresh_from_db()
    assert letter.received_on == arrived
    assert letter.deadline == deadlines.gdpr(arrived, holidays(letter)).answer_by
    assert 'id="counted-from-posting"' not in alice_client.get(letter.get_absolute_url()).content.decode()


def test_a_posted_letter_without_its_delivery_day_says_the_deadline_is_counted_from_posting(alice_client, letter):
    alice_client.post(reverse("letters:sent", args=[letter.number]),
                      {"sent_on": timezone.localdate().isoformat(), "channel": "post"})
    page = " ".join(alice_client.get(letter.get_absolute_url()).content.decode().split())
    assert "Counted from the day you posted it. The law counts from the day the company received your letter" in page


def test_the_reminder_and_overdue_news_of_a_posted_letter_say_their_date_is_counted_from_posting(alice, letter):
    """Only the letter's page said so; the e-mail "did not answer in time" and its offer of a complaint came up to a
    few days before the company's deadline (the law counts from receipt)."""
    from optout.letters.services.reminders import run_due
    from optout.notify.models import Notification

    services.mark_sent(letter, timezone.localdate(), "post")
    letter.refresh_from_db()
    due = dt.datetime.combine(letter.deadline, dt.time(12), tzinfo=dt.UTC)
    run_due(due - dt.timedelta(days=3))
    run_due(due + dt.timedelta(days=3))
    told = list(Notification.objects.filter(owner=alice).order_by("id").values_list("text", flat=True))
    assert len(told) == 2 and all("counted from the day you posted the letter" in text for text in told), told
    assert "did not answer" in told[1]
    overdue = mail.outbox[-1]
    assert overdue.body.count("optout can write") == 1, overdue.body  # the e-mail said the offer twice


def test_letters_waiting_for_an_answer_are_listed_as_waiting(alice, alice_client):
    """A sent letter of one's own waits too: the dashboard said "Nothing is waiting" beside two letters awaiting answers."""
    from optout.letters import services as letters

    make_plan(alice, "EU", ["linkedin"])
    page = alice_client.get(reverse("plans:dashboard")).content.decode()
    assert "Nothing is waiting." in page
    letter = letters.draft_request(alice, platform="linkedin", kind="access", language="en", name="Alice Example",
                                   email=alice.email)
    letters.mark_sent(letter, timezone.localdate(), "email")
    letter.refresh_from_db()
    page = " ".join(alice_client.get(reverse("plans:dashboard")).content.decode().split())
    assert "Nothing is waiting." not in page
    assert f'<a href="{reverse("letters:detail", args=[letter.number])}">Letter {letter.reference} to {letter.recipient_name}</a>' in page


@pytest.mark.parametrize(("country", "authority"), [("RE", "fr-cnil"), ("GF", "fr-cnil"), ("AX", "fi-tietosuoja")])
def test_someone_in_an_eu_territory_complains_to_its_countrys_authority(country, authority):
    from optout.letters.authorities import for_person
    from optout.letters.services.drafting import default_language

    assert authority in [a.id for a in for_person(country)]
    assert default_language(country, "EU") == {"FR": "fr", "FI": "en"}[authority[:2].upper()]


def _overdue_californian_request(person) -> LetterRequest:
    """A Californian's CCPA deletion request, sent 60 days ago and overdue."""
    make_plan(person, "US-CA", ["instagram"])
    person.profile.country = "US"
    person.profile.save()
    request = services.draft_request(person, platform="instagram", kind="ccpa-delete", language="en",
                                     name="Alice Example", address="1 Main St\nSacramento, CA 95814",
                                     email="alice@example.org")
    services.mark_sent(request, timezone.localdate() - dt.timedelta(days=60), "email")
    LetterRequest.objects.filter(pk=request.pk).update(status=Status.OVERDUE)
    return LetterRequest.objects.get(pk=request.pk)


@pytest.mark.parametrize(("authority", "cited"), [("us-ca-cppa", True), ("us-ca-oag", False)])
def test_a_californian_complaint_cites_the_agencys_provision_only_to_the_agency(alice, authority, cited):
    """Cal. Civ. Code § 1798.199.45 is about sworn complaints to the California Privacy Protection Agency; a complaint
    to the Attorney General cited it as its basis."""
    complaint = services.make_complaint(_overdue_californian_request(alice), authority)
    body = services.letter_for(complaint).body_text
    assert "I lodge a complaint against" in body
    assert ("§ 1798.199.45" in body) is cited


def test_a_letter_is_overdue_only_once_its_last_day_has_ended_everywhere(alice, letter):
    """A tick at 00:00 UTC after the deadline marked a Californian's letter overdue at 16:00 on its last day there; a
    deadline runs to the end of its last day, wherever the company or the person is."""
    services.mark_sent(letter, timezone.localdate() - dt.timedelta(days=25), "email")
    letter.refresh_from_db()
    next_day = letter.deadline + dt.timedelta(days=1)
    still_the_day_in_samoa = dt.datetime.combine(next_day, dt.time(11, 59), tzinfo=dt.UTC)
    assert services.run_due(still_the_day_in_samoa)["overdue"] == 0
    assert services.run_due(dt.datetime.combine(next_day, dt.time(12), tzinfo=dt.UTC))["overdue"] == 1


def test_an_extension_told_in_time_reminds_again_and_a_late_one_is_refused(alice_client, letter):
    services.mark_sent(letter, dt.date(2026, 10, 1), "email")
    letter.refresh_from_db()
    first = letter.deadline
    reminder_day = dt.datetime.combine(first - dt.timedelta(days=5), dt.time(9), tzinfo=dt.UTC)
    assert services.run_due(reminder_day)["reminded"] == 1
    late = first + dt.timedelta(days=2)
    response = alice_client.post(reverse("letters:answer", args=[letter.number]),
                                 {"status": "extended", "told_on": late.isoformat()})
    assert response.status_code == 400 and "after its time ran out" in response.content.decode()
    letter.refresh_from_db()
    assert letter.extended_deadline is None
    alice_client.post(reverse("letters:answer", args=[letter.number]),
                      {"status": "extended", "told_on": (first - dt.timedelta(days=3)).isoformat()})
    letter.refresh_from_db()
    assert letter.extended_deadline and letter.extended_deadline > first and letter.reminded_at is None
    before_new = dt.datetime.combine(letter.extended_deadline - dt.timedelta(days=5), dt.time(9), tzinfo=dt.UTC)
    assert services.run_due(before_new)["reminded"] == 1


def _reminder_sent(letter, sent_on, channel, **received):
    """The letter sent on 1 October and overdue, then its reminder sent on `sent_on`."""
    services.mark_sent(letter, dt.date(2026, 10, 1), "email")
    letter.refresh_from_db()
    services.run_due(dt.datetime.combine(letter.deadline + dt.timedelta(days=2), dt.time(12), tzinfo=dt.UTC))
    reminder = services.make_follow_up(LetterRequest.objects.get(pk=letter.pk))
    services.mark_sent(reminder, sent_on, channel, **received)
    reminder.refresh_from_db()
    return reminder


def test_an_overdue_reminder_says_no_law_set_its_date(alice, letter):
    """A reminder's two weeks are what the person asked for: its overdue e-mail said "The legal deadline has passed"."""
    reminder = _reminder_sent(letter, dt.date(2026, 11, 10), "email")
    mail.outbox.clear()
    services.run_due(dt.datetime.combine(reminder.deadline + dt.timedelta(days=2), dt.time(12), tzinfo=dt.UTC))
    [message] = mail.outbox
    assert "The date asked for has passed; no law sets it." in message.body
    assert "The legal deadline has passed" not in message.body
    assert "a complaint to the authority" in message.body  # the GDPR lets the person complain


def test_the_copy_of_a_sent_letter_names_the_date_the_company_read(letter):
    """Posted on 20 November, received on 24 November: the letter asked for an answer by 21 December (a month from
    sending; the 20th is a Sunday), and the tracked legal deadline is 24 December. optout's copy of the letter, which
    goes with reminders and complaints, said 24 December: not what the company received."""
    from optout.letters.compose import format_date

    services.mark_sent(letter, dt.date(2026, 11, 20), "post", received_on=dt.date(2026, 11, 24))
    letter.refresh_from_db()
    assert letter.deadline == dt.date(2026, 12, 24)
    text = " ".join(services.letter_for(letter).body_text.split())
    assert " ".join(format_date(dt.date(2026, 12, 21), "de").split()) in text
    assert " ".join(format_date(dt.date(2026, 12, 24), "de").split()) not in text


def test_the_letter_page_stops_asking_for_what_has_come(alice, alice_client):
    """"Receipt to be confirmed by …" stayed after the company confirmed, and "Answer due by …" after it answered."""
    make_plan(alice, "US-CA", ["instagram"])
    request = services.draft_request(alice, platform="instagram", kind="ccpa-delete", language="en", name="Alice Example",
                                     address="1 Main St\nSacramento, CA 95814", email="alice@example.org")
    services.mark_sent(request, timezone.localdate(), "email")
    request.refresh_from_db()
    def page():  # the line under the title, not the history below
        html = alice_client.get(request.get_absolute_url()).content.decode()
        return html[html.index('id="letter-status"'):].split("</p>")[0]

    assert "Receipt to be confirmed by" in page() and "Answer due by" in page()
    services.record_answer(request, "acknowledged")
    assert "Receipt to be confirmed by" not in page() and "Answer due by" in page()
    services.record_answer(request, "answered")
    assert "Answer due by" not in page()


def test_news_of_a_letter_holds_none_of_the_senders_details(alice, letter):
    """What the channels page promises: a letter's news names the company and the reference, not the sender."""
    from optout.notify.models import Notification

    services.mark_sent(letter, dt.date(2026, 10, 1), "email")
    letter.refresh_from_db()
    services.run_due(dt.datetime.combine(letter.deadline + dt.timedelta(days=2), dt.time(12), tzinfo=dt.UTC))
    text = Notification.objects.filter(owner=alice).last().text
    assert letter.reference in text and "Alice Example" not in text and "Hauptstr" not in text


def test_an_extension_after_a_posting_day_deadline_is_not_refused_and_an_overdue_one_needs_its_day(alice_client, letter):
    """Posted, day of receipt unknown: the deadline is counted from the posting day and the company's is a few days
    later, so a notice the day after may be in time; refusing it said more than optout knows. And on an overdue letter
    an empty date ("today") was always refused, with a message about the law instead of the missing day."""
    services.mark_sent(letter, dt.date(2026, 10, 1), "post")
    letter.refresh_from_db()
    services.run_due(dt.datetime.combine(letter.deadline + dt.timedelta(days=2), dt.time(12), tzinfo=dt.UTC))
    letter.refresh_from_db()
    assert letter.status == Status.OVERDUE
    with translation.override("de"):
        response = alice_client.post(reverse("letters:answer", args=[letter.number]), {"status": "extended"},
                                     HTTP_ACCEPT_LANGUAGE="de", HTTP_REFERER=f"http://testserver{letter.get_absolute_url()}")
    assert response.status_code == 400
    html = response.content.decode()
    # the language menu goes back to the letter's page, not to the address of the form (POST only: 405)
    assert f'name="next" value="{letter.get_absolute_url()}"' in html
    field = html[html.index('name="told_on"') - 600:html.index('name="told_on"')]
    assert "Give the day the company told you" in field or "Geben Sie" in field
    day_after = letter.deadline + dt.timedelta(days=1)
    alice_client.post(reverse("letters:answer", args=[letter.number]), {"status": "extended", "told_on": day_after.isoformat()})
    letter.refresh_from_db()
    assert letter.extended_deadline and letter.status == Status.ACKNOWLEDGED  # no longer overdue, and received
    history = alice_client.get(letter.get_absolute_url()).content.decode()
    assert "The company said so on" in history


def test_a_reminder_by_post_is_due_on_the_date_it_names(alice, letter):
    """No law sets a reminder's two weeks: the company was asked for the date the reminder names, counted from its
    sending. Tracked from the day it arrived, optout waited days longer than the person had asked."""
    from optout.letters.compose import format_date

    reminder = _reminder_sent(letter, dt.date(2026, 11, 10), "post", received_on=dt.date(2026, 11, 13))
    assert reminder.deadline == dt.date(2026, 11, 24)
    text = " ".join(services.letter_for(reminder).body_text.split())
    assert " ".join(format_date(reminder.deadline, reminder.language).split()) in text


def test_a_complaint_without_a_legal_date_says_so_when_sent(alice, alice_client):
    """A complaint to California's Attorney General has no date for an answer: the page said "The answer is due by ."."""
    complaint = services.make_complaint(_overdue_californian_request(alice), "us-ca-oag")
    response = alice_client.post(reverse("letters:sent", args=[complaint.number]),
                                 {"sent_on": timezone.localdate().isoformat(), "channel": "form"}, follow=True)
    page = response.content.decode()
    assert "Marked as sent. No law sets a date for the answer." in page and "due by ." not in page


def test_e_mails_about_a_complaint_speak_of_the_authority_and_offer_no_letter_optout_cannot_write(alice, letter):
    """A complaint to the authority: its reminder said "The company must answer … optout can write a reminder or a
    complaint", and its overdue e-mail offered a reminder the letter page does not have."""
    services.mark_sent(letter, dt.date(2026, 6, 1), "email")
    letter.refresh_from_db()
    services.run_due(dt.datetime.combine(letter.deadline + dt.timedelta(days=2), dt.time(12), tzinfo=dt.UTC))
    complaint = services.make_complaint(LetterRequest.objects.get(pk=letter.pk), "de-by-baylda")
    services.mark_sent(complaint, dt.date(2026, 7, 20), "email")
    complaint.refresh_from_db()
    mail.outbox.clear()
    services.run_due(dt.datetime.combine(complaint.deadline - dt.timedelta(days=3), dt.time(12), tzinfo=dt.UTC))
    [due] = mail.outbox
    assert "The authority must tell you by then how your complaint stands." in due.body
    assert "The company must answer" not in due.body and "optout can write" not in due.body
    mail.outbox.clear()
    services.run_due(dt.datetime.combine(complaint.deadline + dt.timedelta(days=2), dt.time(12), tzinfo=dt.UTC))
    [overdue] = mail.outbox
    assert "the authority must tell you how your complaint stands has passed" in overdue.body
    assert "optout can write" not in overdue.body and "Write a reminder" not in overdue.body
    assert "Open the letter: http" in overdue.body


def test_a_reminders_e_mails_offer_only_the_complaint(alice, letter):
    reminder = _reminder_sent(letter, dt.date(2026, 11, 10), "email")
    mail.outbox.clear()
    services.run_due(dt.datetime.combine(reminder.deadline - dt.timedelta(days=3), dt.time(12), tzinfo=dt.UTC))
    [due] = mail.outbox
    assert "The company was asked to answer by this date; no law sets it." in due.body
    assert "If it does not, optout can write a complaint to the authority for you." in due.body
    assert "legal deadline" not in due.body and "reminder or a complaint" not in due.body


def test_a_sent_letter_stays_what_was_sent_when_optout_s_facts_or_the_person_s_region_change(alice, alice_client,
                                                                                            letter):
    """Copies of a sent letter (downloads, the original a reminder attaches, a complaint's annex) were composed again
    each time, from the person's current region and optout's current texts: after a move from Germany to the UK, the
    letter given to a regulator named another deadline than the one the company received."""
    services.mark_sent(letter, dt.date(2026, 1, 1), "email")
    letter.refresh_from_db()
    sent_text = alice_client.get(reverse("letters:download", args=[letter.number, "txt"])).content.decode()
    alice.profile.region, alice.profile.country = "UK", "GB"
    alice.profile.save()
    LetterRequest.objects.filter(pk=letter.pk).update(language="en")  # what a changed text file would do too
    letter.refresh_from_db()
    assert alice_client.get(reverse("letters:download", args=[letter.number, "txt"])).content.decode() == sent_text
    page = alice_client.get(letter.get_absolute_url()).content.decode()
    assert "The letter as sent" in page and 'id="copy-remade"' not in page
    assert services.letter_for(letter).body_text in sent_text


def test_a_letter_sent_before_optout_kept_copies_says_its_copy_is_written_again(alice_client, letter):
    services.mark_sent(letter, dt.date(2026, 11, 2), "email")
    LetterRequest.objects.filter(pk=letter.pk).update(sent_copy=None)
    page = alice_client.get(letter.get_absolute_url()).content.decode()
    assert 'id="copy-remade"' in page and "may differ slightly from what you sent" in page


def test_a_drafted_letter_says_its_dates_are_counted_from_today(alice_client, letter):
    """The letter names its own date and a date to answer by, both counted from the day it is shown: posted a week
    later, it asked for an answer a week too early, and nothing said to download it again."""
    page = alice_client.get(letter.get_absolute_url()).content.decode()
    assert 'id="dated-today"' in page
    services.mark_sent(letter, timezone.localdate(), "email")
    assert 'id="dated-today"' not in alice_client.get(letter.get_absolute_url()).content.decode()


def test_a_letter_recorded_as_sent_long_ago_is_overdue_at_once(alice, alice_client, letter):
    """It stayed "Sent · Answer due by 2 November" on 5 December, with no reminder or complaint offered, until the
    background tick ran (never, where optout runs without its worker)."""
    sent = timezone.localdate() - dt.timedelta(days=70)
    response = alice_client.post(reverse("letters:sent", args=[letter.number]),
                                 {"sent_on": sent.isoformat(), "channel": "email"}, follow=True)
    letter.refresh_from_db()
    assert letter.status == Status.OVERDUE
    page = response.content.decode()
    assert "has passed: see below what optout can write now" in page
