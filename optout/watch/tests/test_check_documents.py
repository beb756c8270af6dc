"""Checking watched pages against a real loopback server: unchanged, changed, noisy, AI-relevant."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from conftest import make_plan
from optout.lib.outbound import make_fetcher
from optout.plans.models import Action, Status
from optout.watch import services
from optout.watch.models import FetchLog, Version, WatchedDocument
from optout.watch.pipeline import fetch_stage
from optout.watch.tests.documents import check, only_linkedin_privacy

PARAGRAPHS = [
    "We collect information you provide when you create an account, such as your name and e-mail address.",
    "We use information to provide, personalise and improve our services, and to keep them safe.",
    "You can access, correct and delete your information in your settings at any time.",
    "We share information with service providers who help us run the service, under contract.",
    "We keep information for as long as your account exists, and delete it within 90 days after.",
] * 3


def page(paragraphs, *, noise="", extra=""):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>Privacy</title><script>var rendered='{noise}';</script></head><body>"
            f"<nav><a href='/?utm_source={noise}'>Home</a></nav><main><h1>Privacy Policy</h1>{body}{extra}</main>"
            f"<footer>Page generated {noise}</footer></body></html>").encode()


@pytest.fixture
def watched(db, web_fixture):
    """One watched document that points at the fixture server."""
    return only_linkedin_privacy(web_fixture.url("/privacy"))


def test_first_check_stores_a_version_and_an_unchanged_page_answers_304(watched, web_fixture):
    route = web_fixture.route("/privacy", page(PARAGRAPHS), etag='"v1"')
    assert check(watched) == "new-version"
    assert check(watched) == "not-modified"
    assert web_fixture.requests[-1][1].get("If-None-Match") == '"v1"'
    assert route.hits == 2 and watched.versions.count() == 1
    assert list(FetchLog.objects.values_list("outcome", flat=True)) == ["not-modified", "new-version"]


def test_an_unchanged_page_leaves_its_connection_to_the_next_request(web_fixture):
    """A 304 has no body, but left unread its connection was closed: each unchanged page of a run cost a new
    connection (a TLS handshake on a real site), and an unchanged run twice the CPU it needs."""
    web_fixture.route("/privacy", page(PARAGRAPHS), etag='"v1"')
    web_fixture.route("/terms", page(PARAGRAPHS), etag='"v2"')
    fetcher = make_fetcher(per_host_delay=0)
    try:
        assert fetcher.get(web_fixture.url("/privacy"), etag='"v1"').not_modified
        assert fetcher.get(web_fixture.url("/terms"), etag='"v2"').not_modified
        assert fetcher.get(web_fixture.url("/privacy")).body
    finally:
        fetcher.close()
    assert len(web_fixture.peers) == 3 and len(set(web_fixture.peers)) == 1


def test_two_pages_served_alike_keep_one_copy_that_both_point_to(watched, web_fixture):
    """Stored once per content: the second document's page is the row the first one stored, found by the database
    as it inserts (`snapshots.store_snapshot`), not a copy, and its version points at that row."""
    from optout.watch.models import Snapshot
    from optout.watch.pipeline import compress

    body = page(PARAGRAPHS)
    web_fixture.route("/privacy", body)
    web_fixture.route("/privacy-copy", body)
    other = WatchedDocument.objects.create(platform="linkedin", doc_id="privacy-copy", title="LinkedIn: Privacy copy",
                                           type="privacy-policy", url=web_fixture.url("/privacy-copy"))
    assert check(watched) == "new-version" and check(other) == "new-version"
    watched.refresh_from_db()
    other.refresh_from_db()
    stored = Snapshot.objects.get()
    assert watched.snapshot_id == other.snapshot_id == stored.pk
    assert {v.snapshot_id for v in Version.objects.all()} == {stored.pk}
    assert stored.data == compress(body.decode()) and stored.size == len(body)


def test_a_noisy_re_render_makes_no_new_version(watched, web_fixture):
    web_fixture.route("/privacy", page(PARAGRAPHS, noise="10:32:11"))
    assert check(watched) == "new-version"
    web_fixture.route("/privacy", page(PARAGRAPHS, noise="10:45:02").replace(b"  ", b" "))
    assert check(watched) == "same-text"
    assert watched.versions.count() == 1


def test_a_change_is_stored_and_a_plain_change_is_quiet(watched, web_fixture, alice):
    make_plan(alice, "EU", ["linkedin"])
    web_fixture.route("/privacy", page(PARAGRAPHS))
    check(watched)
    changed = [*PARAGRAPHS[:-1], "We keep information for as long as your account exists, and delete it within 30 days after."]
    web_fixture.route("/privacy", page(changed))
    assert check(watched) == "new-version"
    latest = watched.latest
    assert latest.ai_relevant is False and latest.changed_from is not None
    assert not mail.outbox


def test_an_ai_change_alerts_users_and_reopens_their_steps(watched, web_fixture, alice, bob, django_capture_on_commit_callbacks):
    actions = make_plan(alice, "EU", ["linkedin"])
    from optout.plans.services import set_status

    set_status(actions[0], Status.DONE)
    web_fixture.route("/privacy", page(PARAGRAPHS))
    check(watched)
    ai = "We may use your posts, profile and other content to train the generative AI models that power our features."
    web_fixture.route("/privacy", page([*PARAGRAPHS, ai]))
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched) == "new-version"
    version = watched.latest
    assert version.ai_relevant and version.score >= 0.5
    assert version.reasons[0] == {"kind": "added", "text": ai}
    action = Action.objects.get(pk=actions[0].pk)
    assert action.status == Status.NEEDS_RECHECK
    assert version.get_absolute_url() in action.events.last().text
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]  # bob has no LinkedIn account


def test_an_error_is_recorded_and_the_run_goes_on(db, web_fixture):
    services.sync_documents()
    documents = list(WatchedDocument.objects.filter(platform__in=["linkedin", "reddit"]).order_by("platform", "doc_id"))
    WatchedDocument.objects.exclude(pk__in=[d.pk for d in documents]).update(active=False)
    for index, document in enumerate(documents):
        document.url = web_fixture.url(f"/doc{index}")
        document.save()
    web_fixture.route("/doc0", status=500)
    for index in range(1, len(documents)):
        web_fixture.route(f"/doc{index}", page(PARAGRAPHS))
    counts = services.run(sync=False)
    assert counts == {"error": 1, "new-version": len(documents) - 1}
    failed = WatchedDocument.objects.get(pk=documents[0].pk)
    assert failed.last_error == "The server answered HTTP 500." and failed.next_check_at > timezone.now()
    assert Version.objects.count() == len(documents) - 1


def test_a_page_optout_fails_to_read_or_compare_is_that_documents_error_and_the_run_goes_on(db, web_fixture, client,
                                                                                            monkeypatch):
    """Whatever a page does to optout's reading or comparing (an odd input no test foresaw, played here by
    making both fail on a marker), only that document's check fails, in words; the others are recorded."""
    from optout.watch.services import runs, versions

    services.sync_documents()
    documents = list(WatchedDocument.objects.filter(platform__in=["linkedin", "reddit"]).order_by("platform", "doc_id")[:3])
    WatchedDocument.objects.exclude(pk__in=[d.pk for d in documents]).update(active=False)
    bodies = [page(PARAGRAPHS, extra="<p>UNREADABLE</p>"), page(PARAGRAPHS),
              page(PARAGRAPHS, extra="<p>Write to http://[privacy?team=1 for help.</p>")]  # urlsplit cannot take it
    for index, (document, body) in enumerate(zip(documents, bodies, strict=True)):
        document.url = web_fixture.url(f"/doc{index}")
        document.save()
        web_fixture.route(f"/doc{index}", body)
    real_extract, real_judge = runs.extract_stage, versions.judge_stage

    def extract(body, *args):
        if "UNREADABLE" in body:
            raise RecursionError("maximum recursion depth exceeded")
        return real_extract(body, *args)

    def compare(previous, current, before=None):
        if "UNCOMPARABLE" in current:
            raise ZeroDivisionError("division by zero")
        return real_judge(previous, current, before)

    monkeypatch.setattr(runs, "extract_stage", extract)
    monkeypatch.setattr(versions, "judge_stage", compare)
    assert services.run(sync=False, processes=0) == {"error": 1, "new-version": 2}
    unreadable = WatchedDocument.objects.get(pk=documents[0].pk)
    assert unreadable.last_error.startswith("reading the page failed (RecursionError: maximum recursion")
    assert unreadable.next_check_at > timezone.now() and not unreadable.versions.exists()
    assert "http://[privacy?team=1" in WatchedDocument.objects.get(pk=documents[2].pk).latest.text
    response = client.get("/watch/linkedin/")
    assert ("optout could not read this page: something went wrong inside optout while reading it, not on the "
            "platform’s side. If it happens again, please report it with these details: reading the page failed "
            "(RecursionError") in response.content.decode()

    web_fixture.route("/doc1", page(PARAGRAPHS, extra="<p>UNCOMPARABLE</p>"))
    assert services.run(sync=False, processes=0) == {"error": 2, "same-body": 1}
    uncomparable = WatchedDocument.objects.get(pk=documents[1].pk)
    assert uncomparable.last_error.startswith("comparing or recording the page failed (ZeroDivisionError")
    assert uncomparable.versions.count() == 1  # nothing half-recorded: no version, no page, same validators
    assert FetchLog.objects.filter(document=uncomparable).order_by("-at", "-pk").first().outcome == "error"


