"""Italian writes "l’8 dicembre", "dall’11 novembre": the translations put "il" before a date they cannot see, and
pages, e-mails and news said "il 8 dicembre"."""

import datetime as dt

from django.core import mail
from django.urls import reverse
from django.utils import translation

from optout.lib.i18n import elide
from optout.notify.services import notify
from optout.plans import services
from optout.plans.models import Action, Status


def test_elision_before_eight_and_eleven_only():
    assert elide("Controllato il 8 dicembre 2026, dal 11 novembre al 18 dicembre", "it") == (
        "Controllato l’8 dicembre 2026, dall’11 novembre al 18 dicembre")
    assert elide("il 80 per cento, il 1° dicembre, Il 11 maggio", "it", "'") == "il 80 per cento, il 1° dicembre, L'11 maggio"
    assert elide("il 8 dicembre", "de") == "il 8 dicembre"


def test_an_italian_page_an_e_mail_and_the_news_elide(alice_client, alice, alice_plan):
    done = services.set_status(alice_plan[0], Status.DONE)
    Action.objects.filter(pk=done.pk).update(recheck_at=dt.datetime(2027, 1, 8, 12, tzinfo=dt.UTC))
    alice_client.cookies["django_language"] = "it"
    page = alice_client.get(reverse("plans:action", args=[done.number])).content.decode()
    assert "Da ricontrollare l’8 gennaio 2027" in page and "il 8 gennaio" not in page
    with translation.override("it"):
        notify(alice, "La risposta a OPT-1 è dovuta il 11 gennaio 2027.", "/letters/1/", kind="letter-due")
    [message] = mail.outbox
    assert "dovuta l’11 gennaio 2027" in message.subject and "dovuta l’11 gennaio 2027" in message.body
    assert "l’11 gennaio" in alice.notifications.get().text
