"""Notification e-mails: a subject shortened at a word, never cut mid-word."""

from django.core import mail

from optout.notify.services import email_subject, notify


def test_long_text_is_shortened_at_a_word_with_an_ellipsis(alice, settings):
    settings.OPTOUT_SITE_NAME = "optout at home"
    text = ("Instagram changed its privacy policy: the new version mentions training generative models on "
            "public posts. Check your steps.")
    notify(alice, text, "/plan/")
    subject = mail.outbox[-1].subject
    assert subject.startswith("optout at home: Instagram changed its privacy policy")
    assert subject.endswith("…") and len(subject) <= len("optout at home: ") + 80
    shown = subject.removeprefix("optout at home: ").removesuffix("…")
    assert text.startswith(shown) and text[len(shown)] == " "  # ends where a word ends
    assert mail.outbox[-1].body.startswith(text)


def test_short_text_is_kept_whole():
    assert email_subject("Reminder: Meta") == "Reminder: Meta"
    assert email_subject("a" * 100).endswith("…") and len(email_subject("a" * 100)) == 80
