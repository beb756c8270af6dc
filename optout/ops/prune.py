"""Pruning rows that have served their purpose, in every tick, so the database does not grow forever.

- the watcher's fetch log (one row per check of a document; the document keeps its last check and error);
- notifications the person has read (unread ones stay, however old);
- the task worker's finished results (successful or failed; queued and running ones stay);
- raw pages the watcher fetched that nothing refers to (`watch.services.snapshots.prune_snapshots`): every
  page a version was read from stays, and each document's latest page;
- login sessions past their expiry (what `manage.py clearsessions` does): the browser forgot them, the database
  would keep them (and who they belonged to) for ever;
- the shared cache's expired entries: rate-limit counters keyed by hashes of e-mail addresses and by user ids, which
  Django's database cache removes only once it holds `MAX_ENTRIES` of them.

How long each is kept is a setting (`OPTOUT_KEEP_*_DAYS`, README); 0 keeps them forever. Sessions last as long as
Django's SESSION_COOKIE_AGE (two weeks from the last visit) and go with the first tick after that. Versions of
documents, plan history, letters and evidence are a person's record and are never pruned.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.tasks import task
from django.utils import timezone


def _cutoff(now: dt.datetime, days: int) -> dt.datetime | None:
    return now - dt.timedelta(days=days) if days > 0 else None


def prune(now: dt.datetime | None = None) -> dict[str, int]:
    """Delete what is older than its setting allows; returns how many rows of each kind went."""
    from django.contrib.sessions.models import Session
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from optout.notify.models import Notification
    from optout.watch.models import FetchLog
    from optout.watch.services.snapshots import prune_snapshots

    now = now or timezone.now()
    counts = {"fetch_logs": 0, "notifications": 0, "task_results": 0, "snapshots": 0}
    counts["sessions"] = Session.objects.filter(expire_date__lt=now).delete()[0]
    counts["cache_entries"] = _prune_cache(now)
    if cutoff := _cutoff(now, settings.OPTOUT_KEEP_FETCH_LOGS_DAYS):
        counts["fetch_logs"] = FetchLog.objects.filter(at__lt=cutoff).delete()[0]
    if cutoff := _cutoff(now, settings.OPTOUT_KEEP_READ_NOTIFICATIONS_DAYS):
        counts["notifications"] = Notification.objects.filter(read_at__lt=cutoff).delete()[0]
    if cutoff := _cutoff(now, settings.OPTOUT_KEEP_TASK_RESULTS_DAYS):
        finished = DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=cutoff
        )
        counts["task_results"] = finished.delete()[0]
    if cutoff := _cutoff(now, settings.OPTOUT_KEEP_SNAPSHOTS_DAYS):
        counts["snapshots"] = prune_snapshots(cutoff)
    return counts


def _prune_cache(now: dt.datetime) -> int:
    """Delete the database cache's expired rows; the number deleted."""
    from django.core.cache import caches
    from django.db import connections, router

    table = settings.CACHES["default"]["LOCATION"]
    if "DatabaseCache" not in settings.CACHES["default"]["BACKEND"]:
        return 0
    cache = caches["default"]
    database = router.db_for_write(cache.cache_model_class)
    connection = connections[database]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)} WHERE expires < %s",  # noqa: S608 — a setting
                       [connection.ops.adapt_datetimefield_value(now.replace(microsecond=0))])
        return cursor.rowcount


@task
def prune_old_rows() -> dict[str, int]:
    return prune()
