"""Raw pages do not pile up: the tick drops the ones nothing can read again, and keeps every document's
latest page, the page behind its latest version and the pages behind recent versions."""

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
    """Two documents with a year and more of history (the default keeps unneeded pages 365 days)."""
    pages = {name: snapshot(name, days) for name, days in [
        ("old-version", 500), ("came-back", 450), ("latest-version", 400), ("latest-fetch", 390),
        ("orphan-old", 400), ("orphan-new", 10), ("a-latest", 50)]}
    a, b = document("a"), document("b")
    versions = {
        "old": version(a, 500, pages["old-version"], "first text"),
        "recent": version(a, 100, pages["came-back"], "second text"),  # the page of 450 days ago, served again
        "a-latest": version(a, 50, pages["a-latest"], "third text"),
        "b-latest": version(b, 400, pages["latest-version"], "b text"),
    }
    a.snapshot = pages["a-latest"]
    b.snapshot = pages["latest-fetch"]  # a re-render with the same text, fetched after b's latest version
    a.save()
    b.save()
    return pages, versions


def test_pages_nothing_can_read_again_go_and_the_versions_keep_their_text(pages):
    pages, versions = pages
    assert prune(NOW)["snapshots"] == 2
    kept = set(Snapshot.objects.values_list("sha256", flat=True))
    assert kept == {pages[name].sha256 for name in ("came-back", "latest-version", "latest-fetch", "orphan-new", "a-latest")}
    old = Version.objects.get(pk=versions["old"].pk)
    assert old.text == "first text" and old.snapshot is None  # the record stays; only its raw page went
    assert Version.objects.get(pk=versions["recent"].pk).snapshot_id == pages["came-back"].pk
    assert WatchedDocument.objects.get(doc_id="b").snapshot_id == pages["latest-fetch"].pk
    assert Version.objects.count() == 4
    assert prune(NOW)["snapshots"] == 0


def test_zero_days_keeps_every_page(pages, settings):
    settings.OPTOUT_KEEP_SNAPSHOTS_DAYS = 0
    assert prune(NOW)["snapshots"] == 0
    assert Snapshot.objects.count() == 7


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
