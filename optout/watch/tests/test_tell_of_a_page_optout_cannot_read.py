"""A page optout cannot read is never taken for an unchanged one: its page says since when checks fail,
and after days of failures the people who use the platform are told, once."""

import datetime as dt
import re
import zoneinfo
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from typer.testing import CliRunner

from conftest import make_plan
from optout.accounts.models import Profile
from optout.cli import build_app
from optout.notify.models import Notification
from optout.ops.models import Worker
from optout.watch import services
from optout.watch.extract import TOO_DEEP
from optout.watch.models import FailingNotice, FetchLog, WatchedDocument
from optout.watch.status import AGAIN
from optout.watch.tests.documents import book_tick, only_linkedin_privacy

from .test_check_documents import PARAGRAPHS, page

NOW = dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


@pytest.fixture
def watched(db, web_fixture):
    return only_linkedin_privacy(web_fixture.url("/privacy"))


def run_at(when):
    return services.run(sync=False, now=when)


def test_the_platform_page_says_since_when_every_check_failed(watched, web_fixture, client):
    web_fixture.route("/privacy", page(PARAGRAPHS))
    run_at(NOW - dt.timedelta(days=3))
    web_fixture.route("/privacy", status=503)
    run_at(NOW - dt.timedelta(days=2))
    text = client.get("/watch/linkedin/").content.decode()
    # No worker booked a check: none is promised, and the page says how to start one.
    assert "answered with an error (HTTP 503). optout does not check it again by itself" in text
    assert "tries again" not in text
    book_tick(timezone.now() + dt.timedelta(minutes=7))
    text = client.get("/watch/linkedin/").content.decode()
    assert "answered with an error (HTTP 503). optout tries again at the next check." in text
    assert "does not check it again" not in text
    assert "the check of 8 November 2026, 09:00 failed" in text
    assert "Every check since" not in text  # one failed check: it may be a passing outage
    run_at(NOW - dt.timedelta(days=1))
    text = client.get("/watch/linkedin/").content.decode()
    assert "the check of 9 November 2026, 09:00 failed" in text
    assert ("Every check since 8 November 2026, 09:00 has failed, so optout cannot tell whether this page changed "
            "after that") in text
    assert "checked 9 November" not in text

    web_fixture.route("/privacy", page(PARAGRAPHS))
    run_at(NOW)
    watched.refresh_from_db()
    assert watched.failing_since is None and watched.last_error == ""
    text = client.get("/watch/linkedin/").content.decode()
    assert "Every check since" not in text and "checked 10 November 2026, 09:00" in text


def test_the_cli_status_says_the_check_failed_and_since_when(watched, web_fixture, monkeypatch):
    from optout.watch.tests.test_reextract_documents import declared

    declared(monkeypatch, url=watched.url)  # the command applies the data files first: the same address
    web_fixture.route("/privacy", status=404)
    run_at(NOW - dt.timedelta(days=2))
    run_at(NOW - dt.timedelta(days=1))
    local = zoneinfo.ZoneInfo(timezone.get_current_timezone_name())
    first, last = ((NOW - dt.timedelta(days=days)).astimezone(local) for days in (2, 1))
    result = CliRunner().invoke(build_app(), ["watch", "status", "--platform", "linkedin"])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert f"the check of {last.day} November 2026, {last:%H:%M} failed" in output
    assert f"Every check since {first.day} November 2026, {first:%H:%M} has failed" in output
    # no worker runs in this test: no check is promised, and the command says how to start one
    assert "answered with an error (HTTP 404)." in output and "tries again" not in output
    assert "No check runs by itself now: the background worker is not running" in output


def test_people_who_use_the_platform_are_told_once_after_days_of_failures(watched, web_fixture, alice, bob,
                                                                          django_capture_on_commit_callbacks):
    make_plan(alice, "EU", ["linkedin"])
    make_plan(bob, "EU", ["instagram"])
    web_fixture.route("/privacy", page(PARAGRAPHS))
    run_at(NOW - dt.timedelta(days=5))
    web_fixture.route("/privacy", status=500)
    for days in (4, 3, 2):  # failing since 6 November: not yet three days at the check of the 8th
        run_at(NOW - dt.timedelta(days=days))
    assert not Notification.objects.exists() and not mail.outbox
    run_at(NOW - dt.timedelta(days=1))  # 9 November: three days of failures
    notice = Notification.objects.get()
    assert notice.owner == alice and notice.url == "/watch/linkedin/"
    assert notice.text.startswith("optout has not been able to read LinkedIn’s Privacy Policy (since 6 November "
                                  "2026), so it cannot tell you whether it changes.")
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert "LinkedIn’s Privacy Policy (since 6 November 2026)" in mail.outbox[0].body
    # an e-mail has no "here": it names the page in optout that its link opens
    assert "its page in optout says why." in mail.outbox[0].body and " here " not in mail.outbox[0].body
    assert "/watch/linkedin/" in mail.outbox[0].body

    run_at(NOW)  # still failing: told already
    assert Notification.objects.count() == 1

    web_fixture.route("/privacy", page(PARAGRAPHS))
    with django_capture_on_commit_callbacks(execute=True):
        run_at(NOW + dt.timedelta(days=1))  # read again: the run of failures is over, and she is told (only she was)
    assert Notification.objects.count() == 2
    again = Notification.objects.latest("id")
    assert again.owner == alice and again.text.startswith(
        "optout can read LinkedIn’s Privacy Policy again (it could not since 6 November 2026).")
    assert "optout can read LinkedIn’s Privacy Policy again" in mail.outbox[-1].body
    web_fixture.route("/privacy", status=500)
    for days in range(2, 6):
        run_at(NOW + dt.timedelta(days=days))
    assert Notification.objects.count() == 3
    assert "(since 12 November 2026)" in Notification.objects.latest("id").text


