"""After an upgrade of optout's own reading of pages (its extractor, normaliser or trafilatura), the
first fetch of each document must neither alert anyone about optout's change nor hide a change the
platform made at the same time: the previous raw page is read again with the new code, recorded as a
technical version, and the new page is compared with that."""

import pytest
from django.core import mail
from django.utils import timezone

from conftest import make_plan
from optout.plans.models import Action, Status
from optout.plans.services import set_status
from optout.watch import extract, pipeline, services
from optout.watch.models import Alert, Snapshot, Version, WatchedDocument
from optout.watch.tests.documents import only_linkedin_privacy
from optout.watch.tests.test_check_documents import PARAGRAPHS

PROMO = "Try our new AI assistant: it is trained on your posts and photos to write captions for you."
AI = "We may use your posts, profile and other content to train the generative AI models that power our features."


def page(paragraphs, noise=""):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><body><nav>Menu {noise}</nav><main><h1>Privacy Policy</h1>"
            f"<aside><p>{PROMO}</p></aside>{body}</main></body></html>").encode()


@pytest.fixture
def watched(db, web_fixture):
    return only_linkedin_privacy(web_fixture.url("/privacy"), select=["main"], remove=[])


@pytest.fixture
def person_done(alice):
    """Alice uses LinkedIn and has finished its steps: an alert would reopen them and e-mail her."""
    done = make_plan(alice, "EU", ["linkedin"])[0]
    set_status(done, Status.DONE)
    return done


@pytest.fixture(autouse=True)
def fresh_fingerprint():
    pipeline.reading_fingerprint.cache_clear()
    yield
    pipeline.reading_fingerprint.cache_clear()


def upgrade(monkeypatch):
    """A new trafilatura, and a new extractor that leaves out <aside> (a promotion box), with nobody renaming
    `EXTRACTOR`: the same page now reads differently."""
    real_version = pipeline.metadata.version
    monkeypatch.setattr(pipeline.metadata, "version", lambda name: "99.0" if name == "trafilatura" else real_version(name))
    monkeypatch.setattr(extract, "SKIP", extract.SKIP | {"aside"})
    pipeline.reading_fingerprint.cache_clear()


def test_an_upgrade_and_a_real_ai_change_at_once_alert_as_usual(watched, web_fixture, person_done, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False)
    first = watched.latest
    assert PROMO in first.text

    upgrade(monkeypatch)
    web_fixture.route("/privacy", page([*PARAGRAPHS, AI]))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.run(sync=False) == {"new-version": 1}
    technical, real = list(Version.objects.filter(document=watched).order_by("id"))[-2:]
    # optout's own change: the old page read again, the promotion gone, nobody told
    assert technical.technical and technical.source == "reextract" and technical.changed_from == first
    assert PROMO not in technical.text and not technical.ai_relevant
    assert technical.snapshot == first.snapshot
    # the platform's change, compared with the old page read the new way: exactly the new sentence
    assert real.changed_from == technical and not real.technical and real.ai_relevant
    assert [r["text"] for r in real.reasons] == [AI]
    assert list(Alert.objects.values_list("version", flat=True)) == [real.id]
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert Action.objects.get(pk=person_done.pk).status == Status.NEEDS_RECHECK


def test_an_upgrade_alone_is_a_technical_version_that_alerts_nobody(watched, web_fixture, person_done, monkeypatch,
                                                                     django_capture_on_commit_callbacks):
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False)
    first = watched.latest

    upgrade(monkeypatch)
    web_fixture.route("/privacy", page(PARAGRAPHS, noise="build 2"))  # new bytes, the same text
    with django_capture_on_commit_callbacks(execute=True):
        assert services.run(sync=False) == {"same-text": 1}
    technical = watched.latest
    assert technical != first and technical.technical and not technical.ai_relevant
    assert technical.changed_from == first and technical.reasons  # the comparison is kept for the record
    assert PROMO not in technical.text
    assert not Alert.objects.exists() and not mail.outbox
    assert Action.objects.get(pk=person_done.pk).status == Status.DONE


def test_a_page_older_than_imported_history_is_not_read_again_as_the_latest_text(watched, web_fixture, tmp_path,
                                                                                  monkeypatch):
    """Fetched once, then years of history imported up to yesterday: the next page is compared with the
    imported text, never with the older stored page read again (that would replay imported changes)."""
    import datetime as dt

    from optout.watch.tests.test_reextract_documents import declared

    declared(monkeypatch, select=["main"], remove=[], url=watched.url)  # the import applies the data files first
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False, now=timezone.now() - dt.timedelta(days=3))
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    (tmp_path / f"{yesterday}.md").write_text("# Privacy Policy\n\n" + "\n\n".join(PARAGRAPHS[:5]) + "\n")
    services.import_history(tmp_path, platform="linkedin", document="privacy-policy")
    WatchedDocument.objects.exclude(pk=watched.pk).update(active=False)  # the import synced the data files
    imported = Version.objects.filter(document=watched).order_by("-created_at", "-id").first()
    assert imported.source == "import"

    web_fixture.route("/privacy", page([*PARAGRAPHS, AI]))
    assert services.run(sync=False) == {"new-version": 1}
    latest = Version.objects.filter(document=watched).order_by("-created_at", "-id").first()
    assert latest.changed_from == imported and latest.technical and not latest.ai_relevant
    assert not Version.objects.filter(document=watched, source="reextract").exists()
    assert not Alert.objects.exists()


def test_a_document_checked_before_pages_were_kept_gets_its_page_back_so_the_next_real_change_alerts(
        watched, web_fixture, person_done, monkeypatch, django_capture_on_commit_callbacks):
    web_fixture.route("/privacy", page(PARAGRAPHS), etag='"v1"')
    services.run(sync=False)
    first = watched.latest
    # An install from before raw pages were kept: a version and the page's hash and ETag, no page.
    WatchedDocument.objects.filter(pk=watched.pk).update(snapshot=None, extraction="")
    Snapshot.objects.all().delete()
    upgrade(monkeypatch)

    # The page has not changed: it is downloaded in full once (no conditional request) and kept; optout's
    # new reading of it is recorded as its own change, which tells nobody.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.run(sync=False) == {"same-body": 1}
    assert web_fixture.requests[-1][1].get("If-None-Match") is None
    watched.refresh_from_db()
    assert watched.snapshot is not None and watched.snapshot.body == page(PARAGRAPHS).decode()
    technical = watched.latest
    assert technical.technical and technical.changed_from == first and PROMO not in technical.text
    assert not Alert.objects.exists() and not mail.outbox
    assert services.run(sync=False) == {"not-modified": 1}  # from now on, conditional requests again

    # The platform's next change is compared like with like, and alerts.
    web_fixture.route("/privacy", page([*PARAGRAPHS, AI]), etag='"v2"')
    with django_capture_on_commit_callbacks(execute=True):
        assert services.run(sync=False) == {"new-version": 1}
    real = watched.latest
    assert real.changed_from == technical and not real.technical and real.ai_relevant
    assert [r["text"] for r in real.reasons] == [AI]
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
