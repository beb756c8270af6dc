"""A complaint goes in a language its authority works in: a German request's complaint to the Irish DPC (which works
in English) was written in German, with nothing said about it."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from conftest import make_plan
from optout.letters import services
from optout.letters.models import LetterRequest, Status


def _overdue_german_request(alice):
    make_plan(alice, "EU", ["instagram"])
    alice.profile.country = "AT"
    alice.profile.save()
    letter = services.draft_request(alice, platform="instagram", kind="objection", language="de", name="Mara Beispiel",
                                    address="Hauptstraße 1\n1030 Wien", email="mara@example.org",
                                    own_words="Meine Illustrationen sind mein Einkommen.")
    services.mark_sent(letter, timezone.localdate() - dt.timedelta(days=45), "email")
    services.run_due()
    letter.refresh_from_db()
    assert letter.status == Status.OVERDUE
    return letter


def test_a_complaint_to_the_lead_authority_is_written_in_its_language_and_says_so(alice, alice_client):
    letter = _overdue_german_request(alice)
    offered = [a.id for a in services.complaint_authorities(letter)]
    assert "ie-dpc" in offered and "at-dsb" in offered
    response = alice_client.post(reverse("letters:complaint", args=[letter.number]), {"authority": "ie-dpc"},
                                 follow=True)
    complaint = LetterRequest.objects.get(parent=letter, kind="complaint")
    assert complaint.language == "en" and services.letter_for(complaint).greeting.startswith("Dear")
    said = " ".join(str(m) for m in response.context["messages"])
    assert "It is written in English: Data Protection Commission does not work in the language of your request." in said


def test_a_complaint_to_an_authority_of_the_requests_language_stays_in_it(alice):
    letter = _overdue_german_request(alice)
    complaint = services.make_complaint(letter, "at-dsb")
    assert complaint.language == "de"