def test_the_notice_is_in_the_persons_language_and_time_zone(db, alice):
    make_plan(alice, "EU", ["linkedin"])
    Profile.objects.filter(owner=alice).update(language="de", time_zone="Pacific/Auckland")
    services.sync_documents()
    WatchedDocument.objects.filter(platform="linkedin", doc_id="privacy-policy").update(
        failing_since=dt.datetime(2026, 11, 2, 20, 0, tzinfo=dt.UTC), last_error="The server answered HTTP 500.")
    assert services.tell_failing(NOW) == 1
    text = Notification.objects.get().text
    assert "3. November 2026" in text  # 09:00 on 3 November in Auckland
    assert "optout" in text and "cannot tell" not in text


def test_one_notice_names_a_few_pages_and_counts_the_rest(db, alice, bob):
    make_plan(alice, "EU", ["instagram", "linkedin", "x"])
    services.sync_documents()
    failing = WatchedDocument.objects.filter(platform__in=["instagram", "linkedin", "x"])
    assert failing.count() > 3
    failing.update(failing_since=NOW - dt.timedelta(days=4), last_error="The server answered HTTP 500.")
    WatchedDocument.objects.filter(platform="reddit").update(failing_since=NOW - dt.timedelta(days=4))
    assert services.tell_failing(NOW) == 1  # alice only: bob uses none of these platforms
    notice = Notification.objects.get()
    assert notice.owner == alice and notice.url == "/watch/"
    first = failing.order_by("platform", "doc_id").first()
    assert notice.text.startswith("optout has not been able to read these pages: Instagram’s "
                                  f"{first.title.split(': ')[-1]} (since 6 November 2026);")
    assert f"{failing.count() - 3} more page" in notice.text
    assert "Reddit" not in notice.text
    assert services.tell_failing(NOW) == 0
    assert FailingNotice.objects.filter(owner=alice).count() == failing.count()


def test_an_inactive_or_recently_failing_page_tells_nobody(db, alice):
    make_plan(alice, "EU", ["linkedin"])
    services.sync_documents()
    pages = WatchedDocument.objects.filter(platform="linkedin")
    pages.update(failing_since=NOW - dt.timedelta(days=2, hours=23))
    assert services.tell_failing(NOW) == 0
    pages.update(failing_since=NOW - dt.timedelta(days=10), active=False)
    assert services.tell_failing(NOW) == 0
    assert not Notification.objects.exists()


def test_a_moved_page_starts_without_the_old_addresses_failures(watched, web_fixture, settings):
    web_fixture.route("/privacy", status=404)
    run_at(NOW - dt.timedelta(days=2))
    run_at(NOW - dt.timedelta(days=1))
    watched.refresh_from_db()
    assert watched.failing_since == NOW - dt.timedelta(days=2)
    from optout.watch.services.documents import MOVED_FIELDS, _moved

    watched.url = web_fixture.url("/privacy-new")
    _moved(watched)
    watched.save(update_fields=["url", *MOVED_FIELDS])
    watched.refresh_from_db()
    assert watched.failing_since is None and watched.last_error == ""


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_finds_since_when_a_page_fails_in_the_kept_checks():
    executor = MigrationExecutor(connection)
    executor.migrate([("watch", "0006_snapshots_protected")])
    apps = executor.loader.project_state([("watch", "0006_snapshots_protected")]).apps
    document_model, log_model = apps.get_model("watch", "WatchedDocument"), apps.get_model("watch", "FetchLog")
    day = dt.timedelta(days=1)
    failing = document_model.objects.create(platform="linkedin", doc_id="privacy", title="t", type="privacy",
                                            url="https://example.com/a", last_error="HTTP 500", last_checked_at=NOW)
    for at, outcome in [(NOW - 5 * day, "error"), (NOW - 4 * day, "same-text"), (NOW - 3 * day, "error"),
                        (NOW - 2 * day, "error"), (NOW, "error")]:
        log_model.objects.create(document=failing, at=at, outcome=outcome)
    pruned = document_model.objects.create(platform="linkedin", doc_id="terms", title="t", type="terms",
                                           url="https://example.com/b", last_error="HTTP 500", last_checked_at=NOW)
    fine = document_model.objects.create(platform="x", doc_id="privacy", title="t", type="privacy",
                                         url="https://example.com/c", last_checked_at=NOW)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert WatchedDocument.objects.get(pk=failing.pk).failing_since == NOW - 3 * day
    assert WatchedDocument.objects.get(pk=pruned.pk).failing_since == NOW  # no logs kept: from the last check
    assert WatchedDocument.objects.get(pk=fine.pk).failing_since is None


