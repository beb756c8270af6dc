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


def test_a_password_asked_for_an_unknown_address_is_answered_in_optouts_words(client, db):
    """allauth's text spoke of "our database" and of "this action"; optout says what was asked and what to do."""
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"},
                           headers={"accept-language": "nl"})
    assert response.status_code == 302  # the page says the same as for a known address: no one learns who has one
    [message] = mail.outbox
    assert message.to == ["nobody@example.org"] and message.subject.endswith("Geen account gebruikt dit adres")
    assert "vroeg optout om een nieuw wachtwoord voor het adres nobody@example.org" in message.body
    assert "database" not in message.body and re.search(r"https?://\S+/accounts/signup/", message.body)
    assert not re.search(r"\b(je|jij|jouw)\b", message.body, re.IGNORECASE)


def test_signing_up_again_with_a_known_address_tells_its_owner_and_makes_no_account(client, alice):
    from django.contrib.auth import get_user_model

    client.post(reverse("account_signup"), {"email": alice.email, "password1": "another long passphrase 7",
                                            "password2": "another long passphrase 7"},
                headers={"accept-language": "fr"})
    assert get_user_model().objects.filter(email__iexact=alice.email).count() == 1
    [message] = mail.outbox
    assert message.to == [alice.email] and message.subject.endswith("Quelqu’un a tenté de s’inscrire avec votre adresse")
    assert "a tenté de s’inscrire sur optout avec cette adresse e-mail\u00a0: alice@example.org" in message.body
    assert "aucun nouveau compte n’a donc été créé" in message.body
    assert re.search(r"https?://\S+/accounts/password/reset/", message.body)
    assert "procédure" not in message.body
