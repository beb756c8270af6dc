"""A backup taken while another process keeps writing is consistent: no half of any transaction in it.

Runs on the suite's own database kind: PostgreSQL in CI (the test database), a shared SQLite file otherwise.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from optout.ops.tests.test_two_workers import ROOT, _database_url

OPTOUT = str(Path(sys.executable).parent / "optout")
CHECK = """
import json
from django.db.models import Count
from optout.plans.models import Action
counts = Action.objects.filter(owner__username='busy').annotate(n=Count('events')).values_list('n', flat=True)
print(json.dumps({'actions': len(counts), 'event_counts': sorted(set(counts))}))
"""


def _shell(env, code) -> dict:
    result = subprocess.run([OPTOUT, "manage", "shell", "-c", code], env=env, cwd=ROOT, capture_output=True,
                            text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_during_writes_restores_whole_transactions_only(tmp_path):
    env = {**os.environ, "OPTOUT_DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": _database_url(tmp_path),
           "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if connection.vendor != "postgresql":
        subprocess.run([OPTOUT, "manage", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True, timeout=180)
    writer = subprocess.Popen([sys.executable, "-m", "tests.fixtures.busy_writer", "8"], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    archive = tmp_path / "while-writing.tar.gz"
    try:
        time.sleep(3)  # let the writer get going (Django start-up included)
        backup = subprocess.run([OPTOUT, "backup", str(archive)], env=env, cwd=ROOT, capture_output=True, text=True,
                                timeout=180)
        assert backup.returncode == 0, backup.stderr
    finally:
        written, errors = writer.communicate(timeout=120)
    assert writer.returncode == 0, errors
    total = int(written.strip())

    restored_env = {**env, "OPTOUT_DATA_DIR": str(tmp_path / "restored")}
    if connection.vendor != "postgresql":
        restored_env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    restore = subprocess.run([OPTOUT, "restore", str(archive), "--replace"], env=restored_env, cwd=ROOT,
                             capture_output=True, text=True, timeout=180)
    assert restore.returncode == 0, restore.stdout + restore.stderr
    state = _shell(restored_env, CHECK)
    assert 0 < state["actions"] < total  # taken mid-way …
    assert state["event_counts"] == [2]  # … and every action has both of its events
