"""Turning on two-factor authentication (TOTP) and logging in with a code."""

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.urls import reverse

from conftest import PASSWORD


def current_code(secret: str, offset: int = 0) -> str:
    counter = list(yield_hotp_counters_from_time())[len(list(yield_hotp_counters_from_time())) // 2]
    return format_hotp_value(hotp_value(secret, counter + offset))


def test_activate_totp_then_log_in_with_a_code(client, alice, settings):
    settings.MFA_TOTP_TOLERANCE = 1
    client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))  # confirm the password first
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert secret in page.content.decode()  # shown so it can be typed into an app

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert alice.authenticator_set.filter(type="totp").exists()

    client.post(reverse("account_logout"))
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("accounts:settings")).status_code == 302  # password alone is not enough now

    client.post(reverse("mfa_authenticate"), {"code": current_code(secret, 1)})
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_a_wrong_code_does_not_activate(client, alice):
    client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert not alice.authenticator_set.exists()


def test_adding_an_address_with_two_factor_on_says_how_to_change_it(client, alice, settings):
    """allauth's refusal said only "You cannot add an email address to an account protected by two-factor
    authentication.", and nothing of what to do."""
    settings.MFA_TOTP_TOLERANCE = 1
    client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    client.post(reverse("mfa_activate_totp"), {"code": current_code(client.session["mfa.totp.secret"])})
    assert alice.authenticator_set.filter(type="totp").exists()
    response = client.post(reverse("account_email"), {"action_add": "", "email": "alice.new@example.org"})
    page = " ".join(response.content.decode().split()).replace("&#x27;", "'")
    assert "turn two-factor authentication off, add the new address and confirm it" in page
