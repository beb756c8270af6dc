"""French writes "le formulaire d’Instagram", "qu’il": the translations put "de" before a name they cannot see, and
pages, e-mails, news and letters said "de Instagram"."""

from django.core import mail
from django.urls import reverse
from django.utils import translation

from conftest import make_plan
from optout.lib.i18n import elide
from optout.notify.services import notify


def test_de_and_que_elide_before_a_vowel_only():
    assert elide("la confirmation de Instagram, que il dit, de Amazon", "fr") == (
        "la confirmation d’Instagram, qu’il dit, d’Amazon")
    assert elide("de Hulu, de 8 heures, de LinkedIn, De Instagram", "fr", "'") == (
        "de Hulu, de 8 heures, de LinkedIn, D'Instagram")
    assert elide("de Instagram", "es") == "de Instagram"


def test_a_french_page_an_e_mail_and_the_news_elide(alice, alice_client):
    from optout.plans.models import Action

    make_plan(alice, "EU", ["instagram"])
    step = Action.objects.get(owner=alice, mechanism="eu-objection-form")
    alice_client.cookies["django_language"] = "fr"
    page = alice_client.get(reverse("plans:action", args=[step.number])).content.decode()
    assert "Ouvrir le formulaire d’Instagram" in page and " de Instagram" not in page
    with translation.override("fr"):
        notify(alice, "Pas encore de confirmation de Instagram pour « Objet ».", step.get_absolute_url())
    [message] = mail.outbox
    assert "confirmation d’Instagram" in message.subject and "confirmation d’Instagram" in message.body
    assert "confirmation d’Instagram" in alice.notifications.get().text
