"""A new person signs up, confirms their e-mail address from the message they get, and is logged in."""

import re

from django.core import mail
from django.urls import reverse

from conftest import PASSWORD


def test_sign_up_sends_a_confirmation_and_the_link_logs_you_in(client, db):
    response = client.post(
        reverse("account_signup"), {"email": "carol@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["carol@example.org"]
    assert message.subject.startswith("[optout] ")
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", message.body).group(0)

    assert client.get(reverse("accounts:settings")).status_code == 302  # not verified yet, so not logged in

    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)
    page = client.get(reverse("accounts:settings"))
    assert page.status_code == 200
    assert "carol@example.org" in page.content.decode()


def test_sign_up_rejects_a_weak_password_and_says_why(client, db):
    response = client.post(reverse("account_signup"), {"email": "dan@example.org", "password1": "123", "password2": "123"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This password is too short" in html
    assert 'aria-invalid="true"' in html
    assert not mail.outbox


def test_signing_up_twice_with_one_address_does_not_make_a_second_account(client, alice):
    from django.contrib.auth import get_user_model

    client.post(reverse("account_signup"), {"email": alice.email, "password1": PASSWORD, "password2": PASSWORD})
    assert get_user_model().objects.filter(email__iexact=alice.email).count() == 1
