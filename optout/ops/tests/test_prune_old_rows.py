"""The tick prunes what has served its purpose: old fetch logs, read notifications, finished task results, expired
login sessions."""

import datetime as dt

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from optout.notify.models import Notification
from optout.ops.prune import prune, prune_old_rows
from optout.ops.ticks import JOBS, tick
from optout.watch.models import FetchLog, WatchedDocument

NOW = timezone.now()


def _ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


@pytest.fixture
def rows(alice):
    document = WatchedDocument.objects.create(platform="linkedin", doc_id="privacy-policy", title="LinkedIn: Privacy",
                                              type="privacy-policy", url="https://www.linkedin.com/legal/privacy-policy")
    logs = {age: FetchLog.objects.create(document=document, at=_ago(age), outcome="same-text") for age in (100, 10)}
    notes = {
        "read long ago": Notification.objects.create(owner=alice, text="a", created_at=_ago(400), read_at=_ago(200)),
        "read lately": Notification.objects.create(owner=alice, text="b", created_at=_ago(400), read_at=_ago(5)),
        "never read": Notification.objects.create(owner=alice, text="c", created_at=_ago(400)),
    }
    results = {}
    for name, status, finished in [("ok old", TaskResultStatus.SUCCESSFUL, _ago(40)),
                                   ("failed old", TaskResultStatus.FAILED, _ago(40)),
                                   ("ok recent", TaskResultStatus.SUCCESSFUL, _ago(2)),
                                   ("queued", TaskResultStatus.READY, None)]:
        row = DBTaskResult.objects.get(pk=prune_old_rows.enqueue().id)
        DBTaskResult.objects.filter(pk=row.pk).update(status=status, finished_at=finished, enqueued_at=_ago(60))
        results[name] = row.pk
    return logs, notes, results


def test_old_rows_go_and_everything_else_stays(rows):
    logs, notes, results = rows
    assert prune(NOW) == {"fetch_logs": 1, "notifications": 1, "task_results": 2, "snapshots": 0, "sessions": 0, "cache_entries": 0}
    assert list(FetchLog.objects.values_list("pk", flat=True)) == [logs[10].pk]
    assert set(Notification.objects.values_list("text", flat=True)) == {"b", "c"}
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {results["ok recent"], results["queued"]}
    assert prune(NOW) == {"fetch_logs": 0, "notifications": 0, "task_results": 0, "snapshots": 0, "sessions": 0, "cache_entries": 0}


def test_zero_days_keeps_them_forever(rows, settings):
    settings.OPTOUT_KEEP_FETCH_LOGS_DAYS = settings.OPTOUT_KEEP_READ_NOTIFICATIONS_DAYS = 0
    settings.OPTOUT_KEEP_TASK_RESULTS_DAYS = 0
    assert prune(NOW) == {"fetch_logs": 0, "notifications": 0, "task_results": 0, "snapshots": 0, "sessions": 0, "cache_entries": 0}
    assert FetchLog.objects.count() == 2 and Notification.objects.count() == 3


def test_the_tick_prunes(rows, settings):
    assert "optout.ops.prune.prune_old_rows" in JOBS
    settings.OPTOUT_TICK_JOBS = ["optout.ops.prune.prune_old_rows"]  # the other jobs have their own tests
    result = tick.call()
    assert result["optout.ops.prune.prune_old_rows"]["fetch_logs"] == 1
    assert not Notification.objects.filter(text="a").exists()


def test_the_tick_clears_expired_login_sessions_and_keeps_live_ones(alice, bob, settings):
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.test import Client
    from django.urls import reverse

    signed_in = Client()
    signed_in.force_login(bob)
    gone = SessionStore()
    gone["_auth_user_id"] = str(alice.pk)
    gone.set_expiry(NOW - dt.timedelta(minutes=1))
    gone.create()
    settings.OPTOUT_TICK_JOBS = ["optout.ops.prune.prune_old_rows"]

    assert tick.call()["optout.ops.prune.prune_old_rows"]["sessions"] == 1

    assert not Session.objects.filter(session_key=gone.session_key).exists()
    assert signed_in.get(reverse("accounts:settings")).status_code == 200  # bob's live session stays


def test_expired_cache_entries_go(db):
    """Rate-limit counters keyed by a hash of an e-mail address stayed after they expired (and after the account was
    deleted): Django's database cache removes expired rows only once it holds 20,000."""
    from django.core.cache import cache

    cache.set("ratelimit:login_failed:key:4733fc82", 3, timeout=1)
    cache.set("still-counting", 1, timeout=3600)
    later = timezone.now() + dt.timedelta(seconds=5)
    assert prune(later)["cache_entries"] == 1
    assert cache.get("still-counting") == 1

