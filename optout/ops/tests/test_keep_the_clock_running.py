"""The background clock heals: a tick cut short (SIGKILL, a stop timeout) is taken over after its lease."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from optout.ops.models import Clock
from optout.ops.ticks import TICK_PATH, ensure_clock, tick

pytestmark = pytest.mark.django_db


def _running_tick(started_minutes_ago: float) -> DBTaskResult:
    booked = tick.enqueue()
    row = DBTaskResult.objects.get(pk=booked.id)
    row.claim("dead-worker")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - dt.timedelta(minutes=started_minutes_ago))
    return row


def test_a_tick_left_running_by_a_dead_worker_is_taken_over_after_its_lease():
    row = _running_tick(started_minutes_ago=20)
    Clock.objects.update_or_create(pk=1, defaults={"lease_until": timezone.now() - dt.timedelta(seconds=1),
                                                   "holder": "dead"})
    assert ensure_clock() == "taken over"
    row.refresh_from_db()
    assert row.status == "FAILED" and row.exception_class_path == "optout.ops.ticks.LeaseExpired"
    booked = DBTaskResult.objects.get(task_path=TICK_PATH, status="READY")
    assert booked.run_after <= timezone.now()
    assert "stopped without finishing" in Clock.get().last_takeover_reason
    assert ensure_clock() == "booked"  # and only one new tick, however often the keeper looks


def test_a_live_tick_keeps_the_clock():
    _running_tick(started_minutes_ago=20)
    Clock.objects.update_or_create(pk=1, defaults={"lease_until": timezone.now() + dt.timedelta(minutes=2)})
    assert ensure_clock() == "running"
    assert not DBTaskResult.objects.filter(task_path=TICK_PATH, status="READY").exists()


def test_a_stopped_clock_without_any_row_is_started():
    assert ensure_clock() == "started"
    assert DBTaskResult.objects.filter(task_path=TICK_PATH, status="READY").count() == 1


def test_a_second_tick_does_nothing_while_the_first_holds_the_lease(settings):
    settings.OPTOUT_TICK_JOBS = []
    Clock.objects.update_or_create(pk=1, defaults={"lease_until": timezone.now() + dt.timedelta(minutes=2),
                                                   "holder": "someone"})
    assert tick.call() == {"skipped": "another tick holds the clock's lease"}
    assert Clock.get().holder == "someone"


def test_a_finished_tick_releases_the_lease_and_books_one_successor(settings):
    settings.OPTOUT_TICK_JOBS = []
    assert tick.call() == {}
    clock = Clock.get()
    assert clock.lease_until is None and clock.last_finished_at is not None
    booked = DBTaskResult.objects.get(task_path=TICK_PATH, status="READY")
    assert booked.run_after > timezone.now() + dt.timedelta(minutes=14)


def _worker(env: dict) -> subprocess.Popen:
    optout = Path(sys.executable).parent / "optout"
    return subprocess.Popen([str(optout), "worker", "--interval", "0.2"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen within {seconds} s")


@pytest.mark.skipif(sys.platform != "linux", reason="signals")
def test_a_worker_killed_mid_tick_resumes_the_clock_after_a_restart(tmp_path):
    """The reported failure: SIGKILL during a tick left it RUNNING and nothing was scheduled again."""
    env = {**os.environ, "OPTOUT_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "tests.fixtures.slow_tick_settings",
           "OPTOUT_TEST_TICK_HANGS": "1", "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    env.pop("DATABASE_URL", None)
    optout = Path(sys.executable).parent / "optout"
    subprocess.run([str(optout), "manage", "migrate", "-v", "0"], env=env, check=True, timeout=120)
    marker = tmp_path / "tick-started"
    first = _worker(env)
    try:
        _wait(lambda: marker.exists(), 60, "the first tick")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    env["OPTOUT_TEST_TICK_HANGS"] = "0"
    second = _worker(env)
    try:
        # The lease is 2 s here (15 min interval, 3 min lease in production): the new worker takes over.
        _wait(lambda: len(marker.read_text().split()) >= 2, 60, "a new tick after the restart")
    finally:
        second.send_signal(signal.SIGTERM)
        output, _ = second.communicate(timeout=30)
    pids = marker.read_text().split()
    assert pids[0] != pids[1]
    status = subprocess.run([str(optout), "status"], env=env, capture_output=True, text=True, timeout=60)
    assert "Last clock takeover" in status.stdout and "stopped without finishing" in status.stdout, status.stdout
    assert "Next tick:" in status.stdout and "none booked" not in status.stdout, status.stdout
    assert status.returncode == 0, status.stdout + status.stderr
