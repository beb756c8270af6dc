"""Logging in and out, changing and resetting a password."""

import re

from django.core import mail
from django.urls import reverse

from conftest import PASSWORD


def test_log_in_with_email_and_password(client, alice):
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_wrong_password_shows_an_error_and_does_not_log_in(client, alice):
    response = client.post(reverse("account_login"), {"login": alice.email, "password": "not it at all"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert client.get(reverse("accounts:settings")).status_code == 302


def test_log_out_needs_a_post_and_ends_the_session(alice_client):
    alice_client.post(reverse("account_logout"))
    assert alice_client.get(reverse("accounts:settings")).status_code == 302


def test_change_password(client, alice):
    client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    new = "a brand new passphrase 42"
    response = client.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)


def test_reset_password_by_email(client, alice):
    client.post(reverse("account_reset_password"), {"email": alice.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get(path, follow=True)
    new = "another fine passphrase 7"
    client.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else path, {"password1": new, "password2": new})
    alice.refresh_from_db()
    assert alice.check_password(new)


def test_personal_pages_send_visitors_to_log_in(client, db):
    for name in ("accounts:settings", "accounts:platforms"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