def test_a_deeply_nested_page_is_read_whole_or_not_at_all(watched, web_fixture, client):
    """libxml2 stops at 256 levels of nesting and drops the rest of the page without a word: a change past
    that point would never be seen. 300 levels (unclosed <div>s on a real page) are read to the end; a page
    thousands of levels deep is an error in words, never part of a policy taken for all of it."""
    def nested(levels):
        return ("<html><body><main><h1>Privacy Policy</h1>" + "".join(f"<div><p>{p}</p>" for p in PARAGRAPHS)
                + "<div>" * levels + "<p>We never sell your data to anyone.</p>" + "</div>" * levels
                + "<p>Write to privacy@example.com with any question.</p></main></body></html>").encode()

    web_fixture.route("/privacy", nested(300))
    assert check(watched) == "new-version"
    assert "We never sell your data" in watched.latest.text and "Write to privacy@example.com" in watched.latest.text
    web_fixture.route("/privacy", nested(5000))
    assert services.run(sync=False, processes=0) == {"error": 1}
    stored = WatchedDocument.objects.get(pk=watched.pk)
    assert stored.last_error.startswith("the page nests its elements too deeply for optout to read all of it")
    assert watched.versions.count() == 1
    assert "optout could not read this page: it nests its elements too deeply" in client.get("/watch/linkedin/").content.decode()