def test_the_watch_page_lists_the_pages_that_keep_failing_unless_optout_is_offline(db, client):
    services.sync_documents()
    documents = list(WatchedDocument.objects.order_by("platform", "doc_id")[:13])
    for days, document in enumerate(documents):
        document.failing_since, document.last_checked_at = NOW - dt.timedelta(days=20 - days), NOW
        document.last_error = "The server answered HTTP 403."
        document.save()
        FetchLog.objects.create(document=document, at=NOW, outcome="error", error_kind="http", status=403,
                                message=document.last_error)
    once = documents[-1]  # failed once: maybe a passing outage, not listed as failing
    once.failing_since = NOW
    once.save()
    text = client.get("/watch/").content.decode()
    failing = text.split('id="failing-h"')[1].split("</section>")[0]
    assert "Pages optout cannot read" in text
    assert failing.index(documents[0].title) < failing.index(documents[9].title)  # the longest-failing first
    assert documents[10].title not in failing
    assert "And 2 more pages." in failing
    assert once.title not in failing

    FetchLog.objects.update(error_kind="network")  # no page could be reached: one notice says so instead
    text = client.get("/watch/").content.decode()
    assert "optout could not reach the internet" in text and "Pages optout cannot read" not in text
    # and the empty list of changes says why it is empty (it had only its heading)
    empty = text.split('id="watch-empty"')[1].split("</div>")[0]
    assert "has not been able to read the pages it watches yet" in empty, empty


def test_a_person_sent_to_the_watch_page_by_a_notice_finds_every_failing_page_of_their_platforms(db, client, alice):
    """A notice names three pages and counts the rest ("and 12 more pages") and links here: a person must find
    theirs among the pages listed, though others failed for longer."""
    services.sync_documents()
    make_plan(alice, "EU", ["linkedin", "reddit", "instagram", "facebook", "tiktok", "youtube"])
    mine = list(WatchedDocument.objects.filter(platform__in=["linkedin", "reddit", "instagram", "facebook", "tiktok",
                                                             "youtube"]).order_by("platform", "doc_id"))
    others = list(WatchedDocument.objects.exclude(platform__in=[d.platform for d in mine]).order_by("platform")[:12])
    assert len(mine) > 10
    for days, document in enumerate([*others, *mine]):  # the others failing for longer
        document.failing_since, document.last_checked_at = NOW - dt.timedelta(days=40 - days), NOW
        document.last_error = "The server answered HTTP 403."
        document.save()
        FetchLog.objects.create(document=document, at=NOW, outcome="error", error_kind="http", status=403,
                                message=document.last_error)
    client.force_login(alice)
    listed = client.get("/watch/").content.decode().split("Recent changes")[0]
    assert all(document.title in listed for document in mine)  # more than the 10 listed to anyone else
    assert others[0].title not in listed and f"And {len(others)} more pages." in listed
    client.logout()
    listed = client.get("/watch/").content.decode().split("Recent changes")[0]
    assert all(document.title in listed for document in others[:10]) and mine[0].title not in listed
    assert f"And {len(mine) + len(others) - 10} more pages." in listed


def test_the_watch_page_names_the_pages_it_could_not_read_even_after_one_failed_check(db, client):
    """It said "optout could not read 1 page at its last check … the platform's page here says why" and named no
    page while that page had failed only once (it is in no list of failing pages yet): the person was left to
    search some 60 platforms. The newest failures come first, ten at most."""
    services.sync_documents()
    documents = list(WatchedDocument.objects.order_by("platform", "doc_id")[:12])
    once = documents[0]
    FetchLog.objects.create(document=once, at=NOW, outcome="error", error_kind="http", status=403,
                            message="The server answered HTTP 403.")
    WatchedDocument.objects.filter(pk=once.pk).update(failing_since=NOW, last_checked_at=NOW,
                                                      last_error="The server answered HTTP 403.")
    html = client.get("/watch/").content.decode()
    said = status_of(client)
    assert ("optout could not read 1 page at its last check, so it cannot tell whether that page changed; the "
            f"platform's page here says why. {once.title}") in said.replace("&#x27;", "'")
    assert f'<a href="/watch/{once.platform}/"><span lang="en">{once.title}</span></a>' in html
    assert "Pages optout cannot read" not in html and "more page" not in said

    for days, document in enumerate(documents[1:], start=1):  # eleven more, failing for days
        FetchLog.objects.create(document=document, at=NOW, outcome="error", error_kind="http", status=403,
                                message="The server answered HTTP 403.")
        WatchedDocument.objects.filter(pk=document.pk).update(
            failing_since=NOW - dt.timedelta(days=days), last_checked_at=NOW, last_error="The server answered HTTP 403.")
    said, failing = status_of(client).split(FAILING_HEADING)
    assert "optout could not read 12 pages at their last check" in said
    assert (f"says why. {once.title} 11 more pages have failed at more than one check: they are named below, under "
            "“Pages optout cannot read”.") in said.replace("&#x27;", "'")
    assert all(document.title not in said for document in documents[1:]) and "more page." not in said
    assert once.title not in failing  # each page in one list only: it was named in both
    assert failing.index(documents[11].title) < failing.index(documents[2].title)  # the longest-failing first
    assert documents[1].title not in failing and "And 1 more page." in failing


