"""Test set-up shared by the watcher's tests: one watched document, served by the loopback fixture server."""

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import make_plan
from optout.lib.outbound import make_fetcher
from optout.watch import services
from optout.watch.models import WatchedDocument
from optout.watch.pipeline import fetch_stage


def only_linkedin_privacy(url: str, **fields) -> WatchedDocument:
    """LinkedIn's privacy policy as the only active watched document, fetched from `url`."""
    services.sync_documents()
    document = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    WatchedDocument.objects.exclude(pk=document.pk).update(active=False)
    document.url = url
    for name, value in fields.items():
        setattr(document, name, value)
    document.save()
    return document


def book_tick(when, now=None):
    """The background worker's next tick, as `optout serve` books it, and the worker, running at `now`."""
    leftover_tick(when)
    worker_runs(now)


def worker_runs(now=None):
    """A task worker's heartbeat, as it renews it every minute (it vouches for three)."""
    from optout.ops.ticks import beat

    beat("test-worker", 60, now)


def leftover_tick(when):
    """A booked tick that no worker will run: its worker stopped after booking it (or was never started)."""
    DBTaskResult.objects.create(task_path="optout.ops.ticks.tick", status="READY", run_after=when, args_kwargs={},
                                priority=0, queue_name="default", backend_name="default")


def check(document, now=None):
    """One check of `document` as a run makes it: fetch (conditionally), then read, compare, record and alert."""
    fetched = fetch_stage(make_fetcher(), document.url, etag=document.etag, last_modified=document.last_modified,
                          raw_hash=document.raw_hash, validators_at=document.read_at)
    return services.process(document, fetched, now or timezone.now())


def recorded_for(person, web_fixture, body: bytes, when, **fields) -> WatchedDocument:
    """LinkedIn's privacy policy served at /privacy as `body`, its first version recorded at `when`, and `person`,
    who has a LinkedIn step, to alert."""
    make_plan(person, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"), **fields)
    web_fixture.route("/privacy", body)
    assert check(document, when) == "new-version"
    return WatchedDocument.objects.get(pk=document.pk)
