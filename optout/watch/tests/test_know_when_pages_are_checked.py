"""What the watch pages and `optout watch status` promise about the next check is true: a check is promised only
while a task worker runs (it says so every minute), not because a tick is booked, which outlives the worker.

Against the real services and a real loopback server, like the other checks."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from typer.testing import CliRunner

from optout.cli import build_app
from optout.lib.dates import ZONE_COOKIE
from optout.ops.ticks import beat
from optout.watch import services
from optout.watch.models import WatchedDocument
from optout.watch.status import watch_state
from optout.watch.tests.documents import book_tick, leftover_tick, only_linkedin_privacy
from optout.watch.tests.test_check_documents import check
from optout.watch.tests.test_confirm_drastic_change import REAL, STUB

LATER = dt.datetime(2030, 12, 1, 14, 2, tzinfo=dt.UTC)  # the second check still ahead, whenever this test runs
PAST = dt.datetime(2026, 12, 1, 14, 2, tzinfo=dt.UTC)
HOUR, MINUTE = dt.timedelta(hours=1), dt.timedelta(minutes=1)
NO_WORKER = "no check runs by itself now: optout’s background worker is not running"


@pytest.fixture
def watched(db, web_fixture):
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    web_fixture.route("/privacy", REAL)
    check(document, PAST - dt.timedelta(days=1))
    return document


def platform_page(client) -> str:
    client.cookies[ZONE_COOKIE] = "Europe/Berlin"  # 14:02 UTC is 15:02 there
    return " ".join(client.get(reverse("watch:platform", args=["linkedin"])).content.decode().split())


def test_a_change_held_by_a_check_run_by_hand_is_promised_no_check_when_no_worker_runs(watched, web_fixture, client):
    """`optout watch run` held a drastic change; a tick booked by a worker that had stopped since made the page
    promise "it checks again at 16:02", and no check came."""
    web_fixture.route("/privacy", STUB)
    assert services.run(sync=False, now=LATER) == {"unconfirmed": 1}  # as `optout watch run` runs it
    leftover_tick(LATER + 15 * MINUTE)
    html = platform_page(client)
    assert ("On 1 December 2030 at 15:02 optout found a page much shorter than the last one (possibly an error page). "
            "The change is recorded only if a second check finds that page again, and no check runs by itself now: "
            "optout’s background worker is not running. Start optout with “optout serve” (without --no-worker) or, if "
            "optout already runs, only its worker with “optout worker”; or run “optout watch run” again after 16:02.") in html
    assert "checks again at" not in html and "has not run" not in html and "was due" not in html
    WatchedDocument.objects.filter(pk=watched.pk).update(pending_reason="error")  # each reason says the same
    assert ("a part that reads like an error message (a part that may not have loaded). The change is recorded only "
            "if a second check finds that page again, and no check runs by itself now") in platform_page(client)


def test_once_due_with_no_worker_the_second_check_was_due_and_nothing_runs_it(watched, web_fixture, client):
    web_fixture.route("/privacy", STUB)
    check(watched, PAST)  # its second check, at 16:02 (Berlin) on 1 December 2026, is long past
    leftover_tick(PAST + 15 * MINUTE)
    html = platform_page(client)
    assert ("(possibly an error page). The change is recorded only if a second check finds that page again. That "
            "check was due at 16:02, but no check runs by itself now: optout’s background worker is not running. "
            "Start optout with “optout serve” (without --no-worker) or, if optout already runs, only its worker with "
            "“optout worker”; or check now with “optout watch run”.") in html
    assert "checks again at" not in html and "run “optout watch run” again after" not in html


def test_the_status_command_says_the_same(watched, web_fixture, monkeypatch):
    from optout.watch.tests.test_reextract_documents import declared

    declared(monkeypatch, url=watched.url)  # the command applies the data files first: the same address
    web_fixture.route("/privacy", STUB)
    check(watched, LATER)
    leftover_tick(LATER)
    result = CliRunner().invoke(build_app(), ["watch", "status", "--platform", "linkedin"])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert NO_WORKER in output and "run “optout watch run” again after" in output and "checks again at" not in output
    assert ("No check runs by itself now: the background worker is not running. Start optout with 'optout serve' "
            "(without --no-worker) or, if optout already runs, only its worker with 'optout worker'") in output
    book_tick(LATER)  # a worker runs: the check is promised, and nothing says to start one
    output = " ".join(CliRunner().invoke(build_app(), ["watch", "status", "--platform", "linkedin"]).output.split())
    assert "checks again at" in output and "not running" not in output


def test_a_stopped_worker_is_noticed_within_minutes_not_long_after_its_booked_tick(watched, client):
    """A tick booked for 10 minutes after a worker stopped was promised until 10 minutes after it was due."""
    now = timezone.now()
    book_tick(now + 10 * MINUTE, now=now)
    state = watch_state(now=now + MINUTE)
    assert state.checks_again and state.next_check == now + 10 * MINUTE
    state = watch_state(now=now + 4 * MINUTE)  # three of the worker's looks missed: it was stopped or killed
    assert not state.checks_again and not state.worker_running and state.next_check is None
    beat("test-worker", 60, now=now - 4 * MINUTE)  # the same, seen by the page now
    said = " ".join(client.get("/watch/").content.decode().split())
    assert "No check runs by itself: optout’s background worker is not running. Start optout with “optout serve”" in said
    assert "The next check runs at" not in said


def test_a_running_worker_between_two_ticks_is_not_taken_for_a_stopped_one(db, web_fixture, client):
    from django_tasks_db.models import DBTaskResult

    from optout.watch.tests.documents import worker_runs

    only_linkedin_privacy(web_fixture.url("/privacy"))  # not checked yet
    worker_runs()  # it has claimed its tick and not yet taken the clock's lease: nothing is booked
    leftover_tick(timezone.now())
    DBTaskResult.objects.update(status="RUNNING")
    assert "optout is checking the pages now" in client.get("/watch/").content.decode()
    DBTaskResult.objects.all().delete()  # the tick's row is gone too (pruned): the next look books one
    said = " ".join(client.get("/watch/").content.decode().split())
    assert "The background worker is running; it books the next check within a minute." in said
    assert "not running" not in said
    assert ("Not checked yet. The background worker is running; it books the next check within a minute."
            in client.get(reverse("watch:platform", args=["linkedin"])).content.decode())


def test_the_pages_speak_the_persons_language(watched, web_fixture, client):
    web_fixture.route("/privacy", STUB)
    check(watched, LATER)
    german = client.get(reverse("watch:platform", args=["linkedin"]), headers={"accept-language": "de"}).content.decode()
    assert "optout serve" in german and "Hintergrund" in german
    french = client.get("/watch/", headers={"accept-language": "fr"}).content.decode()
    assert "arrière-plan" in french


def words_of(response) -> str:
    return " ".join(response.content.decode().split())


def test_a_platform_page_before_the_first_check_lists_its_pages_and_says_when_they_are_checked(db, client):
    """The rows of the watched pages are made by the first check: until then a platform's page showed its
    name and nothing else, as if optout had nothing to say of it."""
    tick = timezone.now() + 5 * MINUTE
    book_tick(tick)
    page, index = words_of(client.get(reverse("watch:platform", args=["linkedin"]))), words_of(client.get("/watch/"))
    assert not WatchedDocument.objects.exists()
    from optout.lib.dates import format_datetime

    said = f"The next check runs at {format_datetime(tick)}; after that each page is checked about once a day."
    assert f"Not checked yet. {said}" in page and said in index  # the watch page's words
    assert "Privacy Policy" in page and "https://www.linkedin.com/legal/privacy/eu" in page
    from optout.ops.models import Worker

    Worker.objects.all().delete()
    page = words_of(client.get(reverse("watch:platform", args=["linkedin"])))
    assert ("Not checked yet. No check runs by itself: optout’s background worker is not running. Start optout with "
            "“optout serve”") in page
    assert "The next check runs at" not in page


def test_a_late_check_on_a_platform_page_says_to_restart_the_running_worker_as_the_watch_page_does(db, client):
    """A worker that runs but has not taken its tick was told to be started with “optout serve”."""
    services.sync_documents()
    now = timezone.now()
    book_tick(now - 30 * MINUTE, now)
    page, index = words_of(client.get(reverse("watch:platform", args=["linkedin"]))), words_of(client.get("/watch/"))
    assert "Start optout with" not in page
    assert ("Not checked yet. A check was due at" in page and "the background worker is running but has not started "
            "it (it may be busy with a long task). If this lasts, restart optout (“optout serve”)") in page
    assert "the background worker is running but has not started it" in index


def test_the_minute_named_for_the_next_check_is_the_minute_the_worker_checks_the_page(db, settings, monkeypatch):
    """Ticks that each take minutes, a day of them: the page due a day from now is checked at the tick the watch page
    named, not one that drifted later by the length of every tick before it."""
    import types

    from django_tasks_db.models import DBTaskResult

    from optout.ops import ticks

    settings.OPTOUT_TICK_JOBS = []
    services.sync_documents()
    start = timezone.now().replace(microsecond=0)
    due = start + dt.timedelta(hours=24, minutes=1)
    WatchedDocument.objects.update(next_check_at=due + HOUR)
    WatchedDocument.objects.filter(pk=WatchedDocument.objects.first().pk).update(next_check_at=due)
    book_tick(start + MINUTE, now=start)
    said = watch_state(now=start).next_check
    clock = types.SimpleNamespace(now=lambda: clock.at)
    monkeypatch.setattr(ticks, "timezone", clock)
    while (booked := DBTaskResult.objects.get(task_path=ticks.TICK_PATH, status="READY")).run_after < due:
        # the worker takes the tick a little late and spends three minutes on it
        booked.status, booked.started_at = "RUNNING", booked.run_after + dt.timedelta(seconds=20)
        booked.save(update_fields=["status", "started_at"])
        clock.at = booked.run_after + 3 * MINUTE
        ticks.tick.call()
        DBTaskResult.objects.filter(pk=booked.pk).update(status="SUCCESSFUL")
    assert booked.run_after == said


def test_with_the_web_app_served_without_its_worker_the_pages_say_to_start_the_worker(db, client):
    """With `optout serve --no-worker` running, the pages said to start optout with "optout serve": the person had.
    They name the worker alone too, as `optout watch status` does."""
    only_linkedin_privacy("https://www.linkedin.com/legal/privacy/eu")
    start_worker = ("optout’s background worker is not running. Start optout with “optout serve” (without "
                    "--no-worker) or, if optout already runs, only its worker with “optout worker”; it checks each page "
                    "about once a day. Or check now with “optout watch run”.")
    assert start_worker in words_of(client.get("/watch/"))
    assert f"Not checked yet. No check runs by itself: {start_worker}" in words_of(
        client.get(reverse("watch:platform", args=["linkedin"])))
