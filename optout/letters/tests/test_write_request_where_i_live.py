"""Writing a request under the law where one lives: a Brazilian gets an LGPD letter in Brazilian Portuguese,
a Swiss person an FADP letter in their language, and neither is told the law may not apply."""

import re

import pytest
from django.urls import reverse

from conftest import make_plan
from optout.letters.models import LetterRequest

MAY_NOT = ("may not oblige", "pode não obrigar", "nicht verpflichtet", "ne vous oblige", "potrebbe non")


def form(**changes):
    data = {"platform": "instagram", "name": "Ana Souza", "address": "Rua Augusta, 1500\n01304-001 São Paulo",
            "email": "ana@example.org", "account": "@ana.desenha", "contents": ["artwork"], "harms": ["livelihood"],
            "own_words": "Vivo das minhas ilustrações", "recipient_name": "Meta Platforms, Inc.",
            "recipient_address": "1 Meta Way\nMenlo Park, CA 94025", "recipient_email": ""}
    data.update(changes)
    return data


@pytest.fixture
def brazilian(alice):
    make_plan(alice, "BR", ["instagram"])
    alice.profile.country = "BR"
    alice.profile.save()
    return alice


def test_a_brazilian_gets_an_lgpd_objection_in_brazilian_portuguese(alice_client, brazilian):
    page = alice_client.get(reverse("letters:new"), {"platform": "instagram"}).content.decode()
    assert "Objection to AI training (art. 18, § 2º)" in page and "Article 21" not in page
    assert '<option value="pt-BR" selected>' in page
    assert "no privacy law gives you a right" not in page
    response = alice_client.post(reverse("letters:new"), form(kind="objection", language="pt-BR"), follow=True)
    assert response.status_code == 200, response.content.decode()[:2000]
    letter = LetterRequest.objects.get()
    assert (letter.regime, letter.language) == ("lgpd", "pt-BR")
    text = alice_client.get(reverse("letters:download", args=[letter.number, "txt"])).content.decode()
    assert "art. 18, § 2º, da Lei Geral de Proteção de Dados Pessoais" in text
    assert "Prezados Senhores," in text and "Atenciosamente," in text and "Vivo das minhas ilustrações" in text
    assert not any(phrase in text for phrase in MAY_NOT)
    assert "RGPD" not in text and "Exmos." not in text  # not the European Portuguese GDPR letter


def test_a_brazilian_access_request_is_due_in_15_days(alice_client, brazilian):
    alice_client.post(reverse("letters:new"), form(kind="access", language="pt-BR"))
    letter = LetterRequest.objects.get()
    alice_client.post(reverse("letters:sent", args=[letter.number]), {"sent_on": "2026-11-02", "channel": "email"})
    letter.refresh_from_db()
    assert letter.deadline.isoformat() == "2026-11-17"  # 2 Nov + 15 days, the day of the request not counted


def test_a_brazilian_access_request_by_post_is_due_15_days_from_the_request_not_from_its_arrival(alice_client,
                                                                                                   brazilian):
    """Art. 19, II LGPD: "contado da data do requerimento do titular". Counted from the day it arrived, the date
    optout gave was as many days late as the post took."""
    alice_client.post(reverse("letters:new"), form(kind="access", language="pt-BR"))
    letter = LetterRequest.objects.get()
    page = alice_client.get(letter.get_absolute_url()).content.decode()
    assert "time runs from the day you sent it" in page and "counts the company&#x27;s time from the day it" not in page
    alice_client.post(reverse("letters:sent", args=[letter.number]),
                      {"sent_on": "2026-11-02", "channel": "post", "received_on": "2026-11-06"})
    letter.refresh_from_db()
    assert letter.received_on.isoformat() == "2026-11-06" and letter.deadline.isoformat() == "2026-11-17"
    alice_client.post(reverse("letters:new"), form(kind="access", language="pt-BR"))
    unknown = LetterRequest.objects.latest("number")
    alice_client.post(reverse("letters:sent", args=[unknown.number]), {"sent_on": "2026-11-02", "channel": "post"})
    assert 'id="counted-from-posting"' not in alice_client.get(unknown.get_absolute_url()).content.decode()


def test_the_law_offers_only_its_languages(alice_client, brazilian):
    response = alice_client.post(reverse("letters:new"), form(kind="objection", language="de"))
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not LetterRequest.objects.exists()


@pytest.mark.parametrize(("language", "words"), [("de-CH", "Art. 30 Abs. 2 lit. b"), ("fr", "art. 30, al. 2, let. b"),
                                                 ("it", "art. 30 cpv. 2 lett. b")])
def test_a_swiss_person_gets_an_fadp_objection(alice_client, alice, language, words):
    make_plan(alice, "CH", ["instagram"])
    alice.profile.country = "CH"
    alice.profile.save()
    response = alice_client.post(reverse("letters:new"), form(kind="objection", language=language, name="Gian Caduff",
                                                              address="Bahnhofstrasse 1\n8001 Zürich"), follow=True)
    assert response.status_code == 200
    letter = LetterRequest.objects.get()
    assert letter.regime == "fadp"
    text = alice_client.get(reverse("letters:download", args=[letter.number, "txt"])).content.decode()
    assert words in text and not any(phrase in text for phrase in MAY_NOT)
    assert "ß" not in text  # Swiss spelling: "Mit freundlichen Grüssen"
    assert "DSGVO" not in text and "RGPD" not in text and "GDPR" not in text


def test_the_brazilian_objection_step_opens_an_lgpd_objection_in_pt_br(alice_client, brazilian):
    step = brazilian.plan_actions.get(platform="instagram", mechanism="br-objection")
    page = alice_client.get(reverse("letters:new"), {"action": step.number}).content.decode()
    assert re.search(r'<input type="radio" name="kind" value="objection"[^>]*checked>', page)
    assert '<option value="pt-BR" selected>' in page
    assert "art. 18, § 2º" in page and "no privacy law gives you a right" not in page


def test_a_california_step_to_object_and_erase_opens_a_delete_request(alice_client, alice):
    make_plan(alice, "US-CA", ["instagram"])
    step = alice.plan_actions.get(platform="instagram", mechanism="legal-request")
    page = alice_client.get(reverse("letters:new"), {"action": step.number}).content.decode()
    assert re.search(r'<input type="radio" name="kind" value="ccpa-delete"[^>]*checked>', page)
    assert "Right to correct (§ 1798.106)" in page and "Right to know (§ 1798.110)" in page


def test_a_california_deletion_says_it_covers_more_than_the_ai_use(alice_client, alice):
    """A CCPA deletion request asks to delete all the personal information collected, which a person who wants to
    keep their account may not want; the drafted letter's page says so, and names the opt-out instead."""
    from optout.letters import services

    make_plan(alice, "US-CA", ["instagram"])
    delete = services.draft_request(alice, platform="instagram", kind="ccpa-delete", language="en", name="Alice",
                                    email="alice@example.org")
    opt_out = services.draft_request(alice, platform="instagram", kind="ccpa-opt-out", language="en", name="Alice",
                                     email="alice@example.org")
    assert 'id="deletes-everything"' in alice_client.get(delete.get_absolute_url()).content.decode()
    assert 'id="deletes-everything"' not in alice_client.get(opt_out.get_absolute_url()).content.decode()
