"""Every news e-mail carries a link, and a header for mail programs' "unsubscribe" button, that stops optout's
e-mails without logging in: the footer led only to the settings page, behind a log-in."""

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from optout.accounts.models import Profile
from optout.notify.services import notify


def _off_link(message) -> str:
    return message.extra_headers["List-Unsubscribe"].strip("<>")


def test_the_link_asks_first_and_a_post_stops_the_e_mails(alice, bob, settings):
    notify(alice, "The answer to OPT-1 is due on 8 December 2026.", "/letters/1/", kind="letter-due")
    [message] = mail.outbox
    link = _off_link(message)
    assert f"To stop these e-mails: {link}" in message.body
    assert "List-Unsubscribe-Post" not in message.extra_headers, "one-click only over https"
    path = link.removeprefix(settings.SITE_URL)

    visitor = Client(enforce_csrf_checks=True)  # no session: the link is opened from the mailbox
    asked = visitor.get(path)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Stop e-mailing news to a…@example.org" in page and "alice@example.org" not in page
    assert Profile.objects.filter(owner=alice, email_news=False).count() == 0, "opening the link (a link checker) stops nothing"

    stopped = visitor.post(path)
    assert stopped.status_code == 200 and "optout no longer e-mails your news to a…@example.org" in stopped.content.decode()
    assert Profile.objects.get(owner=alice).email_news is False
    assert Profile.objects.filter(owner=bob, email_news=False).count() == 0

    mail.outbox.clear()
    notify(alice, "The answer to OPT-2 is due on 9 December 2026.", "/letters/2/", kind="letter-due")
    notify(bob, "The answer to OPT-3 is due on 9 December 2026.", "/letters/3/", kind="letter-due")
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]


def test_a_mail_programs_one_click_post_stops_them(alice, settings):
    settings.SITE_URL = "https://optout.example.org"
    notify(alice, "Time to re-check Instagram.", "/plan/", kind="recheck")
    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = _off_link(message).removeprefix("https://optout.example.org")
    answer = Client(enforce_csrf_checks=True).post(path, "List-Unsubscribe=One-Click",
                                                   content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 200
    assert Profile.objects.get(owner=alice).email_news is False


def test_a_cut_forged_or_orphaned_link_stops_nothing_and_says_why(alice, bob, settings):
    notify(alice, "Time to re-check Instagram.", "/plan/", kind="recheck")
    path = _off_link(mail.outbox[0]).removeprefix(settings.SITE_URL)
    token = path.rstrip("/").rsplit("/", 1)[1]
    client = Client()
    for broken in (path.replace(token, token[:-6]), path.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B")),
                   "/me/email-off/not-a-link/"):
        answer = client.post(broken)
        assert answer.status_code == 404 and "This link does not work" in answer.content.decode()
    assert Profile.objects.filter(email_news=False).count() == 0

    # the account is deleted and another takes its number: the old link must not reach the new person
    number = alice.pk
    alice.delete()
    newcomer = get_user_model().objects.create_user("carol", "carol@example.org", "pw-123456789", pk=number)
    newcomer.date_joined = newcomer.date_joined.replace(year=2027)
    newcomer.save()
    assert client.post(path).status_code == 404
    assert Profile.objects.filter(email_news=False).count() == 0
