"""Swiss law lets a company answer an access request later than 30 days if it tells the person, within them, by when
it will (DSV Art. 18(2)). optout refused to record that ("Only a request whose law allows an extension can be
extended"), then called the letter overdue on day 31 and offered a complaint."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from conftest import make_plan
from optout.letters import services
from optout.letters.models import LetterRequest, Status


def _swiss_access(alice):
    make_plan(alice, "CH", ["instagram"])
    alice.profile.country = "CH"
    alice.profile.save()
    letter = services.draft_request(alice, platform="instagram", kind="access", language="de-CH",
                                    name="Alice Example", address="Bahnhofstrasse 1\n8001 Zürich",
                                    email="alice@example.org")
    services.mark_sent(letter, timezone.localdate(), "email")
    letter.refresh_from_db()
    assert letter.regime == "fadp" and letter.deadline
    return letter


def test_the_date_the_company_names_becomes_its_deadline(alice, alice_client):
    letter = _swiss_access(alice)
    page = alice_client.get(letter.get_absolute_url()).content.decode()
    assert 'name="until"' in page and "Swiss law lets the company answer later than 30 days" in page
    later = letter.deadline + dt.timedelta(days=20)
    missing = alice_client.post(reverse("letters:answer", args=[letter.number]), {"status": "extended"})
    assert missing.status_code == 400 and "Give the date the company said it will answer by" in missing.content.decode()
    saved = alice_client.post(reverse("letters:answer", args=[letter.number]),
                              {"status": "extended", "until": later.isoformat(), "note": "Antwort bis dann"})
    assert saved.status_code == 302
    letter.refresh_from_db()
    assert letter.extended_deadline == later and letter.effective_deadline == later and letter.status == Status.ACKNOWLEDGED  # telling of it shows the letter arrived


def test_a_date_before_the_first_deadline_or_years_away_is_refused(alice):
    letter = _swiss_access(alice)
    for until, message in ((letter.deadline, "Give the date"),
                           (letter.deadline + dt.timedelta(days=400), "more than a year after")):
        try:
            services.record_answer(letter, "extended", until=until)
        except services.RequestError as exc:
            assert message in str(exc)
        else:
            raise AssertionError(until)
    assert LetterRequest.objects.get(pk=letter.pk).extended_deadline is None


def test_a_gdpr_letter_asks_for_no_such_date(alice, alice_client):
    make_plan(alice, "EU", ["instagram"])
    letter = services.draft_request(alice, platform="instagram", kind="access", language="en", name="Alice Example",
                                    address="1 Rue de Rivoli\n75001 Paris", email="alice@example.org")
    services.mark_sent(letter, timezone.localdate(), "email")
    assert 'name="until"' not in alice_client.get(letter.get_absolute_url()).content.decode()