def test_the_watch_page_says_where_it_names_pages_that_have_failed_for_days(db, client):
    services.sync_documents()
    documents = list(WatchedDocument.objects.order_by("platform", "doc_id")[:2])
    for days, document in enumerate(documents, start=1):
        FetchLog.objects.create(document=document, at=NOW, outcome="error", error_kind="http", status=403,
                                message="The server answered HTTP 403.")
        WatchedDocument.objects.filter(pk=document.pk).update(
            failing_since=NOW - dt.timedelta(days=days), last_checked_at=NOW, last_error="The server answered HTTP 403.")
    said, failing = status_of(client).replace("&#x27;", "'").split(FAILING_HEADING)
    assert ("optout could not read 2 pages at their last check, so it cannot tell whether those pages changed; each "
            "platform's page here says why. They have failed at more than one check: they are named below, under "
            "“Pages optout cannot read”.") in said
    assert all(document.title not in said for document in documents)
    assert all(document.title in failing for document in documents)


def test_a_page_never_read_is_not_counted_as_checked_on_the_watch_page(watched, web_fixture, client):
    web_fixture.route("/privacy", status=403)
    run_at(NOW)
    text = " ".join(client.get("/watch/").content.decode().split())
    assert "optout has checked" not in text and "has not checked" not in text
    assert ("optout could not read 1 page at its last check, so it cannot tell whether that page changed; the "
            "platform's page here says why.") in text.replace("&#x27;", "'")
    web_fixture.route("/privacy", page(PARAGRAPHS))
    run_at(NOW + dt.timedelta(days=1))
    text = " ".join(client.get("/watch/").content.decode().split())
    assert "optout has checked 1 page and has seen no change yet" in text and "could not read" not in text


def test_watch_run_says_how_many_pages_it_could_not_read_and_fails_when_it_read_none(watched, web_fixture,
                                                                                       monkeypatch):
    from optout.watch.declarations import declarations
    from optout.watch.services import documents as documents_service

    current = declarations()
    only = [d.model_copy(update={"url": watched.url}) for d in current["linkedin"].documents if d.id == "privacy-policy"]
    monkeypatch.setattr(documents_service, "declarations",
                        lambda: {"linkedin": current["linkedin"].model_copy(update={"documents": only})})
    web_fixture.route("/privacy", status=503)
    failed = CliRunner().invoke(build_app(), ["watch", "run", "--platform", "linkedin"])
    assert failed.exit_code == 1 and "1 page that could not be read" in failed.output
    assert ("optout could not read 1 of the 1 pages; `optout watch status --platform linkedin` says why."
            in " ".join(failed.output.split()))
    web_fixture.route("/privacy", page(PARAGRAPHS))
    WatchedDocument.objects.update(next_check_at=timezone.now())
    read = CliRunner().invoke(build_app(), ["watch", "run", "--platform", "linkedin"])
    assert read.exit_code == 0 and "1 page with a new version" in read.output and "could not read" not in read.output


def test_someone_who_starts_using_the_platform_later_is_told_too(db, alice, bob):
    make_plan(alice, "EU", ["linkedin"])
    services.sync_documents()
    page = WatchedDocument.objects.filter(platform="linkedin", doc_id="privacy-policy")
    page.update(failing_since=NOW - dt.timedelta(days=4), last_error="The server answered HTTP 500.")
    assert services.tell_failing(NOW) == 1
    make_plan(bob, "EU", ["linkedin"])  # two days later Bob adds LinkedIn; the page still fails
    assert services.tell_failing(NOW + dt.timedelta(days=2)) == 1
    assert services.tell_failing(NOW + dt.timedelta(days=3)) == 0
    assert sorted(n.owner.email for n in Notification.objects.all()) == ["alice@example.org", "bob@example.org"]


def test_a_page_with_no_text_counts_as_failing_every_time(watched, web_fixture, alice):
    """A page built by JavaScript gives no text: each such check is a failure, and a run of them is told."""
    make_plan(alice, "EU", ["linkedin"])
    web_fixture.route("/privacy", page(PARAGRAPHS))
    run_at(NOW - dt.timedelta(days=5))
    web_fixture.route("/privacy", b"<html><body><div id='app'></div><script>render()</script></body></html>")
    for days in (4, 3, 2, 1):
        run_at(NOW - dt.timedelta(days=days))
    watched.refresh_from_db()
    assert watched.failing_since == NOW - dt.timedelta(days=4) and "holds no text" in watched.last_error
    assert Notification.objects.filter(owner=alice).count() == 1


def test_a_page_watched_again_starts_without_its_old_failures(db, alice):
    from optout.watch.services.documents import sync_documents

    sync_documents()
    page = WatchedDocument.objects.filter(platform="linkedin", doc_id="privacy-policy")
    page.update(active=False, failing_since=NOW - dt.timedelta(days=40), last_error="The server answered HTTP 500.")
    sync_documents()  # back in the data files
    assert page.get().active and page.get().failing_since is None


