"""A watch run never waits for the network inside a transaction: on SQLite a transaction that writes holds the
whole database, so a run offline (every name failing after seconds) kept people's sign-ups and saves waiting
(answered "Too many tries" after five seconds). The run waits for a page before a batch begins, and a batch
takes only pages already in."""

import time

import pytest
from django.db import connection

from optout.watch import services
from optout.watch.models import WatchedDocument
from optout.watch.services import runs
from optout.watch.tests.test_check_documents import PARAGRAPHS, page


def _slow(body: bytes, seconds: float):
    def answer(handler):
        time.sleep(seconds)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()
    return answer


@pytest.mark.django_db(transaction=True)
def test_a_run_waits_for_a_slow_page_outside_any_transaction(web_fixture, monkeypatch):
    services.sync_documents()
    fast, slow = WatchedDocument.objects.filter(platform="linkedin").order_by("pk")[:2]
    WatchedDocument.objects.exclude(pk__in=[fast.pk, slow.pk]).update(active=False)
    body = page(PARAGRAPHS)
    web_fixture.route("/fast", body)
    web_fixture.route("/slow", _slow(body, 1.0))
    WatchedDocument.objects.filter(pk=fast.pk).update(url=web_fixture.url("/fast"))
    WatchedDocument.objects.filter(pk=slow.pk).update(url=web_fixture.url("/slow"))

    waits = []

    class Watched(runs._InOrder):
        def next(self):
            waits.append((connection.in_atomic_block, self.ready()))
            return super().next()

    monkeypatch.setattr(runs, "_InOrder", Watched)
    counts = services.run(sync=False, workers=2, processes=0)
    assert counts == {"new-version": 2}
    assert (True, False) not in waits, "waited for a page while holding a transaction"
    assert any(not ready for _in_transaction, ready in waits), "the slow page was never waited for"