XHTML_HEADERS = {"Content-Type": "application/xhtml+xml; charset=utf-8"}


def xhtml(paragraphs) -> bytes:
    """`page` as an XHTML file: an XML declaration that names the encoding, the doctype, the namespace."""
    html = page(paragraphs).decode().replace("<html>", '<html xmlns="http://www.w3.org/1999/xhtml">')
    return ("<?xml version='1.0' encoding='utf-8'?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\" "
            f"\"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd\">\n{html}").encode()


def test_an_xhtml_page_is_read_and_the_same_words_in_xhtml_are_no_change(watched, web_fixture, client):
    """lxml refuses text that opens with an XML declaration naming its encoding: an XHTML page was read as
    holding no text, and people were told it may be built by JavaScript."""
    web_fixture.route("/privacy", page(PARAGRAPHS))
    assert check(watched) == "new-version"
    web_fixture.route("/privacy", xhtml(PARAGRAPHS), headers=XHTML_HEADERS)
    assert check(watched) == "same-text"
    ai = "We may use your posts, profile and other content to train the generative AI models that power our features."
    web_fixture.route("/privacy", xhtml([*PARAGRAPHS, ai]), headers=XHTML_HEADERS)
    assert check(watched) == "new-version"
    latest = watched.latest
    assert latest.ai_relevant and latest.text.startswith("# Privacy Policy\n\nWe collect information") and ai in latest.text
    text = client.get("/watch/linkedin/").content.decode()
    assert "holds no text" not in text and "could not read" not in text