def test_a_run_that_read_the_page_before_another_run_failed_keeps_the_earliest_failure(watched, web_fixture):
    from optout.watch.pipeline import Fetched
    from optout.watch.services.runs import process

    stale = WatchedDocument.objects.get(pk=watched.pk)  # read by this run before the other run's check
    WatchedDocument.objects.filter(pk=watched.pk).update(failing_since=NOW - dt.timedelta(hours=2),
                                                         last_error="The server answered HTTP 500.")
    assert process(stale, Fetched("error", 503, error_kind="http", message="The server answered HTTP 503."), NOW) == "error"
    watched.refresh_from_db()
    assert watched.failing_since == NOW - dt.timedelta(hours=2) and watched.last_error == "The server answered HTTP 503."


@pytest.mark.parametrize(("kind", "message", "english", "german"), [
    ("too-large", "The document is larger than 5 MB.", "sent a page larger than optout reads",
     "eine Seite geschickt, die größer ist, als optout liest"),
    ("redirects", "More than 10 redirects; the last pointed to https://x.example/a.", "from address to address too many",
     "zu oft von Adresse zu Adresse weitergeleitet"),
    ("content-type", "The server sent image/png, not a text document.", "did not send a text page",
     "hat keine Textseite geschickt"),
    ("encoding", "The page declares an unknown character set (x-klingon).", "whose characters optout cannot read",
     "deren Zeichen optout nicht lesen kann"),
    ("protocol", "The server's answer was malformed (bad header).", "sent a malformed answer",
     "hat eine fehlerhafte Antwort geschickt"),
    ("http", "The server answered HTTP 503.", "answered with an error (HTTP 503)", "HTTP 503"),
    ("http", "The server answered HTTP 206 Partial Content, not the whole page.", "answered without the whole page (HTTP 206)",
     "ohne die ganze Seite geantwortet (HTTP 206)"),
    ("http", "The server answered HTTP 304 Not Modified to a request for the whole page.",
     "answered without the whole page (HTTP 304)", "ohne die ganze Seite geantwortet (HTTP 304)"),
    ("incomplete", "The connection closed before the page ended (an HTML page without its </body> or </html>).",
     "sent only part of the page", "nur einen Teil der Seite geschickt"),
    # a Wi-Fi sign-in page or a blocker answering for the site: the network's doing, and it may pass
    ("ssrf", "www.example.org points to an internal address (192.168.1.1); optout does not connect to those.",
     "led to an address inside this computer’s network", "führte zu einer Adresse im Netzwerk dieses Computers"),
    ("ssrf", "Only http and https addresses can be fetched, not ftp: ftp://example.org/privacy",
     "sent optout on to an address it does not fetch", "an eine Adresse weitergeleitet, die optout nicht abruft"),
])
def test_why_a_check_failed_is_said_in_the_persons_language(kind, message, english, german):
    """The stored message is English, for logs; a person reads the reason in their language, named by its kind."""
    from django.utils import translation

    from optout.watch.status import explain

    with translation.override("en"):
        said = explain(kind, message, "https://www.example.org/privacy")
    assert said.startswith("www.example.org ") and english in said and "tries again at the next check" in said
    assert message not in said
    with translation.override("de"):
        said = explain(kind, message, "https://www.example.org/privacy")
    assert german in said and "bei der nächsten Prüfung erneut" in said


FAILING_HEADING = " Pages optout cannot read Every check"  # the section's heading, not the sentence naming it


def status_of(client) -> str:
    """What the watch page says between its introduction and its list of recent changes, as words."""
    html = client.get("/watch/").content.decode()
    html = html.split('class="lead"')[1].split("</p>", 1)[1].split('<section aria-labelledby="recent-h"')[0]
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_watch_page_says_why_nothing_is_checked_even_with_past_changes(watched, web_fixture, client):
    """The notices once showed only while no change was recorded: after the first change a watcher that
    could reach nothing, or no longer ran, said nothing, though the e-mails sent people there to learn why."""
    web_fixture.route("/privacy", page(PARAGRAPHS))
    run_at(NOW - dt.timedelta(days=3))
    web_fixture.route("/privacy", page([*PARAGRAPHS, "We keep information for ten years."]))
    run_at(NOW - dt.timedelta(days=2))
    assert watched.versions.count() == 2

    web_fixture.route("/privacy", status=503)  # the page fails twice: listed, with the count of unread pages
    run_at(NOW - dt.timedelta(days=1))
    run_at(NOW)
    said = status_of(client)
    assert "optout could not read 1 page at its last check" in said
    assert "Pages optout cannot read" in said and "LinkedIn: Privacy Policy failing since 9 November 2026" in said
    assert ("No check runs by itself: optout’s background worker is not running. Start optout with “optout serve”"
            in said)

    # The latest checks all found no network: one notice says so, instead of a list of pages
    FetchLog.objects.update(outcome="error", error_kind="network", message="127.0.0.1 could not be found.")
    said = status_of(client)
    assert ("optout could not reach the internet: 127.0.0.1 could not be found or reached. Check that this computer "
            "is online. No check runs by itself") in said
    assert "tries again" not in said and "Pages optout cannot read" not in said

    book_tick(timezone.now() + dt.timedelta(minutes=7))
    said = status_of(client)
    assert "Check that this computer is online. optout tries again at the next check." in said
    assert "The next check runs at" in said and "No check runs by itself" not in said

    DBTaskResult.objects.update(run_after=timezone.now() - dt.timedelta(hours=3))  # the worker does not take it
    said = status_of(client)
    assert ("Check that this computer is online. A check was due at" in said
            and "the background worker is running but has not started it" in said)
    assert "tries again" not in said

    Worker.objects.update(alive_until=timezone.now() - dt.timedelta(minutes=1))  # the worker stopped
    said = status_of(client)
    assert "Check that this computer is online. No check runs by itself" in said
    assert "tries again" not in said and "A check was due at" not in said


