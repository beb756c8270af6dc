"""The account pages and e-mails come from django-allauth, whose catalogs spoke otherwise than optout: Spanish "usted"
beside optout's "tú", Polish forms that assume a man ("Zapomniałeś hasła?"), Brazilian words in European Portuguese.
optout's own wording of them (optout/locale_overrides) now speaks there."""

import re

import pytest
from django.core import mail
from django.urls import reverse

PAGES = {
    "es": ("¿Has olvidado tu contraseña?", re.compile(r"¿Ha olvidado su contraseña|inicie sesión|regístrese")),
    "pl": ("Nie pamiętasz hasła?", re.compile(r"Zapomniałeś|proszę zarejestruj")),
    "pt": ("Esqueceu-se da palavra-passe?", re.compile(r"\bvocê\b|[Hh]abilitar|Inscrição")),
}


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
    assert "vete a" not in message.body and "Para confirmarlo, abre" in message.body


def test_spanish_password_rules_say_tu(client, db):
    page = client.post(reverse("account_signup"), {"email": "ana@example.org", "password1": "12345678",
                                                   "password2": "12345678"},
                       headers={"accept-language": "es"}).content.decode()
    assert "Tu contraseña" in page or "Esta contraseña" in page
    assert "Su contraseña" not in page
