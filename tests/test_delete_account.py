"""“Delete my account”: confirmed, export offered first, then every row and every file of the person is gone."""

import stat
from pathlib import Path

from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models
from django.urls import reverse

from conftest import CONFIRMATION_EML, PASSWORD, make_plan, png_bytes
from optout.letters import services as letters
from optout.notify.models import Channel
from optout.notify.services import notify
from optout.plans import services as plans
from optout.plans.models import Evidence


def _fill(user, name: str):
    """Everything a person can leave behind: plan, history, evidence files, letters, notifications, 2FA."""
    actions = make_plan(user, "EU", ["instagram", "linkedin"])
    plans.set_status(actions[0], "done")
    plans.add_screenshot(actions[0], png_bytes(), "shot.png")
    plans.add_email(actions[1], CONFIRMATION_EML, "confirm.eml")
    plans.add_note(actions[1], f"note by {name}")
    plans.feed_for(user, create=True)
    letters.draft_request(user, platform="instagram", kind="objection", language="en", name=name,
                          email=user.email, account=f"@{name}")
    notify(user, f"Hello {name}")
    Channel.objects.create(owner=user, url="ntfy://topic", label="phone")
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")


def _rows_of(user_id: int, email: str) -> list[str]:
    """Every row in the database that points at the user, or mentions their e-mail address in any text column."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not getattr(field, "concrete", False):
                continue
            if isinstance(field, models.ForeignKey) and field.related_model is get_user_model():
                count = model._default_manager.filter(**{field.name: user_id}).count()
            elif isinstance(field, (models.CharField, models.TextField, models.JSONField)) and not field.choices:
                lookup = f"{field.name}__icontains" if not isinstance(field, models.JSONField) else f"{field.name}__contains"
                value = email if not isinstance(field, models.JSONField) else email
                try:
                    count = model._default_manager.filter(**{lookup: value}).count()
                except Exception:  # noqa: BLE001 — JSON containment is not supported on every backend
                    continue
            else:
                continue
            if count:
                found.append(f"{model._meta.label}.{field.name}: {count}")
    if get_user_model().objects.filter(pk=user_id).exists():
        found.append("the user row")
    return found


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_deleting_my_account_leaves_nothing_of_me_in_the_database_or_the_data_folder(client, alice, bob):
    _fill(alice, "alice")
    _fill(bob, "bob")
    root = Path(django_settings.MEDIA_ROOT)
    bobs_files = [f for f in _files(root) if f.startswith(f"evidence/{bob.id}/")]
    alices_files = [f for f in _files(root) if f.startswith(f"evidence/{alice.id}/")]
    assert len(alices_files) == 2 and len(bobs_files) == 2
    assert _rows_of(alice.id, alice.email)  # there was plenty to delete

    client.force_login(alice)
    page = client.get(reverse("accounts:delete")).content.decode()
    assert "export your plan with its evidence" in page and reverse("plans:export") in page
    refused = client.post(reverse("accounts:delete"), {"password": "not mine", "understood": "on"})
    assert refused.status_code == 400 and "That is not your password." in refused.content.decode()
    assert get_user_model().objects.filter(pk=alice.pk).exists()

    done = client.post(reverse("accounts:delete"), {"password": PASSWORD, "understood": "on"}, follow=True)
    assert "Your account and everything in it have been deleted." in done.content.decode()

    assert _rows_of(alice.id, alice.email) == []
    assert not any(s.get_decoded().get("_auth_user_id") == str(alice.id) for s in Session.objects.all())
    assert [f for f in _files(root) if f"/{alice.id}/" in f or "alice" in f] == []
    assert not (root / "evidence" / str(alice.id)).exists()
    assert [f for f in _files(root) if f.startswith(f"evidence/{bob.id}/")] == bobs_files  # bob keeps his
    assert _rows_of(bob.id, bob.email)
    assert client.get(reverse("accounts:settings")).status_code == 302  # logged out


def test_the_admin_deleting_a_user_removes_their_files_too(alice, alice_plan, django_capture_on_commit_callbacks):
    evidence = plans.add_screenshot(alice_plan[0], png_bytes(), "shot.png")
    path = Path(evidence.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        alice.delete()  # what the admin's delete does
    assert not path.exists() and not Evidence.objects.exists()


def test_evidence_files_are_owner_only(alice, alice_plan):
    evidence = plans.add_screenshot(alice_plan[0], png_bytes(), "shot.png")
    path = Path(evidence.file.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_the_password_deleting_an_account_asks_for_cannot_be_guessed_at_length(client, alice, settings):
    """Forty wrong passwords in a row were each answered "That is not your password.": whoever held a signed-in
    session could guess the password as long as they liked."""
    settings.OPTOUT_PASSWORD_CHECK_RATE = "3/900s"
    client.force_login(alice)
    for attempt in range(3):
        refused = client.post(reverse("accounts:delete"), {"password": f"guess {attempt}", "understood": "on"})
        assert refused.status_code == 400
    stopped = client.post(reverse("accounts:delete"), {"password": PASSWORD, "understood": "on"})
    assert stopped.status_code == 429 and "Too many tries of your password" in stopped.content.decode()
    assert get_user_model().objects.filter(pk=alice.pk).exists()


def test_the_admin_log_forgets_the_person_and_their_rows(alice, bob, admin_user):
    """"instagram (bob-handle-secret)" and the person's login name stayed in the admin's log of changes."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from optout.accounts import services
    from optout.accounts.models import PlatformAccount

    handle = PlatformAccount.objects.create(owner=alice, platform="instagram", handle="alice-handle-secret")
    other = PlatformAccount.objects.create(owner=bob, platform="instagram", handle="bob-handle")
    for row in (handle, alice, other):
        LogEntry.objects.create(user=admin_user, content_type=ContentType.objects.get_for_model(row),
                                object_id=str(row.pk), object_repr=str(row)[:200], action_flag=CHANGE)
    services.delete_account(alice)
    assert list(LogEntry.objects.values_list("object_repr", flat=True)) == [str(other)[:200]]
