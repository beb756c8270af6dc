"""Notification e-mails: a subject shortened at a word, never cut mid-word."""

from django.core import mail

from optout.notify.services import SUBJECT_LENGTH, email_subject, notify


def test_long_text_is_shortened_at_a_word_with_an_ellipsis(alice, settings):
    settings.OPTOUT_SITE_NAME = "optout at home"
    text = ("Instagram changed its privacy policy: the new version mentions training generative models on "
            "public posts, including the photos and captions of every account. Check your steps.")
    notify(alice, text, "/plan/")
    subject = mail.outbox[-1].subject
    assert subject.startswith("optout at home: Instagram changed its privacy policy")
    assert subject.endswith("…") and len(subject) <= len("optout at home: ") + SUBJECT_LENGTH
    shown = subject.removeprefix("optout at home: ").removesuffix("…")
    assert text.startswith(shown) and text[len(shown)] == " "  # ends where a word ends
    assert mail.outbox[-1].body.startswith(text)


def test_short_text_is_kept_whole():
    assert email_subject("Reminder: Meta") == "Reminder: Meta"
    assert email_subject("a" * 200).endswith("…") and len(email_subject("a" * 200)) == SUBJECT_LENGTH


def test_the_news_a_subject_carries_is_not_cut_before_its_date_and_french_keeps_its_spaces(alice):
    """Subjects were cut at 80 characters: "The answer to OPT-2026-001001 (Meta Platforms Ireland Limited) is due on
    10…" lost its date; French subjects lost their no-break spaces ("optout:" with none at all)."""
    from django.utils import translation

    notify(alice, "The answer to OPT-2026-001001 (Meta Platforms Ireland Limited) is due on 10 January 2027.",
           "/letters/1/", kind="letter-due", details={"statutory": True})
    assert mail.outbox[-1].subject.endswith("is due on 10 January 2027.")
    with translation.override("fr"):
        notify(alice, "Peut-être sur l’IA\u00a0: LinkedIn a modifié sa politique.", "/watch/")
    assert mail.outbox[-1].subject == "optout\u00a0: Peut-être sur l’IA\u00a0: LinkedIn a modifié sa politique."
    assert "\u00a0:" in mail.outbox[-1].body or "optout" in mail.outbox[-1].body


def test_a_subject_whose_news_names_the_site_after_an_article_names_it_once(alice):
    from django.utils import translation

    with translation.override("pt"):
        notify(alice, "O optout não conseguiu ler a Política de Privacidade do Instagram.", "/watch/")
    assert mail.outbox[-1].subject == "O optout não conseguiu ler a Política de Privacidade do Instagram."
