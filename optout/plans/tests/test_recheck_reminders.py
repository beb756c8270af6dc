"""The periodic tick: due re-checks become "needs re-check" and the person hears about it once."""

import datetime as dt

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from optout.notify.models import Notification
from optout.plans import services
from optout.plans.models import Status


def test_a_done_step_needs_a_recheck_when_its_date_comes(alice, alice_plan):
    action = services.set_status(alice_plan[0], Status.DONE)
    assert services.run_due(timezone.now() + dt.timedelta(days=89))["recheck"] == 0
    counts = services.run_due(timezone.now() + dt.timedelta(days=91))
    assert counts["recheck"] == 1
    action.refresh_from_db()
    assert action.status == Status.NEEDS_RECHECK
    assert action.events.last().text.startswith("Time to check again")
    assert Notification.objects.filter(owner=alice, text__contains="Time to re-check").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.org"]
    assert services.run_due(timezone.now() + dt.timedelta(days=92))["recheck"] == 0


def test_a_failed_email_is_recorded_not_swallowed(alice, alice_plan, settings):
    settings.MAILERS = {"default": {"BACKEND": "optout.notify.tests.broken_mailer.BrokenBackend"}}
    services.set_status(alice_plan[0], Status.DONE)
    services.run_due(timezone.now() + dt.timedelta(days=91))
    note = Notification.objects.get(owner=alice)
    assert note.emailed_at is None and "mail server is down" in note.email_error


def test_the_history_the_clock_writes_is_said_in_the_readers_language(alice, alice_client, alice_plan):
    """The background worker speaks to nobody: it wrote "Time to check again …" in English in a German person's
    step history, and so in their proof report. Then it wrote it in the language the person had, which a person who
    changed language later read beside sentences in another. It is now said in the language of the page."""
    from django.utils import translation

    from optout.accounts.models import Profile

    Profile.objects.filter(owner=alice).update(language="de")
    action = services.set_status(alice_plan[0], Status.DONE)
    services.run_due(timezone.now() + dt.timedelta(days=91))
    english = "Time to check again: platforms change their settings."
    with translation.override("de"):
        german = translation.gettext(english)
    assert german != english and action.events.last().text == english
    url = reverse("plans:action", args=[action.number])
    assert german in alice_client.get(url, headers={"accept-language": "de"}).content.decode()
    alice_client.cookies["django_language"] = "en"
    page = alice_client.get(url).content.decode()
    assert english in page and german not in page
    alice_client.cookies["django_language"] = "de"
    assert german in alice_client.get(reverse("plans:report")).content.decode()
