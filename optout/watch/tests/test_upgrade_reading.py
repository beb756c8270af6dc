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


def imported_then_fetched(watched, web_fixture, tmp_path, monkeypatch, imported_markdown: str, fetched_page: bytes,
                          capture) -> tuple[Version, Version]:
    """Fetched once three days ago, then history imported up to yesterday (read by someone else, so its
    text differs from optout's reading of the same page), then the next check: (imported, fetched)."""
    import datetime as dt

    from optout.watch.tests.test_reextract_documents import declared

    declared(monkeypatch, select=["main"], remove=[], url=watched.url)  # the import applies the data files first
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False, now=timezone.now() - dt.timedelta(days=3))
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    (tmp_path / f"{yesterday}.md").write_text(imported_markdown)
    services.import_history(tmp_path, platform="linkedin", document="privacy-policy")
    WatchedDocument.objects.exclude(pk=watched.pk).update(active=False)  # the import synced the data files
    imported = Version.objects.filter(document=watched).order_by("-created_at", "-id").first()
    assert imported.source == "import"
    # compared with optout's own reading three days ago: two readings, so technical, and never news
    assert imported.changed_from.source == "fetch" and imported.technical and not imported.ai_relevant

    web_fixture.route("/privacy", fetched_page)
    with capture(execute=True):
        assert services.run(sync=False) == {"new-version": 1}
    fetched = Version.objects.filter(document=watched).order_by("-created_at", "-id").first()
    # compared with the imported text, never with the older stored page read again (that would replay
    # the imported changes)
    assert fetched.changed_from == imported and fetched.technical and fetched.source == "fetch"
    assert not Version.objects.filter(document=watched, source="reextract").exists()
    return imported, fetched


def test_the_first_check_after_imported_history_tells_people_it_cannot_tell_when_ai_sentences_differ(
        watched, web_fixture, tmp_path, monkeypatch, person_done, django_capture_on_commit_callbacks, client):
    """The history someone else read ends yesterday; the platform added an AI training sentence since.
    optout cannot tell that from its own reading's differences, so it says so instead of staying silent."""
    markdown = "# Privacy Policy\n\n" + "\n\n".join(PARAGRAPHS[:5]) + "\n"
    _imported, fetched = imported_then_fetched(watched, web_fixture, tmp_path, monkeypatch, markdown,
                                               page([*PARAGRAPHS, AI]), django_capture_on_commit_callbacks)
    assert fetched.ai_relevant and not fetched.ai_sure
    assert AI in [r["text"] for r in fetched.reasons]
    assert list(Alert.objects.values_list("version", "owner__email")) == [(fetched.id, "alice@example.org")]
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    body = " ".join(mail.outbox[0].body.split())
    assert "As optout now reads LinkedIn’s Privacy Policy, a sentence about AI training differs" in body
    assert "cannot tell whether the platform changed these sentences or only optout's reading did" in body
    assert Action.objects.get(pk=person_done.pk).status == Status.NEEDS_RECHECK

    shown = " ".join(client.get(fetched.get_absolute_url()).content.decode().split())
    assert "A technical version: optout changed, not necessarily the platform" in shown
    assert "so it told the people who use this platform" in shown and f'Added:</strong> <span lang="en">{AI}' in shown
    listed = " ".join(client.get("/watch/").content.decode().split())
    assert "Maybe about AI" in listed and "technical: optout now reads the page differently" in listed
    assert "optout's own change" not in listed
    feed = client.get("/watch/linkedin/feed.atom").content.decode()
    assert "Maybe AI-relevant change" in feed


def test_the_first_check_after_imported_history_alerts_nobody_when_only_the_reading_differs(
        watched, web_fixture, tmp_path, monkeypatch, person_done, django_capture_on_commit_callbacks, client):
    """The same policy, read by someone else: other headings and links, a line of page furniture, no
    AI sentence changed. A technical version that tells nobody, and no entry in the feeds."""
    markdown = ("## LinkedIn Privacy Policy\n\n[Back to top](https://example.org/#top)\n\n" + PROMO + "\n\n"
                + "\n\n".join(f"- {p}" for p in PARAGRAPHS[:5]) + "\n")
    _imported, fetched = imported_then_fetched(watched, web_fixture, tmp_path, monkeypatch, markdown,
                                               page(PARAGRAPHS, noise="build 2"), django_capture_on_commit_callbacks)
    assert not fetched.ai_relevant and not fetched.reasons
    assert not Alert.objects.exists() and not mail.outbox
    assert Action.objects.get(pk=person_done.pk).status == Status.DONE
    shown = " ".join(client.get(fetched.get_absolute_url()).content.decode().split())
    assert "so it alerted nobody: read the differences yourself" in shown
    assert "Change: " not in client.get("/watch/linkedin/feed.atom").content.decode()


def test_reading_the_stored_page_again_never_undoes_imported_history(
        watched, web_fixture, tmp_path, monkeypatch, person_done, django_capture_on_commit_callbacks):
    """The stored page is older than the imported history. Neither a new reading in the data files nor
    `optout watch reextract --all` may read it again over the imported text: that would undo last week's
    AI sentence, and the next check would announce it as new, for sure."""
    import datetime as dt

    from typer.testing import CliRunner

    from optout.cli import build_app
    from optout.watch.tests.test_reextract_documents import declared

    declared(monkeypatch, select=["main"], remove=[], url=watched.url)
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False, now=timezone.now() - dt.timedelta(days=30))
    week_ago = (dt.date.today() - dt.timedelta(days=7)).isoformat()
    (tmp_path / f"{week_ago}.md").write_text("# Privacy Policy\n\n" + "\n\n".join([PROMO, *PARAGRAPHS, AI]) + "\n")
    services.import_history(tmp_path, platform="linkedin", document="privacy-policy")
    imported = watched.versions.order_by("-created_at", "-id").first()

    declared(monkeypatch, select=["main"], remove=["nav"], url=watched.url)  # a new reading of this page
    services.sync_documents()
    result = CliRunner().invoke(build_app(), ["watch", "reextract", "--platform", "linkedin", "--all"])
    assert result.exit_code == 0, result.output
    WatchedDocument.objects.exclude(pk=watched.pk).update(active=False)  # the others point at the internet
    assert "1 latest text imported (the stored page is older" in result.output
    assert watched.versions.order_by("-created_at", "-id").first() == imported
    assert not watched.versions.filter(source="reextract").exists()

    web_fixture.route("/privacy", page([*PARAGRAPHS, AI]))  # unchanged since last week
    with django_capture_on_commit_callbacks(execute=True):  # optout reads it exactly as the import did
        assert services.run(sync=False) == {"same-text": 1}
    assert watched.versions.order_by("-created_at", "-id").first() == imported
    assert not Alert.objects.exists() and not mail.outbox
    assert not mail.outbox and Action.objects.get(pk=person_done.pk).status == Status.DONE


def test_a_document_checked_before_pages_were_kept_gets_its_page_back_so_the_next_real_change_alerts(
        watched, web_fixture, person_done, monkeypatch, django_capture_on_commit_callbacks):
    web_fixture.route("/privacy", page(PARAGRAPHS), etag='"v1"')
    services.run(sync=False)
    first = watched.latest
    # An install from before raw pages were kept: a version and the page's hash and ETag, no page.
    WatchedDocument.objects.filter(pk=watched.pk).update(snapshot=None, extraction="")
    Version.objects.update(snapshot=None)
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