def test_a_page_optout_no_longer_watches_is_not_promised_another_check(watched, web_fixture, client):
    web_fixture.route("/privacy", status=503)
    run_at(NOW - dt.timedelta(days=1))
    book_tick(timezone.now() + dt.timedelta(minutes=7))
    assert "(HTTP 503). optout tries again at the next check." in client.get("/watch/linkedin/").content.decode()
    WatchedDocument.objects.filter(pk=watched.pk).update(active=False)
    html = client.get("/watch/linkedin/").content.decode()
    assert "(HTTP 503)." in html and "tries again" not in html


def test_a_failed_check_with_no_message_still_reads_as_a_sentence():
    from django.utils import translation

    from optout.watch.status import explain

    with translation.override("en"):
        assert explain("read", "", "https://example.org/p", again=False) == "optout could not read this page."
        assert explain("", " ", "https://example.org/p") == ("optout could not read this page. optout tries again at "
                                                              "the next check.")
        assert explain("ssrf", "", "https://example.org/p", again=False) == (
            "example.org sent optout on to an address it does not fetch (optout fetches only web addresses, without "
            "a user name or password).")
    with translation.override("fr"):
        assert explain("read", "", "https://example.org/p", again=False) == "optout n’a pas pu lire cette page."


CHALLENGE = (b"<html><body><h1>Just a moment...</h1><p>Checking your browser before accessing linkedin.com. This process is "
             b"automatic. Your browser will redirect to your requested content shortly. Please allow up to 5 seconds. DDoS "
             b"protection by Cloudflare. Ray ID: 7a1b2c3d4e5f.</p></body></html>")
AI_POLICY = [*PARAGRAPHS, "We may use your posts and profile to train the generative AI models that power our features."]


def test_a_first_check_that_meets_a_robot_check_records_nothing_and_says_what_it_saw(watched, web_fixture):
    web_fixture.route("/privacy", CHALLENGE)
    assert services.process(watched, fetch(watched), NOW) == "error"
    stored = WatchedDocument.objects.get(pk=watched.pk)
    assert not watched.versions.exists() and stored.failing_since == NOW and stored.next_check_at > NOW
    assert "(“Checking your browser before accessing linkedin.com. This process is automatic. Your browser will redirect " \
           "to your requested content shortly. Please allow up …”)" in stored.last_error and stored.last_error.endswith("tries again at the next check.")
    from django.utils import translation

    from optout.watch.status import explain

    log = FetchLog.objects.get(document=watched)
    assert log.error_kind == "error-page"
    with translation.override("de"):
        said = explain(log.error_kind, stored.last_error, watched.url)
    assert "wie eine Fehlerseite oder eine Prüfung auf Roboter" in said and "(„Checking your browser before" in said


def test_a_first_page_that_reads_like_an_error_page_for_a_day_is_recorded_in_the_end(watched, web_fixture):
    """Refused for good, a short page whose first line only looks like an error ("Rate limits …") would never be
    watched: after `confirm.MAX_WAIT` of the same, it is what there is."""
    web_fixture.route("/privacy", page(["Rate limits apply to every account.", "Contact us at help@example.org."]))
    assert services.process(watched, fetch(watched), NOW) == "error"
    document = WatchedDocument.objects.get(pk=watched.pk)
    assert services.process(document, fetch(document), NOW + dt.timedelta(hours=23)) == "error"
    document = WatchedDocument.objects.get(pk=watched.pk)
    assert services.process(document, fetch(document), NOW + dt.timedelta(days=1)) == "new-version"
    document = WatchedDocument.objects.get(pk=watched.pk)
    assert "Rate limits apply" in document.latest.text and not document.last_error and document.failing_since is None


