"""An e-mail the mail server did not take is tried again at the next ticks of the clock: a deadline's reminder sent
while the server was down was lost, apart from a badge on the dashboard."""

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from optout.notify.models import Notification
from optout.notify.services import EMAIL_TRIES, notify
from optout.ops.ticks import JOBS

DOWN = {"down": True}


class FlakyBackend(EmailBackend):
    def send_messages(self, messages):
        if DOWN["down"]:
            raise ConnectionRefusedError("the mail server is down")
        return super().send_messages(messages)


def test_an_undelivered_e_mail_is_sent_once_the_server_is_back(alice, alice_client, settings):
    from optout.notify.tasks import notify_tick

    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}
    DOWN["down"] = True
    notify(alice, "The answer to OPT-1 is due on 8 December 2026.", "/letters/1/", kind="letter-due")
    notification = Notification.objects.get()
    assert notification.emailed_at is None and "the mail server is down" in notification.email_error
    page = alice_client.get(reverse("plans:dashboard")).content.decode()
    assert "E-mail not delivered yet: optout tries again" in page

    assert notify_tick.call() == {"sent": 0, "failed": 1}
    DOWN["down"] = False
    assert notify_tick.call() == {"sent": 1, "failed": 0}
    assert notify_tick.call() == {"sent": 0, "failed": 0}, "sent once"
    [message] = mail.outbox
    assert message.subject == "optout: The answer to OPT-1 is due on 8 December 2026."
    assert "Open the letter: http://127.0.0.1:8000/letters/1/" in message.body
    notification.refresh_from_db()
    assert notification.emailed_at and notification.email_error == "" and notification.unsent_email is None
    assert "E-mail not delivered" not in alice_client.get(reverse("plans:dashboard")).content.decode()
    assert "optout.notify.tasks.notify_tick" in JOBS


def test_the_tries_end_and_the_dashboard_says_it_was_not_delivered(alice, alice_client, settings):
    from optout.notify.services import retry_emails

    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}
    DOWN["down"] = True
    notify(alice, "Time to re-check Instagram.", "/plan/", kind="recheck")
    for _ in range(EMAIL_TRIES + 2):
        retry_emails()
    notification = Notification.objects.get()
    assert notification.email_tries == EMAIL_TRIES and notification.unsent_email is None
    page = alice_client.get(reverse("plans:dashboard")).content.decode()
    assert "E-mail not delivered" in page and "tries again" not in page
    DOWN["down"] = False


class DyingBackend(EmailBackend):
    """A worker killed while it talks to the mail server (a deploy, the machine's memory running out)."""

    def send_messages(self, messages):
        raise SystemExit("worker stopped")


def test_an_e_mail_a_dying_worker_was_sending_is_tried_again_by_the_next(alice, alice_client, settings):
    from optout.notify.services import retry_emails

    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}
    DOWN["down"] = True
    notify(alice, "The answer to OPT-4 is due on 9 December 2026.", "/letters/4/", kind="letter-due")
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.DyingBackend"}}
    try:
        retry_emails()
    except SystemExit:
        pass
    notification = Notification.objects.get()
    assert notification.unsent_email is not None and notification.email_tries == 2, "kept, one more try counted"
    assert "E-mail not delivered yet: optout tries again" in alice_client.get(reverse("plans:dashboard")).content.decode()

    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}
    DOWN["down"] = False
    assert retry_emails() == {"sent": 1, "failed": 0}
    [message] = mail.outbox
    assert message.subject == "optout: The answer to OPT-4 is due on 9 December 2026."
    notification.refresh_from_db()
    assert notification.emailed_at and notification.unsent_email is None and notification.email_tries == 3


def test_an_e_mail_whose_account_lost_its_address_says_so_instead_of_vanishing(alice, settings):
    from optout.notify.services import retry_emails

    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}
    DOWN["down"] = True
    notify(alice, "Time to re-check Instagram.", "/plan/", kind="recheck")
    alice.email = ""
    alice.save()
    DOWN["down"] = False
    assert retry_emails() == {"sent": 0, "failed": 0}
    notification = Notification.objects.get()
    assert notification.unsent_email is None and notification.email_error == "The account has no e-mail address any more."
    assert not mail.outbox


def test_an_e_mail_held_for_a_retry_is_not_sent_after_e_mail_was_turned_off(alice, settings, monkeypatch):
    """A person who clicked "stop these e-mails" while the mail server was down still got the retries."""
    from optout.notify import services
    from optout.notify.tasks import notify_tick

    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}
    DOWN["down"] = True
    notify(alice, "The answer to OPT-1 is due on 8 December 2026.", "/letters/1/", kind="letter-due")
    # what the settings answer once "stop these e-mails" is clicked (accounts registers the question at start-up)
    monkeypatch.setattr(services, "EMAIL_WANTED", [lambda owner: False])
    DOWN["down"] = False
    assert notify_tick.call() == {"sent": 0, "failed": 0}
    assert not mail.outbox
    notification = Notification.objects.get()
    assert notification.unsent_email is None and "turned news by e-mail off" in notification.email_error
