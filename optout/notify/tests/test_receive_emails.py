"""The e-mails optout sends: every kind from its templates, as plain text and HTML, with a working link."""

import pytest
from django.core import mail

from optout.notify.models import Notification
from optout.notify.services import EMAIL_KINDS, notify

CALL_TO_ACTION = {
    "message": "Open it in optout",
    "recheck": "Re-check the step",
    "confirmation-due": "Open the step",
    "letter-due": "Open the letter",
    "letter-overdue": "Open the letter",  # what to write next depends on the letter (test_track_request)
    "policy-change": "See what changed",
}


def test_every_kind_has_its_call_to_action_listed_here():
    assert set(CALL_TO_ACTION) == set(EMAIL_KINDS)


@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_each_kind_of_email_has_a_subject_a_text_and_an_html_part(alice, settings, kind):
    settings.SITE_URL = "https://optout.example.org"
    settings.OPTOUT_SITE_NAME = "optout"
    text = "Instagram <b>changed</b> what its privacy policy says about AI & training."
    notify(alice, text, "/plan/step/3/", kind=kind)
    # the page itself, which reads the news when shown: a link through the news row would die with it (pruned once read)
    link = "https://optout.example.org/plan/step/3/"
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "optout: Instagram <b>changed</b> what its privacy policy says about AI & training."
    assert text in message.body  # plain text: as written, nothing escaped
    assert f"{CALL_TO_ACTION[kind]}: {link}" in message.body
    off_link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert off_link.startswith("https://optout.example.org/me/email-off/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (f"To stop these e-mails: {off_link}\n"
            "To choose which news reaches you: https://optout.example.org/me/#notifications") in message.body
    [(html, mimetype)] = message.alternatives
    assert f'<a href="{off_link}">Stop these e-mails</a>' in html
    assert mimetype == "text/html"
    assert "Instagram &lt;b&gt;changed&lt;/b&gt; what its privacy policy says about AI &amp; training." in html
    assert f'href="{link}"' in html and CALL_TO_ACTION[kind] in html
    for part in (message.subject, message.body, html):
        assert "{{" not in part and "{%" not in part
    assert Notification.objects.get(owner=alice).emailed_at is not None


def test_a_notification_without_a_link_has_no_button(alice):
    notify(alice, "Your export is ready.")
    [message] = mail.outbox
    assert "Open it in optout" not in message.body and "<a href=\"http" not in message.alternatives[0][0].split("<hr")[0]


def test_an_unknown_kind_is_a_programming_error_not_a_silent_plain_mail(alice):
    with pytest.raises(ValueError, match="no e-mail kind 'birthday'"):
        notify(alice, "Happy birthday", kind="birthday")
    assert not Notification.objects.exists() and not mail.outbox


def test_a_subject_names_the_site_once(alice, settings):
    settings.OPTOUT_SITE_NAME = "optout"
    notify(alice, "optout has not been able to read Instagram’s Privacy Policy (since 30 November 2026).")
    notify(alice, "Instagram changed what its privacy policy says about AI.")
    assert [m.subject for m in mail.outbox] == [
        "optout has not been able to read Instagram’s Privacy Policy (since 30 November 2026).",
        "optout: Instagram changed what its privacy policy says about AI."]
