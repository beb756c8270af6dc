"""A backup lets nobody sign in: it holds no login sessions (nor the shared cache), and a restore brings none back."""

import json
import sqlite3
import tarfile

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from conftest import make_user
from optout.cli import build_app
from optout.ops import backup

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args):
    return CliRunner().invoke(build_app(), list(args))


def _signed_in(user) -> tuple[Client, str]:
    browser = Client()
    browser.force_login(user)
    assert browser.get(reverse("accounts:settings")).status_code == 200
    return browser, browser.session.session_key


def _database_in(archive, tmp_path) -> tuple[str, bytes]:
    with tarfile.open(archive) as tar:
        name = next(n for n in tar.getnames() if n.startswith("database."))
        tar.extract(name, tmp_path, filter="data")
    return name, (tmp_path / name).read_bytes()


def test_a_backup_holds_no_session_that_could_sign_anyone_in(tmp_path):
    alice = make_user("alice@example.org")
    browser, key = _signed_in(alice)
    cache.set("optout-test-counter", "a rate-limit count")
    archive = tmp_path / "optout-backup.tar.gz"

    assert run("backup", str(archive)).exit_code == 0

    name, data = _database_in(archive, tmp_path)
    assert key.encode() not in data  # not in a row, nor in a free page the deletion left behind
    if name == "database.sqlite3":
        with sqlite3.connect(tmp_path / name) as copy:
            assert copy.execute("SELECT COUNT(*) FROM django_session").fetchone() == (0,)
            assert copy.execute("SELECT COUNT(*) FROM optout_cache").fetchone() == (0,)
            assert copy.execute("SELECT COUNT(*) FROM auth_user").fetchone() == (1,)  # the rest is all there
        copy.close()
    else:
        assert not [row for row in json.loads(data) if row["model"] == "sessions.session"]
    # The live database keeps its sessions: alice stays signed in while the backup runs.
    assert Session.objects.filter(session_key=key).exists()
    assert browser.get(reverse("accounts:settings")).status_code == 200


def test_restoring_even_an_older_backup_with_sessions_brings_none_back(tmp_path, monkeypatch):
    alice = make_user("alice@example.org")
    _old_browser, old_key = _signed_in(alice)
    archive = tmp_path / "older-backup.tar.gz"
    monkeypatch.setattr(backup, "_scrub_sqlite", lambda copy: None)  # how optout made backups before
    monkeypatch.setattr(backup, "LEFT_OUT_OF_DUMP", ["contenttypes", "auth.permission"])
    assert run("backup", str(archive)).exit_code == 0
    monkeypatch.undo()
    _name, data = _database_in(archive, tmp_path)
    assert old_key.encode() in data  # the older backup does hold alice's session

    Session.objects.all().delete()
    new_browser, _new_key = _signed_in(alice)
    restored = run("restore", str(archive), "--replace")
    assert restored.exit_code == 0, restored.output

    assert not Session.objects.exists()
    stolen = Client()
    stolen.cookies["sessionid"] = old_key
    assert stolen.get(reverse("accounts:settings")).status_code == 302  # sent to sign in
    assert new_browser.get(reverse("accounts:settings")).status_code == 302
