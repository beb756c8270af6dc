"""A person can stop optout's e-mails: the footer of every e-mail said "Choose how it reaches you" and led to a page
that said optout always e-mails. Their news still shows in optout and goes to their channels."""

import re

from django.core import mail
from django.urls import reverse
from typer.testing import CliRunner

from optout.accounts.models import Profile
from optout.cli import build_app
from optout.notify.models import Notification
from optout.notify.services import notify


def _e_mail_box(html: str) -> str:
    return re.search(r'<input[^>]*name="email_news"[^>]*>', html).group(0)


def test_news_stops_coming_by_e_mail_and_still_shows_in_optout(alice_client, alice, bob, settings):
    settings.OPTOUT_MAIL_TO_CONSOLE = False  # a copy with a mail server
    notify(alice, "The answer to OPT-1 is due on 8 December 2026.", "/letters/1/", kind="letter-due")
    [message] = mail.outbox
    assert f"To choose which news reaches you: http://127.0.0.1:8000{reverse('accounts:settings')}#notifications" in message.body

    page = alice_client.get(reverse("accounts:settings")).content.decode()
    assert "checked" in _e_mail_box(page) and "Also e-mail me my news" in page
    saved = alice_client.post(reverse("accounts:policy_news"), {"policy_news": "all"}, follow=True)  # box unticked
    assert "checked" not in _e_mail_box(saved.content.decode())
    assert Profile.objects.get(owner=alice).email_news is False
    assert Profile.objects.filter(owner=bob, email_news=False).count() == 0
    assert "You asked it not to e-mail your news." in alice_client.get(reverse("notify:channels")).content.decode()

    mail.outbox.clear()
    notify(alice, "The answer to OPT-2 is due on 9 December 2026.", "/letters/2/", kind="letter-due")
    notify(bob, "The answer to OPT-3 is due on 9 December 2026.", "/letters/3/", kind="letter-due")
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    shown = Notification.objects.get(owner=alice, url="/letters/2/")
    assert shown.emailed_at is None and shown.email_error == ""
    assert "The answer to OPT-2" in alice_client.get(reverse("plans:dashboard")).content.decode()


def test_the_command_line_turns_e_mail_on_and_off_and_refuses_anything_else(db):
    def run(*args):
        return CliRunner().invoke(build_app(), list(args))

    assert run("plan", "new", "--region", "EU", "--platforms", "instagram").exit_code == 0  # makes the user 'local'
    off = run("settings", "set", "--email-news", "off")
    assert off.exit_code == 0 and "News by e-mail:" in off.output and "off (in optout and on your channels only)" in off.output
    assert Profile.objects.get(owner__username="local").email_news is False
    refused = run("settings", "set", "--email-news", "sometimes", "--recheck-days", "30")
    assert refused.exit_code == 1 and "--email-news: Say whether to e-mail your news: on or off. Nothing was changed." in refused.output
    assert Profile.objects.get(owner__username="local").recheck_days == 90
    assert run("settings", "set", "--email-news", "on").exit_code == 0
    assert Profile.objects.get(owner__username="local").email_news is True
