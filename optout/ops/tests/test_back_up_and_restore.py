"""`optout backup FILE` / `optout restore FILE`: database and files round-trip, on SQLite and PostgreSQL."""

import stat
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from conftest import CONFIRMATION_EML, make_plan, make_user, png_bytes
from optout.cli import build_app
from optout.plans import services as plans
from optout.plans.models import Action, Event, Evidence

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args):
    return CliRunner().invoke(build_app(), list(args))


def _state():
    evidence = {e.original_name: Path(e.file.path).read_bytes() for e in Evidence.objects.exclude(file="")}
    return {
        "users": sorted(get_user_model().objects.values_list("email", flat=True)),
        "actions": sorted(Action.objects.values_list("owner__email", "number", "status")),
        "events": Event.objects.count(),
        "evidence": evidence,
    }


def test_a_backup_restores_the_database_and_the_files_exactly(tmp_path):
    alice = make_user("alice@example.org")
    actions = make_plan(alice, "EU", ["instagram", "linkedin"])
    plans.set_status(actions[0], "done")
    plans.add_screenshot(actions[0], png_bytes(), "shot.png")
    plans.add_email(actions[1], CONFIRMATION_EML, "confirm.eml")
    before = _state()
    assert len(before["evidence"]) == 2

    archive = tmp_path / "optout-backup.tar.gz"
    result = run("backup", str(archive))
    assert result.exit_code == 0, result.output
    assert "and 2 files to" in result.output
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and any(n.startswith("database.") for n in names)
    assert sum(n.startswith("media/evidence/") for n in names) == 2

    # Life goes on: evidence deleted, a new person, a step changed.
    for evidence in Evidence.objects.all():
        evidence.file.delete()
        evidence.delete()
    make_user("bob@example.org")
    Action.objects.filter(pk=actions[1].pk).update(status="rejected")
    assert _state() != before

    refused = run("restore", str(archive))
    assert refused.exit_code == 1 and "already has accounts" in refused.output
    restored = run("restore", str(archive), "--replace")
    assert restored.exit_code == 0, restored.output
    assert _state() == before


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    fake = tmp_path / "fake.tar.gz"
    fake.write_bytes(b"not a tar")
    result = run("restore", str(fake))
    assert result.exit_code == 1 and "is not an optout backup" in result.output


def test_a_backup_cut_short_is_said_to_be_and_changes_nothing(tmp_path):
    """It ended inside its compressed data: the command line took that for Ctrl-D and said "Stopped."."""
    alice = make_user("alice@example.org")
    actions = make_plan(alice, "EU", ["instagram"])
    plans.add_screenshot(actions[0], png_bytes(), "shot.png")
    archive = tmp_path / "optout-backup.tar.gz"
    assert run("backup", str(archive)).exit_code == 0
    short = tmp_path / "short.tar.gz"
    short.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    make_user("bob@example.org")
    before = _state()
    result = run("restore", str(short), "--replace")
    assert result.exit_code == 1 and "is damaged or cut short" in result.output and "nothing was changed" in result.output
    assert _state() == before


def test_a_backup_never_replaces_a_file_unasked(db, tmp_path):
    """A second `optout backup bk.tar.gz` replaced the first without a word, a folder got a raw "[Errno 21] Is a
    directory" naming a hidden temporary file, and `bk.zip` got a gzip archive under a zip's name."""
    make_user("alice@example.org")
    archive = tmp_path / "bk.tar.gz"
    assert run("backup", str(archive)).exit_code == 0
    first = archive.read_bytes()
    again = run("backup", str(archive))
    assert again.exit_code == 1 and "exists (an earlier backup?); use --force" in again.output
    assert archive.read_bytes() == first
    assert run("backup", str(archive), "--force").exit_code == 0
    folder = run("backup", str(tmp_path))
    assert folder.exit_code == 1 and "is a folder; give a file name in it" in folder.output and "Errno" not in folder.output
    zipped = run("backup", str(tmp_path / "bk.zip"))
    assert zipped.exit_code == 1 and "Name the file …tar.gz" in zipped.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bk.tar.gz"]


def test_the_key_links_are_signed_with_moves_with_the_backup(tmp_path, settings):
    """A backup left the key out: restored on a new machine, the "stop these e-mails" link of every e-mail sent before
    no longer worked."""
    make_user("alice@example.org")
    key_file = Path(settings.DATA_DIR) / "secret_key"
    kept = key_file.read_bytes()
    archive = tmp_path / "optout-backup.tar.gz"
    assert run("backup", str(archive)).exit_code == 0
    with tarfile.open(archive) as tar:
        assert tar.extractfile("secret_key").read() == kept
    key_file.write_bytes(b"another machine's key")
    assert run("restore", str(archive), "--replace").exit_code == 0
    assert key_file.read_bytes() == kept and stat.S_IMODE(key_file.stat().st_mode) == 0o600
