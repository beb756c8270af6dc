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
    confirmed = client.post("/" + path, follow=True).content.decode()
    assert "Successfully signed in as carol@example.org." in confirmed  # never as a user name nobody chose
    page = client.get(reverse("accounts:settings"))
    assert page.status_code == 200
    assert "carol@example.org" in page.content.decode()
    # the user name nobody sees says nothing of her (made from the address, it outlived a change of address)
    from django.contrib.auth import get_user_model

    name = get_user_model().objects.get(email="carol@example.org").username
    assert name.startswith("user-") and "carol" not in name


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


def test_a_local_install_shows_the_confirmation_link_on_the_page(client, db, settings):
    settings.OPTOUT_MAIL_TO_CONSOLE = True  # no SMTP server: e-mails are only printed in the terminal
    response = client.post(
        reverse("account_signup"), {"email": "fay@example.org", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    html = response.content.decode()
    link = re.search(r'id="local-confirmation-link" href="([^"]+)"', html).group(1)
    assert link == re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", mail.outbox[0].body).group(0)
    assert "spam folder" not in html and "sends no e-mails" in html
    assert "Confirmation email sent to" not in html  # the page says that none was sent
    client.post(link)
    assert "fay@example.org" in client.get(reverse("accounts:settings")).content.decode()


def test_a_public_server_without_mail_never_shows_the_link(client, db, settings):
    settings.OPTOUT_MAIL_TO_CONSOLE = True
    settings.OPTOUT_SITE_PUBLIC = True  # anyone could sign up with someone else's address and confirm it
    response = client.post(
        reverse("account_signup"), {"email": "hal@example.org", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    html = response.content.decode()
    assert "local-confirmation-link" not in html and not re.search(r"confirm-email/[\w:-]{10,}", html)


def test_a_visitor_from_another_computer_never_gets_the_link(client, db, settings, alice):
    """`optout serve --host 0.0.0.0` on a home network: anyone there could sign up with someone else's address and
    confirm it, and an address with an account got "we have sent you an e-mail" where a new one got the link."""
    settings.OPTOUT_MAIL_TO_CONSOLE = True
    pages = []
    for email in ("ivy@example.org", alice.email):
        response = client.post(reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD},
                               follow=True, REMOTE_ADDR="192.168.1.20")
        html = response.content.decode()
        assert "local-confirmation-link" not in html and not re.search(r"confirm-email/[\w:-]{10,}", html)
        assert 'id="no-mail-here"' in html and "We have sent you an e-mail" not in html
        pages.append(html[html.index("<h1>"):html.index("</main>") if "</main>" in html else None])
        client.logout()
    assert pages[0] == pages[1]


def test_with_a_mail_server_the_page_says_to_look_in_the_inbox(client, db, settings):
    settings.OPTOUT_MAIL_TO_CONSOLE = False
    response = client.post(
        reverse("account_signup"), {"email": "gus@example.org", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    html = response.content.decode()
    assert "local-confirmation-link" not in html and not re.search(r"confirm-email/[\w:-]{10,}", html)
    assert "We have sent you an e-mail with a link" in html and "Confirmation email sent to gus@example.org" in html


def test_the_email_names_the_site_and_its_link_survives_the_terminal(client, db, settings):
    import io

    from optout.lib.mail import ConsoleBackend

    settings.OPTOUT_SITE_NAME = "Ana's optout"
    client.post(reverse("account_signup"), {"email": "hal@example.org", "password1": PASSWORD, "password2": PASSWORD})
    message = mail.outbox[0]
    assert "Hello from Ana's optout!" in message.body and "from 127.0.0.1" not in message.body
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", message.body).group(0)
    stream = io.StringIO()
    ConsoleBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert any(link in line for line in printed.splitlines())  # whole on one line: clickable, copyable
    assert "=3D" not in printed and "Content-Transfer-Encoding" not in printed  # not quoted-printable
    assert f"Subject: {message.subject}" in printed
