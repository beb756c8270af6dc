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


def a_check_took_it_after_the_last_look(monkeypatch, page, take):
    """The race a prune can lose on a busy server: it finds `page` unused, looks again inside its own
    transaction, and between that look and the delete a check commits a version read from the page (or makes
    it a document's latest). Played here as the check committing first (`take(page)`) and every look of the
    prune not seeing it yet."""
    from optout.watch.services import snapshots

    real = snapshots._unused
    taken = take(page)

    def looked_too_early(before, candidates=None):
        ids = set(real(before, candidates).values_list("pk", flat=True))
        if candidates is None or page.pk in candidates:
            ids.add(page.pk)
        return Snapshot.objects.filter(pk__in=ids)

    monkeypatch.setattr(snapshots, "_unused", looked_too_early)
    return taken


def test_a_prune_that_races_a_check_keeps_the_page_the_check_took(pages, monkeypatch):
    pages, _versions = pages
    doc = WatchedDocument.objects.get(doc_id="a")
    new = a_check_took_it_after_the_last_look(
        monkeypatch, pages["stray-old"], lambda page: version(doc, 0, page, "read from a page that looked unused"))
    assert prune(NOW)["snapshots"] == 0  # the batch is left whole for the next tick
    assert Version.objects.get(pk=new.pk).snapshot_id == pages["stray-old"].pk  # the version keeps its page
    assert Snapshot.objects.count() == 6
    monkeypatch.undo()
    assert prune(NOW)["snapshots"] == 1  # the next tick deletes what is really unused, and only that
    assert Snapshot.objects.filter(pk=pages["stray-old"].pk).exists()


def test_a_page_a_check_makes_a_documents_latest_during_the_prune_stays_its_latest(pages, monkeypatch):
    pages, _versions = pages
    doc = WatchedDocument.objects.get(doc_id="b")
    a_check_took_it_after_the_last_look(
        monkeypatch, pages["stray-old"], lambda page: WatchedDocument.objects.filter(pk=doc.pk).update(snapshot=page))
    assert prune(NOW)["snapshots"] == 0
    doc.refresh_from_db()
    assert doc.snapshot_id == pages["stray-old"].pk and Snapshot.objects.count() == 6


def test_forgetting_a_re_rendered_page_never_takes_a_page_a_version_was_just_read_from(pages, monkeypatch):
    """A check drops the page it replaced when nothing refers to it; another check may have just read a
    version from the same bytes (two documents serving one page)."""
    from optout.watch.services.snapshots import forget_snapshot

    pages, _versions = pages
    doc = WatchedDocument.objects.get(doc_id="a")
    new = a_check_took_it_after_the_last_look(
        monkeypatch, pages["stray-new"], lambda page: version(doc, 0, page, "read from the same bytes"))
    forget_snapshot(pages["stray-new"].pk)
    assert Version.objects.get(pk=new.pk).snapshot_id == pages["stray-new"].pk
    monkeypatch.undo()
    forget_snapshot(pages["stray-old"].pk)  # really unused: it goes
    assert not Snapshot.objects.filter(pk=pages["stray-old"].pk).exists()


def _policy(paragraph):
    return (f"<html><head><title>Privacy</title></head><body><main><h1>Privacy Policy</h1>"
            f"<p>We collect what you give us when you sign up.</p><p>{paragraph}</p></main></body></html>").encode()


@pytest.mark.django_db(transaction=True)
def test_a_check_whose_page_a_prune_deletes_before_the_check_commits_is_recorded_all_the_same(web_fixture):
    """The race's other side: a check reuses a stored page nothing referred to (the same bytes fetched
    long ago), and before its batch commits, a prune deletes that page. On PostgreSQL the prune cannot see
    the check's uncommitted version, so the database refuses the check's batch when it commits. The run
    records that batch again, now storing the page afresh, and goes on; nothing is lost or counted twice."""
    import hashlib

    from django.db import connection

    from optout.watch import services
    from optout.watch.models import FetchLog
    from optout.watch.services.snapshots import store_snapshot
    from optout.watch.tests.documents import only_linkedin_privacy

    doc = only_linkedin_privacy(web_fixture.url("/privacy"))
    web_fixture.route("/privacy", _policy("We keep your data for 90 days."))
    assert services.run(sync=False, processes=0) == {"new-version": 1}
    changed = _policy("We use your public posts to train our AI models.")
    digest = hashlib.sha256(changed).hexdigest()
    stray = store_snapshot(digest, changed.decode())  # fetched before and dropped from everything since
    Snapshot.objects.filter(pk=stray.pk).update(created_at=ago(400))
    web_fixture.route("/privacy", changed)
    deleted = []

    def prune_meanwhile(_document):
        if deleted:
            return
        if connection.vendor == "postgresql":  # the prune's own connection, which commits at once
            prune = connection.copy()
            with prune.cursor() as cursor:
                cursor.execute("DELETE FROM watch_snapshot WHERE id = %s", [stray.pk])
            prune.close()
        else:  # SQLite lets one writer in at a time, so two connections cannot race; the same refusal at
            with connection.cursor() as cursor:  # commit is played on the check's own connection
                cursor.execute("DELETE FROM watch_snapshot WHERE id = %s", [stray.pk])
        deleted.append(stray.pk)

    assert services.run(sync=False, processes=0, progress=prune_meanwhile) == {"new-version": 1}
    assert deleted == [stray.pk]
    # On SQLite the delete was part of the refused batch, and was undone with it.
    assert Snapshot.objects.filter(pk=stray.pk).exists() is (connection.vendor != "postgresql")
    latest = doc.versions.order_by("-created_at", "-pk").first()
    assert doc.versions.count() == 2 and "train our AI models" in latest.text and latest.ai_relevant
    assert latest.snapshot.sha256 == digest and latest.snapshot.body == changed.decode()  # the page, stored again
    doc.refresh_from_db()
    assert doc.snapshot_id == latest.snapshot_id and doc.raw_hash == digest
    assert list(FetchLog.objects.filter(document=doc).values_list("outcome", flat=True).order_by("at", "pk")) == [
        "new-version", "new-version"]
