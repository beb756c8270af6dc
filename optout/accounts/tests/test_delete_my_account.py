"""“Delete my account” takes everything that refers to the person: every session (also one halfway through a login
or a sign-up) and the corrections they sent the catalog."""

import datetime as dt

from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from optout.catalog.models import Correction


def _delete(client) -> str:
    done = client.post(reverse("accounts:delete"), {"password": PASSWORD, "understood": "on"}, follow=True)
    assert done.status_code == 200
    return done.content.decode()


def _sessions_naming(*needles: str) -> list[str]:
    return [str(s.get_decoded()) for s in Session.objects.all() if any(n in str(s.get_decoded()) for n in needles)]


def test_a_login_halfway_through_two_factor_goes_with_the_account(client, alice, bob):
    TOTP.activate(alice, "JBSWY3DPEHPK3PXP")
    TOTP.activate(bob, "JBSWY3DPEHPK3PXQ")
    halfway, bobs_halfway = Client(), Client()
    assert halfway.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})["Location"] == \
        reverse("mfa_authenticate")  # password given, code not yet: allauth keeps who is signing in
    bobs_halfway.post(reverse("account_login"), {"login": bob.email, "password": PASSWORD})
    assert _sessions_naming("alice@")
    old = SessionStore()
    old["_auth_user_id"] = str(alice.pk)
    old.set_expiry(timezone.now() - dt.timedelta(days=1))  # expired, never cleared: still her data
    old.create()

    client.force_login(alice)
    assert "Your account and everything in it have been deleted." in _delete(client)

    assert _sessions_naming("alice@") == []
    assert not Session.objects.filter(session_key=old.session_key).exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(alice.pk)]
    assert _sessions_naming("bob@")  # bob's own login, halfway too, is his business


def test_a_sign_up_waiting_for_its_address_to_be_confirmed_goes_with_the_account(client, db):
    signing_up = Client()
    signing_up.post(reverse("account_signup"), {"email": "carol@example.org", "password1": PASSWORD,
                                                "password2": PASSWORD})
    carol = get_user_model().objects.get(email="carol@example.org")
    waiting = signing_up.session.session_key
    assert signing_up.session["account_login"]["signup"]  # "check your e-mail": allauth remembers who signs up
    carol.emailaddress_set.update(verified=True)  # she confirmed from her phone, signed in there, and deletes
    client.force_login(carol)

    _delete(client)

    assert not get_user_model().objects.filter(email="carol@example.org").exists()
    assert not Session.objects.filter(session_key=waiting).exists()


def test_my_corrections_to_the_catalog_go_with_my_account(client, alice):
    client.force_login(alice)
    sent = client.post(reverse("catalog:correct", args=["instagram"]),
                       {"where": "general", "what": "I am Alice Artist of 12 Secret Street; the step is wrong."})
    assert sent.status_code == 302
    anonymous = Client().post(reverse("catalog:correct", args=["instagram"]),
                              {"where": "general", "what": "Someone without an account says so too."})
    assert anonymous.status_code == 302
    assert Correction.objects.filter(owner=alice).count() == 1

    _delete(client)

    assert not Correction.objects.filter(what__contains="Secret Street").exists()
    assert list(Correction.objects.values_list("what", flat=True)) == ["Someone without an account says so too."]


def test_the_delete_page_says_that_backups_keep_a_copy(alice_client):
    page = alice_client.get(reverse("accounts:delete")).content.decode()
    assert "copies of your account in backups made before you delete it stay" in page
    assert "not your notification channels or calendar address" in page


def test_someone_without_a_password_confirms_by_typing_their_address(client, alice):
    alice.set_unusable_password()
    alice.save()
    client.force_login(alice)
    page = client.get(reverse("accounts:delete")).content.decode()
    assert 'type="password"' not in page and "Your e-mail address" in page

    wrong = client.post(reverse("accounts:delete"), {"who": "bob@example.org", "understood": "on"})
    assert wrong.status_code == 400 and "That is not the address of this account." in wrong.content.decode()
    assert get_user_model().objects.filter(pk=alice.pk).exists()

    done = client.post(reverse("accounts:delete"), {"who": "Alice@Example.org ", "understood": "on"}, follow=True)
    assert "Your account and everything in it have been deleted." in done.content.decode()
    assert not get_user_model().objects.filter(pk=alice.pk).exists()


def test_the_command_line_user_deletes_their_account_after_typing_its_name(db):
    from typer.testing import CliRunner

    from optout.cli import build_app

    def run(*args, answer=""):
        return CliRunner().invoke(build_app(), list(args), input=answer)

    assert run("plan", "new", "--region", "EU", "--platforms", "instagram").exit_code == 0  # makes the user 'local'
    local = get_user_model().objects.get(username="local")
    assert not local.has_usable_password() and local.plan_actions.exists()

    refused = run("settings", "delete-account", answer="yes\n")
    assert refused.exit_code == 1 and "nothing was deleted" in refused.output
    assert get_user_model().objects.filter(pk=local.pk).exists()

    done = run("settings", "delete-account", answer="local\n")
    assert done.exit_code == 0, done.output
    assert "Deleted the account local." in done.output and "backups" in done.output
    assert not get_user_model().objects.filter(pk=local.pk).exists()
