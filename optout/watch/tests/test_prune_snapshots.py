"""Raw pages do not pile up: the tick drops the ones nothing refers to any more (a deleted document's
pages, pages left behind), and keeps every page a version was read from and each document's latest."""

import datetime as dt
import zlib

import pytest
from django.utils import timezone

from optout.ops.prune import prune
from optout.watch.models import Snapshot, Version, WatchedDocument

NOW = timezone.now()


def ago(days):
    return NOW - dt.timedelta(days=days)


def snapshot(name, days):
    body = f"<html><body><main><p>{name}</p></main></body></html>"
    return Snapshot.objects.create(sha256=name.ljust(64, "0"), data=zlib.compress(body.encode()), size=len(body),
                                   created_at=ago(days))


def document(doc_id):
    return WatchedDocument.objects.create(platform="linkedin", doc_id=doc_id, title=f"LinkedIn: {doc_id}", type="terms",
                                          url=f"https://www.linkedin.com/legal/{doc_id}")


def version(doc, days, page, text):
    return Version.objects.create(document=doc, created_at=ago(days), text=text, text_hash=text.ljust(64, "0"), snapshot=page)


@pytest.fixture
def pages(db):
    """Two documents with history older than the default 30 days, a third one deleted, and stray pages."""
    pages = {name: snapshot(name, days) for name, days in [
        ("first-version", 500), ("second-version", 400), ("latest-fetch", 390), ("deleted-doc", 300),
        ("stray-old", 200), ("stray-new", 10)]}
    a, b, gone = document("a"), document("b"), document("gone")
    versions = {
        "first": version(a, 500, pages["first-version"], "first text"),
        "second": version(a, 400, pages["second-version"], "second text"),
        "b": version(b, 400, pages["second-version"], "b text"),  # the same bytes as a's page: stored once
    }
    version(gone, 300, pages["deleted-doc"], "gone text")
    a.snapshot = pages["second-version"]
    b.snapshot = pages["latest-fetch"]  # a re-render with the same text, fetched after b's latest version
    a.save()
    b.save()
    gone.delete()  # an admin removed the document: its versions went with it, its page stayed behind
    return pages, versions


def test_pages_nothing_refers_to_go_and_every_version_keeps_its_page(pages):
    pages, versions = pages
    assert prune(NOW)["snapshots"] == 2
    kept = set(Snapshot.objects.values_list("sha256", flat=True))
    assert kept == {pages[name].sha256 for name in ("first-version", "second-version", "latest-fetch", "stray-new")}
    for item in versions.values():
        assert Version.objects.get(pk=item.pk).snapshot_id == item.snapshot_id  # the record and its source stay
    assert WatchedDocument.objects.get(doc_id="b").snapshot_id == pages["latest-fetch"].pk
    assert prune(NOW)["snapshots"] == 0


def test_zero_days_keeps_every_page(pages, settings):
    settings.OPTOUT_KEEP_SNAPSHOTS_DAYS = 0
    assert prune(NOW)["snapshots"] == 0
    assert Snapshot.objects.count() == 6


def test_a_page_a_check_still_reads_again_is_kept_even_when_old(db, web_fixture, settings):
    """End to end: a document checked long ago and never changed since keeps the page it will read again."""
    from optout.watch import services
    from optout.watch.tests.test_check_documents import PARAGRAPHS, page

    services.sync_documents()
    doc = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    WatchedDocument.objects.exclude(pk=doc.pk).update(active=False)
    doc.url = web_fixture.url("/privacy")
    doc.save()
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False, now=ago(800))
    Snapshot.objects.update(created_at=ago(800))
    assert prune(NOW)["snapshots"] == 0
    doc.refresh_from_db()
    assert services.reextract(doc, force=True) == "same-text"  # the stored page is still there to read
