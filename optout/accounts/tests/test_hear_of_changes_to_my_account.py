"""A changed password or a changed address is told to the account's owner by e-mail, in optout's words and their
language; a confirmation e-mail says what is asked (allauth's own text told a person adding an address to their
account that "user X has given your email address to register an account")."""

import re

from django.core import mail
from django.urls import reverse

from conftest import PASSWORD


def test_a_changed_password_is_told_with_where_the_change_came_from(alice, alice_client):
    new = "a brand new passphrase 42"
    response = alice_client.post(reverse("account_change_password"),
                                 {"oldpassword": PASSWORD, "password1": new, "password2": new},
                                 headers={"accept-language": "de"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    [notice] = mail.outbox
    assert notice.to == [alice.email] and "Ihr Passwort wurde geändert" in notice.subject
    assert "Ihr Passwort wurde geändert." in notice.body and "IP-Adresse:" in notice.body
    assert "Wenn Sie diese Änderung nicht vorgenommen haben" in notice.body
    assert not re.search(r"\b(du|dein|dich|dir)\b", notice.body, re.IGNORECASE)


def test_adding_an_address_asks_to_confirm_it_without_calling_it_a_new_account(alice, alice_client):
    response = alice_client.post(reverse("account_email"), {"action_add": "", "email": "alice.work@example.org"})
    assert response.status_code in (200, 302)
    confirm = next(m for m in mail.outbox if "alice.work@example.org" in m.to)
    assert "to register an account" not in confirm.body
    assert "asked" in confirm.body and "to confirm that this e-mail address belongs to the account" in confirm.body
    assert confirm.subject.endswith("Confirm your e-mail address")


def test_the_password_reset_e_mail_says_what_was_asked_in_optouts_words(client, alice):
    """allauth's Italian said "perché hai richiesto la password" (that you asked for your password), its English
    subject "Password Reset Email"."""
    client.post(reverse("account_reset_password"), {"email": alice.email}, headers={"accept-language": "it"})
    [message] = mail.outbox
    assert message.subject.endswith("Scegli una nuova password")
    assert "Qualcuno, speriamo tu, ha chiesto una nuova password per il tuo account" in message.body
    assert "hai richiesto la password" not in message.body
    assert re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body)
