"""The account pages and e-mails come from django-allauth, whose catalogs spoke otherwise than optout: Spanish "usted"
beside optout's "tú", Polish forms that assume a man ("Zapomniałeś hasła?"), Brazilian words in European Portuguese,
German "du" and Dutch "je" beside optout's "Sie" and "u". optout's own wording of them (optout/locale_overrides) now
speaks there."""

import re

import pytest
from django.core import mail
from django.urls import reverse

PAGES = {
    "es": ("¿Has olvidado tu contraseña?", re.compile(r"¿Ha olvidado su contraseña|inicie sesión|regístrese")),
    "pl": ("Nie pamiętasz hasła?", re.compile(r"Zapomniałeś|proszę zarejestruj")),
    "pt": ("Esqueceu-se da palavra-passe?", re.compile(r"\bvocê\b|[Hh]abilitar|Inscrição")),
    "de": ("Sie haben noch kein Konto?", re.compile(r"\b([Dd]u|[Dd]ich|[Dd]ir|[Dd]ein\w*|[Ee]uch|[Ee]uer)\b")),
    "nl": ("Hebt u nog geen account?", re.compile(r"\b([Jj]e|[Jj]ij|[Jj]ouw|[Jj]ou|[Jj]ullie)\b")),
}
# German "du" and Dutch "je" in every form allauth's catalogs used them ("Sie" and "u" never match).
INFORMAL = {"de": PAGES["de"][1], "nl": PAGES["nl"][1]}


@pytest.mark.parametrize("language", PAGES)
def test_the_log_in_page_speaks_as_optout_does(client, db, language):
    said, not_said = PAGES[language]
    page = client.get(reverse("account_login"), headers={"accept-language": language}).content.decode()
    assert said in page
    assert not not_said.search(page), not_said.search(page)


def test_the_spanish_confirmation_e_mail_says_tu(client, db):
    client.post(reverse("account_signup"), {"email": "ana@example.org", "password1": "una-clave-larga-9471",
                                            "password2": "una-clave-larga-9471"}, headers={"accept-language": "es"})
    [message] = mail.outbox
    assert message.subject.endswith("Confirma tu dirección de correo electrónico")
    assert "vete a" not in message.body and "Para confirmarla, abre" in message.body


def test_spanish_password_rules_say_tu(client, db):
    page = client.post(reverse("account_signup"), {"email": "ana@example.org", "password1": "12345678",
                                                   "password2": "12345678"},
                       headers={"accept-language": "es"}).content.decode()
    assert "Tu contraseña" in page or "Esta contraseña" in page
    assert "Su contraseña" not in page


def test_the_german_password_reset_page_says_sie(client, db):
    page = client.get(reverse("account_reset_password"), headers={"accept-language": "de"}).content.decode()
    assert "Geben Sie unten Ihre E-Mail-Adresse ein" in page
    assert not INFORMAL["de"].search(page), INFORMAL["de"].search(page)


@pytest.mark.parametrize(("language", "subject", "thanks"), [
    ("de", "Bestätigen Sie Ihre E-Mail-Adresse", "Danke, dass Sie"),
    ("nl", "Bevestig uw e-mailadres", "Iemand, hopelijk u, heeft"),
])
def test_the_confirmation_e_mail_speaks_formally(client, db, language, subject, thanks):
    client.post(reverse("account_signup"), {"email": "ana@example.org", "password1": "ein-langes-wort-9471",
                                            "password2": "ein-langes-wort-9471"}, headers={"accept-language": language})
    [message] = mail.outbox
    assert message.subject.endswith(subject)
    assert thanks in message.body
    assert not INFORMAL[language].search(message.subject + message.body), INFORMAL[language].search(message.body)


@pytest.mark.parametrize("language", ["de", "nl"])
@pytest.mark.parametrize("page", ["account_email", "account_change_password", "account_logout", "mfa_index"])
def test_the_account_settings_speak_formally(alice_client, language, page):
    html = alice_client.get(reverse(page), headers={"accept-language": language}).content.decode()
    assert not INFORMAL[language].search(html), INFORMAL[language].search(html)


def test_the_dutch_two_factor_page_and_its_tab_use_one_word(alice_client):
    page = alice_client.get(reverse("mfa_index"), headers={"accept-language": "nl"}).content.decode()
    assert "<h1>Tweestapsverificatie" in re.sub(r"<h1[^>]*>\s*", "<h1>", page)
    assert "Twee-factor" not in page and "Two-factor" not in page


def test_dutch_password_rules_say_u_and_are_dutch(client, db):
    page = client.post(reverse("account_signup"), {"email": "ana@example.org", "password1": "12345",
                                                   "password2": "12345"},
                       headers={"accept-language": "nl"}).content.decode()
    assert "Dit wachtwoord is te kort" in page and "This password is too short" not in page
    assert not INFORMAL["nl"].search(page), INFORMAL["nl"].search(page)
    page = client.post(reverse("account_signup"), {"email": "annekejansen@example.org", "password1": "annekejansen1",
                                                   "password2": "annekejansen1"},
                       headers={"accept-language": "nl"}).content.decode()
    assert "Het wachtwoord lijkt te veel op uw e-mailadres." in page  # not Django's "op de e-mailadres"


def test_italian_account_buttons_are_in_sentence_case(alice_client):
    """django-allauth's Italian capitalised every word of a button ("Rendi Principale", "Autenticazione a Due
    Fattori") beside optout's sentence case."""
    email = alice_client.get(reverse("account_email"), headers={"accept-language": "it"}).content.decode()
    assert "Rendi principale" in email and "Rendi Principale" not in email
    two_factor = alice_client.get(reverse("mfa_index"), headers={"accept-language": "it"}).content.decode()
    assert "Autenticazione a Due Fattori" not in two_factor


def test_french_sign_up_says_e_mail_and_s_inscrire(client, db):
    page = client.get(reverse("account_signup"), headers={"accept-language": "fr"}).content.decode()
    assert "Courriel" not in page and "Création de compte" not in page
    assert "E-mail" in page and "S’inscrire" in page