def test_a_first_robot_check_after_a_day_the_site_was_down_is_not_recorded_at_once(watched, web_fixture):
    """The day an error page waits is counted from the first time the page read so, not from the first failure of
    any kind: a site down for a day, then a robot check, must not make the robot check the page's first version."""
    web_fixture.route("/privacy", status=503)
    assert services.process(watched, fetch(watched), NOW) == "error"
    web_fixture.route("/privacy", CHALLENGE)
    document = WatchedDocument.objects.get(pk=watched.pk)
    assert services.process(document, fetch(document), NOW + dt.timedelta(days=1, hours=1)) == "error"
    document = WatchedDocument.objects.get(pk=watched.pk)
    assert services.process(document, fetch(document), NOW + dt.timedelta(days=2)) == "error"
    document = WatchedDocument.objects.get(pk=watched.pk)
    assert not document.versions.exists() and document.failing_since == NOW
    assert services.process(document, fetch(document), NOW + dt.timedelta(days=2, hours=1)) == "new-version"


def test_the_real_page_after_a_first_robot_check_becomes_the_first_version_and_alerts_nobody(
        db, web_fixture, alice, django_capture_on_commit_callbacks):
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    web_fixture.route("/privacy", CHALLENGE)
    outcomes = [services.process(document, fetch(document), NOW)]
    web_fixture.route("/privacy", page(AI_POLICY))
    with django_capture_on_commit_callbacks(execute=True):
        for hours in (1, 2):
            document = WatchedDocument.objects.get(pk=document.pk)
            outcomes.append(services.process(document, fetch(document), NOW + dt.timedelta(hours=hours)))
    assert outcomes == ["error", "new-version", "not-modified"] or outcomes == ["error", "new-version", "same-body"]
    assert document.versions.count() == 1 and not mail.outbox
    assert WatchedDocument.objects.get(pk=document.pk).failing_since is None


def _moved(document, web_fixture):
    from optout.watch.services.documents import MOVED_FIELDS, _moved

    document.url = web_fixture.url("/new")
    _moved(document)
    document.save(update_fields=["url", *MOVED_FIELDS])
    web_fixture.route("/new", CHALLENGE)


def _imported(document, web_fixture):
    from optout.watch.normalise import text_hash
    from optout.watch.services.versions import IMPORTED, record_text

    text = "# Privacy Policy\n\n" + "\n\n".join(AI_POLICY)  # read by someone else: not as optout reads the page
    record_text(document, text, text_hash(text), NOW - dt.timedelta(days=2), "import", extraction=IMPORTED)
    document.extraction = IMPORTED
    document.save(update_fields=["extraction"])
    web_fixture.route("/privacy", CHALLENGE)


