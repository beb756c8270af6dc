"""Whoever runs the service sees the clock, the queue and failed tasks; nobody else does."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from optout.ops.ticks import beat, schedule, tick

pytestmark = pytest.mark.django_db


def test_staff_see_last_and_next_tick_queue_depth_and_failed_tasks(client, alice, settings):
    settings.OPTOUT_TICK_JOBS = []
    tick.call()  # one finished tick, and its successor booked
    beat("web-1:42", 60)  # and a worker to take it
    failed = tick.enqueue()
    DBTaskResult.objects.filter(pk=failed.id).update(status="FAILED", finished_at=timezone.now(),
                                                      exception_class_path="builtins.ValueError",
                                                      traceback="Traceback …\nValueError: the mail server said no")
    alice.is_staff = True
    alice.save()
    client.force_login(alice)
    page = client.get("/ops/health/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "The background clock is ticking." in text
    assert "ValueError: the mail server said no" in text
    assert timezone.now().strftime("%Y-%m-%d") in text  # last tick finished today
    assert "none booked" not in text
    assert "Workers running" in text


def test_a_stopped_clock_is_reported_as_a_problem(client, alice):
    alice.is_staff = True
    alice.save()
    client.force_login(alice)
    page = client.get("/ops/health/")
    assert page.status_code == 503
    assert "No tick is booked and none is running" in page.content.decode()
    assert schedule(dt.timedelta(minutes=1))
    # a stopped or killed worker leaves its booked tick behind: with no worker to take it, nothing runs
    page = client.get("/ops/health/")
    assert page.status_code == 503 and "A tick is booked but no worker is running to take it" in page.content.decode()
    beat("web-1:42", 60)
    assert client.get("/ops/health/").status_code == 200


def test_people_who_are_not_staff_cannot_see_it(alice_client):
    page = alice_client.get("/ops/health/")
    assert page.status_code == 302 and "/admin/login/" in page["Location"]


def test_optout_status_prints_the_clock_and_exits_1_when_it_is_stopped(settings):
    from typer.testing import CliRunner

    from optout.cli import build_app

    stopped = CliRunner().invoke(build_app(), ["status"])
    assert stopped.exit_code == 1 and "Next tick:          none booked" in stopped.output
    assert "Problem: No tick is booked" in stopped.output
    settings.OPTOUT_TICK_JOBS = []
    tick.call()
    orphaned = CliRunner().invoke(build_app(), ["status"])  # its worker stopped after booking the next tick
    assert orphaned.exit_code == 1 and "Problem: A tick is booked but no worker is running" in orphaned.output
    beat("web-1:42", 60)
    running = CliRunner().invoke(build_app(), ["status"])
    assert running.exit_code == 0, running.output
    assert "Last tick finished: " + timezone.now().strftime("%Y-%m-%d") in running.output
    assert "Queue:              0 due now, 1 later, 0 running" in running.output
