"""Raw pages are kept (compressed, once per content) and read again when a declaration changes:
the difference is optout's own, recorded as a technical version that alerts nobody."""

import pytest
from django.core import mail
from typer.testing import CliRunner

from conftest import make_plan
from optout.cli import build_app
from optout.plans.models import Action, Status
from optout.plans.services import set_status
from optout.watch import services
from optout.watch.declarations import declarations
from optout.watch.models import Alert, Snapshot, Version, WatchedDocument
from optout.watch.services import documents as documents_service
from optout.watch.tests.documents import only_linkedin_privacy
from optout.watch.tests.test_check_documents import PARAGRAPHS

PROMO = "Try our new AI assistant: it is trained on your posts and photos to write captions for you."
AI = "We may use your posts, profile and other content to train the generative AI models that power our features."


def page(paragraphs, promo=True):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    banner = f"<div class='promo'><p>{PROMO}</p></div>" if promo else ""
    return f"<html><body><nav>Menu</nav><main><h1>Privacy Policy</h1>{banner}{body}</main></body></html>".encode()


@pytest.fixture
def watched(db, web_fixture):
    return only_linkedin_privacy(web_fixture.url("/privacy"), select=["main"], remove=[])


def declared(monkeypatch, **changes):
    """The data files as if `linkedin`'s privacy-policy declaration said `changes`."""
    current = declarations()
    linkedin = current["linkedin"]
    docs = [d.model_copy(update=changes) if d.id == "privacy-policy" else d for d in linkedin.documents]
    patched = {**current, "linkedin": linkedin.model_copy(update={"documents": docs})}
    monkeypatch.setattr(documents_service, "declarations", lambda: patched)


def sync(watched):
    """Apply the data files, then keep the run on this one document (the others point at the internet)."""
    services.sync_documents()
    WatchedDocument.objects.exclude(pk=watched.pk).update(active=False)


def test_identical_pages_are_stored_once_and_compressed(watched, web_fixture):
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False)
    watched.refresh_from_db()
    watched.etag = watched.raw_hash = ""  # force a full download of the same bytes
    watched.save()
    services.run(sync=False)
    snapshot = Snapshot.objects.get()
    assert snapshot.body == page(PARAGRAPHS).decode()
    assert len(bytes(snapshot.data)) < snapshot.size / 2
    assert watched.versions.get().snapshot == snapshot


def test_noisy_re_renders_keep_only_the_pages_behind_versions_and_the_latest(watched, web_fixture):
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False)
    first = Snapshot.objects.get()
    for noise in range(3):  # the same text, different bytes each time (a build id, a timestamp)
        web_fixture.route("/privacy", page(PARAGRAPHS).replace(b"<nav>", f"<nav data-build='{noise}'>".encode()))
        assert services.run(sync=False) == {"same-text": 1}
    watched.refresh_from_db()
    assert set(Snapshot.objects.values_list("id", flat=True)) == {first.id, watched.snapshot_id}
    assert watched.versions.get().snapshot == first


def test_a_declaration_change_is_read_again_as_a_technical_version_that_alerts_nobody(
        watched, web_fixture, alice, monkeypatch, django_capture_on_commit_callbacks):
    done = make_plan(alice, "EU", ["linkedin"])[0]
    set_status(done, Status.DONE)
    web_fixture.route("/privacy", page(PARAGRAPHS))
    declared(monkeypatch, select=["main"], remove=[], url=watched.url)
    sync(watched)
    services.run(sync=False)
    first = watched.latest
    assert PROMO in first.text

    # The declaration learns to drop the promotion banner; the page itself does not change.
    declared(monkeypatch, select=["main"], remove=[".promo"], url=watched.url)
    with django_capture_on_commit_callbacks(execute=True):
        sync(watched)
    technical = watched.latest
    assert technical != first and technical.technical and technical.source == "reextract"
    assert PROMO not in technical.text and technical.changed_from == first
    assert not technical.ai_relevant  # removing an AI sentence would otherwise be an AI change
    assert not Alert.objects.exists() and not mail.outbox
    assert Action.objects.get(pk=done.pk).status == Status.DONE

    # A fetch of the same page makes nothing new; a real AI change is compared with the technical version.
    sync(watched)
    assert services.run(sync=False) == {"same-body": 1}
    assert watched.versions.count() == 2
    web_fixture.route("/privacy", page([*PARAGRAPHS, AI]))
    with django_capture_on_commit_callbacks(execute=True):
        services.run(sync=False)
    real = watched.latest
    assert real.changed_from == technical and not real.technical and real.ai_relevant
    assert [r["text"] for r in real.reasons] == [AI]
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