@pytest.mark.parametrize("then", [_moved, _imported], ids=["moved", "after-imported-history"])
def test_a_robot_check_where_optout_has_nothing_alike_to_compare_is_recorded_nowhere_and_alerts_nobody(
        watched, web_fixture, alice, then, django_capture_on_commit_callbacks):
    """At a page's new address, or at its first own fetch after imported history, the page is recorded as a technical
    version at once (there is no page read as optout reads it to compare with): a wall there would be that version,
    and an alert ("Perhaps about AI: as optout now reads …") that the policy lost its sentences about AI."""
    make_plan(alice, "EU", ["linkedin"])
    web_fixture.route("/privacy", page(AI_POLICY))
    assert services.process(watched, fetch(watched), NOW - 3 * DAY) == "new-version"
    then(WatchedDocument.objects.get(pk=watched.pk), web_fixture)
    document = WatchedDocument.objects.get(pk=watched.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.process(document, fetch(document), NOW - DAY) == "error"
    assert "reads like an error page or a check for robots" in WatchedDocument.objects.get(pk=watched.pk).last_error
    web_fixture.route(document.url.removeprefix(web_fixture.base), page(AI_POLICY))
    document = WatchedDocument.objects.get(pk=watched.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.process(document, fetch(document), NOW)
    texts = list(watched.versions.values_list("text", flat=True))
    assert not any("Checking your browser" in text for text in texts) and not mail.outbox
    assert WatchedDocument.objects.get(pk=watched.pk).failing_since is None


@pytest.mark.parametrize("paragraphs", [
    [*PARAGRAPHS[:5], "If something went wrong when you asked us to delete your data, write to us and we delete it within "
     "30 days.", "We do not use your posts to train AI models."],  # a short policy, the words in one of its sentences
    [*PARAGRAPHS, "Something went wrong?", "Write to privacy@example.org."],  # the words in a short line of a long page
], ids=["short-page", "long-page"])
def test_a_first_page_that_merely_mentions_errors_is_recorded(watched, web_fixture, paragraphs):
    web_fixture.route("/privacy", page(paragraphs))
    assert services.process(watched, fetch(watched), NOW) == "new-version"


@pytest.mark.parametrize("sentences", [
    ["We do not train our generative AI models on your private messages.",
     "Our AI models are unable to access your private messages or your drafts."],
    ["You can turn off the use of your posts to train AI in Settings > Data privacy.",
     "You must be logged in to change this setting."],
    ["Generative AI features are subject to a rate limit of 50 requests per day.",
     "We do not use your prompts to train the models."],
    ["Sign in to continue using AI features.", "We do not use your prompts to train the models."],
], ids=["unable-to-access", "must-be-logged-in", "rate-limit", "besides-an-error-line"])
def test_a_short_help_page_about_ai_is_recorded_on_its_first_check(watched, web_fixture, sentences):
    """Error words in the middle of a line are the page's own; a line that opens like an error beside a sentence about
    AI use is a short help page's too. Refused, such a page would never be recorded."""
    web_fixture.route("/privacy", page(sentences))
    assert services.process(watched, fetch(watched), NOW) == "new-version"
    assert WatchedDocument.objects.get(pk=watched.pk).last_error == ""


@pytest.mark.parametrize(("text", "line"), [
    ("Just a moment...\n\nChecking your browser before accessing example.com.", "Just a moment"),
    ("Checking your browser before accessing linkedin.com. This process is automatic. Your browser will redirect to "
     "your requested content shortly.", "Checking your browser before accessing linkedin.com. This process is automatic. "
     "Your browser will redirect to your requested content shortly"),
    ("# Access denied\n\nYou don't have permission to access this server. Reference #18.2f1e.", "Access denied"),
    ("403 Forbidden\n\nnginx", "403 Forbidden"),
    ("Please enable JavaScript to continue using this application.",
     "Please enable JavaScript to continue using this application"),
    ("Sign in to continue\n\nEmail or phone\n\nPassword", "Sign in to continue"),
    ("Sorry, this page isn't available.\n\nThe link you followed may be broken.", "Sorry, this page isn't available"),
    ("LinkedIn\n\nOops! Something went wrong.", "Oops! Something went wrong"),
])
def test_a_first_text_that_opens_like_an_error_page_or_a_wall_is_one(text, line):
    from optout.watch import confirm

    assert confirm.error_page_line(text) == line


@pytest.mark.parametrize("text", [
    "Our AI models are unable to access your private messages.\n\nWrite to privacy@example.org.",
    "You must be logged in to change this setting.",
    "Generative AI features are subject to a rate limit of 50 requests per day.",
    "We do not sell your data.\n\nIf something went wrong, write to us.",
    "Access denied requests are logged.\n\nPlease enable JavaScript to continue.\n\nWe never use your photos to train "
    "generative AI models.",
])
def test_a_first_text_with_error_words_mid_line_or_beside_a_sentence_about_ai_is_no_error_page(text):
    from optout.watch import confirm

    assert confirm.error_page_line(text) == ""


def fetch(document):
    from optout.lib.outbound import make_fetcher
    from optout.watch.pipeline import fetch_stage

    return fetch_stage(make_fetcher(), document.url, etag=document.etag, last_modified=document.last_modified,
                       raw_hash=document.raw_hash)


@pytest.mark.parametrize(("kind", "message", "english", "german"), [
    ("too-deep", f"{TOO_DEEP}{AGAIN}", "it nests its elements too deeply", "Sie verschachtelt ihre Elemente zu tief"),
    ("read", f"{TOO_DEEP}{AGAIN}", "it nests its elements too deeply", "Sie verschachtelt ihre Elemente zu tief"),  # logged before
    ("fault", f"reading the page failed (RecursionError: maximum recursion depth exceeded){AGAIN}",
     "something went wrong inside optout while reading it, not on the platform’s side. If it happens again, please "
     "report it with these details: reading the page failed (RecursionError: maximum recursion depth exceeded).",
     "Beim Lesen ist in optout selbst ein Fehler aufgetreten"),
])
def test_a_page_optout_cannot_read_whole_or_a_fault_of_optout_is_explained_in_the_persons_language(
        watched, client, kind, message, english, german):
    FetchLog.objects.create(document=watched, at=NOW, outcome="error", error_kind=kind, message=message)
    WatchedDocument.objects.filter(pk=watched.pk).update(last_checked_at=NOW, failing_since=NOW, last_error=message)
    book_tick(timezone.now() + dt.timedelta(minutes=5))
    page = " ".join(client.get("/watch/linkedin/").content.decode().split())
    assert f"optout could not read this page: {english}" in page and "optout tries again at the next check" in page
    client.cookies["django_language"] = "de"
    page = " ".join(client.get("/watch/linkedin/", HTTP_ACCEPT_LANGUAGE="de").content.decode().split())
    assert f"optout konnte diese Seite nicht lesen: {german}" in page or german in page
    assert TOO_DEEP not in page and "went wrong" not in page


def test_a_network_that_answers_every_site_from_inside_reads_as_offline_on_the_watch_page(db, client):
    services.sync_documents()
    for document in WatchedDocument.objects.order_by("platform", "doc_id")[:20]:
        host = urlsplit(document.url).hostname
        document.failing_since = document.last_checked_at = NOW
        document.last_error = f"{host} points to an internal address (10.0.0.1); optout does not connect to those."
        document.save()
        FetchLog.objects.create(document=document, at=NOW, outcome="error", error_kind="ssrf", message=document.last_error)
    text = status_of(client)
    assert "optout could not reach the internet" in text and "Check that this computer is online" in text
    # every site tried, counted, and the first three named: not only the last one, as if it alone were down
    hosts = list(dict.fromkeys(urlsplit(url).hostname for url in FetchLog.objects.order_by("-at", "-id")
                               .values_list("document__url", flat=True)))
    assert len(hosts) > 3
    assert (f"none of the {len(hosts)} sites it tried last could be found or reached ({', '.join(hosts[:3])}, …)"
            in text)