def test_an_xhtml_page_whose_only_encoding_is_its_xml_declaration_is_read_in_that_encoding(watched, web_fixture):
    """No charset in the HTTP header and no <meta charset>: the XML declaration says which bytes mean what."""
    words = [p.replace("information", "informations café’s") for p in PARAGRAPHS]
    body = xhtml(words).decode().replace("encoding='utf-8'", "encoding='windows-1252'").encode("cp1252")
    web_fixture.route("/privacy", body, headers={"Content-Type": "application/xhtml+xml"})
    assert check(watched) == "new-version"
    assert "informations café’s" in watched.latest.text and "Ã" not in watched.latest.text


def test_compare_reads_xhtml_files(tmp_path):
    from typer.testing import CliRunner

    from optout.cli import build_app

    ai = "We may use your posts, profile and other content to train the generative AI models that power our features."
    old, new = tmp_path / "old.xhtml", tmp_path / "new.html"
    old.write_bytes(xhtml(PARAGRAPHS))
    new.write_bytes(xhtml([*PARAGRAPHS, ai]))
    said = CliRunner().invoke(build_app(), ["watch", "compare", str(old), str(new)], env={"COLUMNS": "200"})
    assert said.exit_code == 0, said.output
    assert said.output.startswith("Changed, about AI") and "added: “We may use your posts" in said.output


@pytest.mark.django_db(transaction=True)
def test_two_runs_checking_one_changed_page_at_once_record_it_once_and_alert_once(web_fixture, alice):
    """The tick and `optout watch run` at the same moment: while the first run's batch holds the changed
    page uncommitted, a second run fetches the same page. It waits for the first, then finds the page
    recorded: one version, one alert, one e-mail. On PostgreSQL the second run is a real one, on its own
    connection; SQLite lets one writer in at a time (its in-memory test database would refuse the second
    connection's reads meanwhile), so there the second check runs from what it read before the first
    committed: the same document row and the same page."""
    import threading
    import time

    from django.db import connection

    from optout.watch.models import Alert

    make_plan(alice, "EU", ["linkedin"])
    watched = only_linkedin_privacy(web_fixture.url("/privacy"))
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False)
    ai = "We may use your posts, profile and other content to train the generative AI models that power our features."
    web_fixture.route("/privacy", page([*PARAGRAPHS, ai]))
    second: dict = {}

    def run_again():
        try:
            second["counts"] = services.run(sync=False)
        finally:
            connection.close()

    def second_run_meanwhile(_document):
        if second:
            return
        if connection.vendor == "postgresql":
            second["thread"] = threading.Thread(target=run_again)
            second["thread"].start()
            time.sleep(1.5)  # the second run fetches the page and reaches the document the first one holds
        else:
            second["read"] = WatchedDocument.objects.get(pk=watched.pk), fetch_stage(
                make_fetcher(), watched.url, etag=watched.etag, last_modified=watched.last_modified,
                raw_hash=watched.raw_hash)

    assert services.run(sync=False, progress=second_run_meanwhile) == {"new-version": 1}
    if "thread" in second:
        second["thread"].join(timeout=60)
    else:
        second["counts"] = {services.process(*second["read"], timezone.now()): 1}
    assert second["counts"] == {"same-text": 1}
    assert watched.versions.count() == 2 and Alert.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


def test_only_due_documents_are_checked_by_the_tick(watched, web_fixture):
    web_fixture.route("/privacy", page(PARAGRAPHS))
    watched.next_check_at = timezone.now() + dt.timedelta(hours=5)
    watched.save()
    assert services.documents_to_check(due_only=True).count() == 0  # what `optout watch run --due` counts
    assert services.run(due_only=True, sync=False) == {}
    watched.next_check_at = timezone.now() - dt.timedelta(minutes=1)
    watched.save()
    assert services.documents_to_check(due_only=True).count() == 1
    assert services.run(due_only=True, sync=False) == {"new-version": 1}


