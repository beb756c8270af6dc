"""The admin asks for the second factor and is rate limited (issue 12, finding 7), with limits every process shares."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import connection
from django.urls import reverse

from conftest import PASSWORD, make_user
from optout.accounts.tests.test_two_factor import current_code


def _superuser_with_totp():
    user = make_user("admin@example.org")
    user.is_staff = user.is_superuser = True
    user.save()
    secret = "JBSWY3DPEHPK3PXP"
    TOTP.activate(user, secret)
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    return user, secret


def test_the_admin_login_form_does_not_accept_a_password_alone(client, db):
    _superuser_with_totp()
    response = client.post(reverse("admin:login") + "?next=/admin/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert client.get("/admin/").status_code == 302  # not logged in


def test_a_superuser_with_totp_reaches_the_admin_only_after_the_code(client, db, settings):
    settings.MFA_TOTP_TOLERANCE = 1
    _user, secret = _superuser_with_totp()
    first = client.get("/admin/")
    assert first.status_code == 302
    login = client.get(first["Location"], follow=True)
    assert login.redirect_chain[-1][0].startswith(reverse("account_login"))
    response = client.post(reverse("account_login"), {"login": "admin@example.org", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # the password alone is not enough
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret, 1)})
    assert client.get("/admin/").status_code == 200


def test_people_who_are_not_staff_are_refused_by_the_admin(alice_client):
    assert alice_client.get(reverse("admin:login")).status_code == 403


def test_twenty_five_wrong_passwords_lock_the_login_even_for_the_right_one(client, db):
    _superuser_with_totp()
    answers = [client.post(reverse("account_login"), {"login": "admin@example.org", "password": f"wrong {n}"})
               for n in range(25)]
    assert "not correct" in answers[0].content.decode()
    assert "Too many failed login attempts" in answers[-1].content.decode()
    right = client.post(reverse("account_login"), {"login": "admin@example.org", "password": PASSWORD})
    assert right.status_code != 302 and "Too many failed login attempts" in right.content.decode()
    with connection.cursor() as cursor:  # counted in the database cache, which every process shares
        cursor.execute("SELECT COUNT(*) FROM optout_cache")
        assert cursor.fetchone()[0] > 0


def test_sign_up_and_password_reset_are_rate_limited_per_address(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "3/m/ip", "reset_password": "3/m/ip"}
    signups = [client.post(reverse("account_signup"), {"email": f"p{n}@example.org", "password1": PASSWORD,
                                                       "password2": PASSWORD}) for n in range(4)]
    assert [r.status_code for r in signups] == [302, 302, 302, 429]
    assert "Too many requests came from your address" in signups[-1].content.decode()
    resets = [client.post(reverse("account_reset_password"), {"email": "p0@example.org"}) for _ in range(4)]
    assert resets[-1].status_code == 429 and resets[0].status_code == 302
