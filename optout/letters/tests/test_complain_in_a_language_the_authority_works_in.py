"""A complaint goes in a language its authority works in: a German request's complaint to the Irish DPC (which works
in English) was written in German, with nothing said about it."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from conftest import make_plan
from optout.letters import services
from optout.letters.models import LetterRequest, Status


def _overdue_request(alice, country: str, language: str, *, platform: str = "linkedin", kind: str = "access",
                     interface: str = "", **person):
    """A request of someone living in `country` (who uses optout in `interface`), unanswered in time."""
    make_plan(alice, "EU", [platform])
    alice.profile.country = country
    alice.profile.language = interface
    alice.profile.save()
    letter = services.draft_request(alice, platform=platform, kind=kind, language=language, **person)
    services.mark_sent(letter, timezone.localdate() - dt.timedelta(days=45), "email")
    services.run_due()
    letter.refresh_from_db()
    assert letter.status == Status.OVERDUE
    return letter


def _overdue_german_request(alice):
    return _overdue_request(alice, "AT", "de", platform="instagram", kind="objection", name="Mara Beispiel",
                            address="Hauptstraße 1\n1030 Wien", email="mara@example.org",
                            own_words="Meine Illustrationen sind mein Einkommen.")


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


def _overdue_english_request_in_france(alice, interface: str):
    return _overdue_request(alice, "FR", "en", interface=interface, name="Claire Exemple",
                            address="1 rue de la République\n69001 Lyon", email="claire@example.org")


def test_an_english_request_s_complaint_to_the_cnil_is_written_in_the_french_the_person_uses(alice):
    """The CNIL asks for complaints in French; it came out in English, with no word of it."""
    letter = _overdue_english_request_in_france(alice, "fr")
    complaint = services.make_complaint(letter, "fr-cnil")
    assert complaint.language == "fr" and services.letter_for(complaint).greeting == "Madame, Monsieur,"


def test_a_complaint_the_authority_cannot_read_says_so(alice, alice_client):
    """Someone who uses optout in English: optout does not write her a French complaint she cannot read, and says
    that the CNIL works in French."""
    letter = _overdue_english_request_in_france(alice, "en")
    complaint = services.make_complaint(letter, "fr-cnil")
    assert complaint.language == "en"
    page = " ".join(alice_client.get(complaint.get_absolute_url()).content.decode().split())
    assert 'id="authority-languages"' in page and "works in French, and optout cannot write this complaint" in page
    own = services.make_complaint(_overdue_german_request(alice), "at-dsb")
    assert 'id="authority-languages"' not in alice_client.get(own.get_absolute_url()).content.decode()


def test_a_complaint_to_the_aepd_says_it_must_be_made_on_the_aepd_s_own_form(alice, alice_client):
    """Since 2023 the AEPD takes complaints only on its official forms (BOE-A-2023-16062); optout offered a letter to
    post, with nothing said."""
    letter = _overdue_request(alice, "ES", "es", name="Lucía Ejemplo", address="Calle Mayor 1\n28013 Madrid",
                              email="lucia@example.org")
    complaint = services.make_complaint(letter, "es-aepd")
    page = " ".join(alice_client.get(complaint.get_absolute_url()).content.decode().split())
    assert 'id="own-forms-only"' in page and "takes complaints only on its own forms" in page
    assert services.letter_for(complaint).recipient.address_lines[-1] == "España"
    other = services.make_complaint(_overdue_german_request(alice), "at-dsb")
    assert 'id="own-forms-only"' not in alice_client.get(other.get_absolute_url()).content.decode()


def test_a_complaint_the_authority_takes_only_signed_or_on_its_form_offers_no_e_mail(alice, alice_client):
    """The Dutch AP takes complaints by its form or by letter, Poland's President of the UODO only signed (by hand, or
    electronically through its own inbox): optout offered an .eml "ready to send" to their general addresses. A letter
    within the country carried the country's name in English ("The Netherlands")."""
    letter = _overdue_request(alice, "NL", "nl", name="Anna Voorbeeld", address="Oudegracht 1\n3511 AA Utrecht",
                              email="anna@example.org")
    complaint = services.make_complaint(letter, "nl-ap")
    assert complaint.recipient_email == "" and "Netherlands" not in complaint.recipient_address
    page = " ".join(alice_client.get(complaint.get_absolute_url()).content.decode().split())
    assert 'id="no-email-complaints"' in page and "ready to send" not in page