def test_pages_read_in_child_processes_give_the_same_versions_as_in_threads(db, web_fixture):
    """Large runs read pages in child processes (one per core): the stored texts, hashes and pages are
    exactly those of the same run read in the fetching threads, for the declared-selector path and the
    trafilatura path alike."""
    services.sync_documents()
    documents = list(WatchedDocument.objects.filter(platform__in=["linkedin", "reddit"]).order_by("platform", "doc_id"))[:4]
    WatchedDocument.objects.exclude(pk__in=[d.pk for d in documents]).update(active=False)
    for index, document in enumerate(documents):
        document.url = web_fixture.url(f"/doc{index}")
        document.select = ["main"] if index % 2 else ["#nothing-here"]  # the second kind goes to trafilatura
        document.remove = ["nav"]
        document.save()
        web_fixture.route(f"/doc{index}", page([f"Section {index}: {p}" for p in PARAGRAPHS], extra="<ul><li>One</li></ul>"))

    def stored():
        return sorted(Version.objects.values_list("document_id", "text", "text_hash", "snapshot__sha256", "extraction"))

    assert services.run(sync=False, processes=0) == {"new-version": 4}
    in_threads = stored()
    Version.objects.all().delete()
    WatchedDocument.objects.update(etag="", raw_hash="", last_modified="", snapshot=None, extraction="")
    assert services.run(sync=False, processes=2) == {"new-version": 4}
    assert stored() == in_threads
    assert all(text.startswith("# Privacy Policy") for _doc, text, *_rest in in_threads)


def test_an_unchanged_run_records_every_check_as_one_by_one(db, web_fixture):
    """An unchanged run writes its checks together at the end of each batch (`runs._Gathered`), one statement for
    the documents and one for the log: each document still gets its check time, next check and validators, a log
    line each, and a drastic change that waited is forgotten when the latest version's page answers unchanged."""
    services.sync_documents()
    documents = list(WatchedDocument.objects.filter(platform__in=["linkedin", "reddit"]).order_by("platform", "doc_id"))[:4]
    WatchedDocument.objects.exclude(pk__in=[d.pk for d in documents]).update(active=False)
    for index, document in enumerate(documents):
        WatchedDocument.objects.filter(pk=document.pk).update(url=web_fixture.url(f"/doc{index}"), select=["main"])
        web_fixture.route(f"/doc{index}", page([f"Section {index}: {p}" for p in PARAGRAPHS]), etag=f'"v{index}"')
    first = timezone.now() - dt.timedelta(days=1)
    assert services.run(sync=False, now=first) == {"new-version": 4}
    waiting = documents[2].pk
    WatchedDocument.objects.filter(pk=waiting).update(pending_hash="a" * 64, pending_since=first,
                                                       pending_reason="shorter", last_error="an old error")
    later = timezone.now()
    assert services.run(sync=False, now=later) == {"not-modified": 3, "flap": 1}
    checked = WatchedDocument.objects.filter(pk__in=[d.pk for d in documents]).order_by("pk")
    assert [d.etag for d in checked] == [f'"v{index}"' for index in sorted(range(4), key=lambda i: documents[i].pk)]
    for document in checked:
        assert document.last_checked_at == later and document.last_error == ""
        assert later + services.runs.CHECK_EVERY <= document.next_check_at <= later + services.runs.CHECK_EVERY + services.runs.JITTER
    held = WatchedDocument.objects.get(pk=waiting)
    assert (held.pending_hash, held.pending_since, held.pending_reason) == ("", None, "")
    assert sorted(FetchLog.objects.filter(at=later).values_list("document_id", "outcome")) == sorted(
        (d.pk, "flap" if d.pk == waiting else "not-modified") for d in documents)


def test_a_child_process_reads_a_page_exactly_as_the_thread_would():
    """Once the children have started, pages go to them (before that, and if they die, threads read)."""
    from concurrent.futures import wait

    from optout.watch.pipeline import extract_stage
    from optout.watch.services.runs import _Extractors

    body = page(PARAGRAPHS, extra="<table><tr><td>a|b</td><td>c</td></tr></table>").decode()
    extractors = _Extractors(2)
    try:
        assert extractors.pool is None  # nothing started before there is a page to read
        extractors(body, "text/html", ["main"], [], None)
        wait(extractors.warming)
        for select in (["main"], ["#nothing-here"]):
            assert extractors(body, "text/html", select, ["nav"], None) == extract_stage(body, "text/html", select, ["nav"], None)
        assert extractors.warming == [] and len(extractors.pool._processes) == 2  # the children did the reading
    finally:
        extractors.close()


