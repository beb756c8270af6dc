"""Every task worker says it runs (a heartbeat renewed with each look at the clock) and keeps the clock, however
it was started: pages tell from this whether a check will come by itself, since a booked tick outlives the
worker that booked it."""

import datetime as dt
import signal

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from optout.ops.models import Worker
from optout.ops.ticks import TICK_PATH, beat, keep_clock, workers_running
from tests.fixtures.probe_tasks import count_workers

T = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


@pytest.mark.django_db
def test_a_worker_that_stops_renewing_its_heartbeat_reads_as_stopped_within_three_minutes():
    beat("w1", 60, now=T)
    assert workers_running(T + 2 * MINUTE) == 1
    beat("w1", 60, now=T + MINUTE)  # the next look renews it
    assert workers_running(T + 3 * MINUTE) == 1
    assert workers_running(T + 4 * MINUTE) == 0  # killed: three looks missed
    beat("w2", 60, now=T + 2 * dt.timedelta(days=1))  # a day later the dead worker's row is forgotten
    assert list(Worker.objects.values_list("name", flat=True)) == ["w2"]


@pytest.mark.django_db
def test_a_slow_clock_check_setting_stretches_the_heartbeat():
    beat("w1", 600, now=T)  # a look every ten minutes vouches for thirty
    assert workers_running(T + 29 * MINUTE) == 1 and workers_running(T + 31 * MINUTE) == 0


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_stops_cleanly_says_so_at_once():
    import threading

    stop = threading.Event()
    beat("w1", 60)
    stop.set()  # the worker was asked to stop before its keeper's next look
    # in its own thread, as a worker runs it: the keeper closes its thread's connection on the way out
    keeper = threading.Thread(target=keep_clock, args=(60, stop, "w1"))
    keeper.start()
    keeper.join(timeout=30)
    assert not keeper.is_alive() and workers_running() == 0


@pytest.fixture
def restored_signals():
    """db_worker sets its own SIGINT and SIGTERM handlers; the test run keeps pytest's."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


@pytest.mark.django_db(transaction=True)
def test_manage_db_worker_keeps_the_clock_and_says_it_runs(settings, restored_signals):
    """`manage.py db_worker` ran tasks but booked no tick: the watcher never ran, and /watch/ said no worker ran."""
    settings.OPTOUT_TICK_JOBS = []
    probe = count_workers.enqueue()
    call_command("db_worker", max_tasks=2, interval=0, startup_delay=False, reload=False, verbosity=0)
    assert DBTaskResult.objects.get(pk=probe.id).return_value == 1  # it said it ran while it ran tasks
    assert DBTaskResult.objects.filter(task_path=TICK_PATH, status="SUCCESSFUL").count() == 1  # it booked a tick, ran it
    assert DBTaskResult.objects.filter(task_path=TICK_PATH, status="READY").count() == 1  # and the tick its successor
    assert workers_running() == 0  # stopped: no longer vouched for


@pytest.mark.django_db(transaction=True)
def test_a_batch_worker_books_no_tick(restored_signals):
    """`db_worker --batch` empties the queue and exits: a tick it booked would wait for another worker."""
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
    assert not DBTaskResult.objects.filter(task_path=TICK_PATH).exists()
    assert not Worker.objects.exists()


def test_only_a_worker_that_takes_the_ticks_queue_keeps_the_clock(monkeypatch):
    from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

    from optout.ops.management.commands.db_worker import runs_ticks

    options = {"queue_name": "default", "exclude_queues": "", "batch": False, "backend_name": "default",
               "reload": False}
    assert runs_ticks(options) and runs_ticks({**options, "queue_name": "*"})
    assert not runs_ticks({**options, "queue_name": "mail"})
    assert not runs_ticks({**options, "queue_name": "*", "exclude_queues": "default"})
    assert not runs_ticks({**options, "reload": True})  # the process that only restarts the one running tasks
    monkeypatch.setenv(DJANGO_AUTORELOAD_ENV, "true")
    assert runs_ticks({**options, "reload": True})


@pytest.mark.django_db
def test_optout_status_says_how_many_workers_run():
    from typer.testing import CliRunner

    from optout.cli import build_app

    output = CliRunner().invoke(build_app(), ["status"]).output
    assert "Workers running:    0 (nothing runs the next tick: start 'optout worker' or 'optout serve')" in output
    beat("w1", 60)
    assert "Workers running:    1\n" in CliRunner().invoke(build_app(), ["status"]).output