def test_the_cli_reads_stored_pages_again_on_demand(watched, web_fixture, monkeypatch):
    declared(monkeypatch, select=["main"], remove=[], url=watched.url)  # the data files, as the CLI syncs them
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False)
    WatchedDocument.objects.filter(pk=watched.pk).update(remove=[".promo"])  # as if the data file changed
    runner = CliRunner()
    result = runner.invoke(build_app(), ["watch", "reextract", "--platform", "linkedin"])
    assert result.exit_code == 0, result.output
    # sync_documents restores the declared selectors first, so nothing differs from the data file
    assert "already up to date" in result.output or "same text" in result.output, result.output
    result = runner.invoke(build_app(), ["watch", "reextract", "--platform", "linkedin", "--all"])
    assert result.exit_code == 0 and "1 " in result.output
    bad = runner.invoke(build_app(), ["watch", "reextract", "--platform", "nope"])
    assert bad.exit_code != 0 and "optout knows no platform 'nope'" in bad.output


def test_a_page_fetched_after_optout_changed_its_reading_but_with_nothing_stored_is_technical_and_unsure(
        watched, web_fixture, alice):
    """optout cannot tell its own change from the platform's: the version is technical, and the AI sentence
    among its differences alerts as one optout cannot be sure of, rather than being kept quiet."""
    make_plan(alice, "EU", ["linkedin"])
    web_fixture.route("/privacy", page(PARAGRAPHS, promo=False))
    services.run(sync=False)
    # An install from before snapshots: the version was read some other way and no page is stored.
    WatchedDocument.objects.filter(pk=watched.pk).update(extraction="", snapshot=None, raw_hash="", etag="")
    Version.objects.update(snapshot=None)
    Snapshot.objects.all().delete()
    web_fixture.route("/privacy", page([*PARAGRAPHS, AI], promo=False))
    services.run(sync=False)
    latest = Version.objects.filter(document=watched).first()
    assert latest.technical and latest.ai_relevant and not latest.ai_sure
    assert [r["text"] for r in latest.reasons] == [AI]
    assert list(Alert.objects.values_list("version", "owner")) == [(latest.id, alice.id)]


def test_a_new_address_in_the_data_files_is_first_read_as_a_technical_version(
        watched, web_fixture, alice, monkeypatch, django_capture_on_commit_callbacks):
    """The data files move the document to another address (the platform moved its policy). The new page
    is another page: another layout, perhaps a region's wording. optout has no page of the new address
    to compare, so its first check is a technical version: never a sure alert, the old address's ETag
    never sent to the new one."""
    done = make_plan(alice, "EU", ["linkedin"])[0]
    set_status(done, Status.DONE)
    web_fixture.route("/privacy", page(PARAGRAPHS), etag='"old"')
    declared(monkeypatch, select=["main"], remove=[], url=watched.url)
    sync(watched)
    services.run(sync=False)
    first = watched.latest

    moved = web_fixture.url("/legal/privacy")
    web_fixture.route("/legal/privacy", page([*PARAGRAPHS, AI], promo=False), etag='"new"')
    declared(monkeypatch, select=["main"], remove=[], url=moved)
    sync(watched)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.run(sync=False) == {"new-version": 1}
    assert "If-None-Match" not in web_fixture.requests[-1][1]
    fetched = watched.latest
    assert fetched.changed_from == first and fetched.technical and fetched.source == "fetch"
    assert fetched.ai_relevant and not fetched.ai_sure  # AI sentences differ: people are told optout cannot tell
    assert "cannot tell whether the platform changed these sentences" in " ".join(mail.outbox[0].body.split())
    stored = WatchedDocument.objects.get(pk=watched.pk)
    assert stored.url == moved and stored.etag == '"new"' and stored.snapshot_id is not None