def test_child_processes_read_only_large_runs_on_a_machine_with_idle_cores(monkeypatch):
    from optout.watch.services import runs

    monkeypatch.setattr(runs.os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(runs.os, "getloadavg", lambda: (1.5, 0.3, 0.3))
    assert runs._processes(600, None) == 2
    assert runs._processes(runs.PROCESSES_FROM - 1, None) == 0  # starting them would cost more than they save
    assert runs._processes(600, 0) == 0 and runs._processes(3, 2) == 2  # asked for explicitly
    monkeypatch.setattr(runs.os, "getloadavg", lambda: (2.5, 3.0, 2.0))
    assert runs._processes(600, None) == 2  # the load a run of the watcher leaves behind it: still worth it
    monkeypatch.setattr(runs.os, "getloadavg", lambda: (3.0, 3.0, 2.0))
    assert runs._processes(600, None) == 0  # busy with other work: threads read
    monkeypatch.setattr(runs.os, "sched_getaffinity", lambda _pid: {0})
    monkeypatch.setattr(runs.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert runs._processes(600, None) == 0  # one core


@pytest.mark.parametrize("start", ["", "\ufeff", "\n  ", "<!DOCTYPE html>\n", "<!doctype html><!-- a comment -->"])
def test_html_served_as_plain_text_is_read_as_html(start):
    from optout.watch.extract import to_markdown

    text = to_markdown(start + page(PARAGRAPHS).decode(), "text/plain")
    assert PARAGRAPHS[0] in text and "<p>" not in text and "<html>" not in text


@pytest.mark.parametrize("declared", [[], ["main"]], ids=["read-whole", "declared-parts"])
def test_a_page_rendered_by_react_keeps_the_words_after_its_empty_comments(declared):
    """React puts `<!-- -->` between neighbouring pieces of text; trafilatura (read whole) used to drop what followed
    each, storing "We use your AI since 2024." for the sentence below."""
    from optout.watch.extract import to_markdown

    sentence = 'We use your <!-- -->posts<!-- --> to train <a href="/ai">AI<!-- --> models</a> since 2024.'
    body = page([*PARAGRAPHS, sentence]).decode()
    assert "We use your posts to train [AI models](/ai) since 2024." in to_markdown(body, "text/html", select=declared)


def test_a_page_too_bare_for_trafilatura_reads_each_nested_item_once_and_runs_no_words_together():
    """A page on which trafilatura finds (almost) nothing is read block by block: a list inside an item, or paragraphs
    inside a cell, are blocks of their own, not also part of the text of the block around them."""
    import lxml.html

    from optout.watch.extract import plain_blocks

    body = ("<ul><li>We use your posts<ul><li>to train AI models</li><li>to rank your feed</li></ul></li>"
            "<li>and pho<!-- a comment -->tos</li></ul><table><tr><td><p>Opt out</p><p>in Settings</p></td></tr></table>")
    assert plain_blocks(lxml.html.fromstring(body)).split("\n\n") == [
        "We use your posts", "to train AI models", "to rank your feed", "and photos", "Opt out", "in Settings"]


def test_plain_text_that_mentions_html_stays_text():
    from optout.watch.extract import to_markdown

    body = "Our pages use <html> and <p> tags.\n<html> is where a page starts."
    assert to_markdown(body, "text/plain") == body


def test_the_same_page_served_as_plain_text_is_no_change(watched, web_fixture, django_capture_on_commit_callbacks):
    web_fixture.route("/privacy", page(PARAGRAPHS))
    assert check(watched) == "new-version"
    web_fixture.route("/privacy", b"<!DOCTYPE html>\n" + page(PARAGRAPHS), headers={"Content-Type": "text/plain; charset=utf-8"})
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched) == "same-text"
    assert watched.versions.count() == 1 and not mail.outbox
