"""A page that loses most of its text (an error page, a wall, a stub) is recorded only when a second check,
an hour later, sees it too; when the real page comes back instead, nothing is recorded and nobody is alerted.

Against the real services and a real loopback server, like the other checks."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from typer.testing import CliRunner

from optout.cli import build_app
from optout.lib.dates import ZONE_COOKIE
from optout.watch import services
from optout.watch.classify import FEATURES
from optout.watch.models import FetchLog, WatchedDocument
from optout.watch.relevance import shipped
from optout.watch.tests.documents import book_tick, only_linkedin_privacy, recorded_for
from optout.watch.tests.test_check_documents import PARAGRAPHS, check, page

AI = "We may use your posts, profile and other personal data to train and develop the generative AI models that power our features."
REAL = page([*PARAGRAPHS, AI])
STUB = page(["Sign in to see this page. Email or phone. Password. Forgot your password?"])
ERROR = page(["Something went wrong on our end. Please try again later."])
HEADING_ONLY = page([])  # as Instagram's policy read for a day at a time in 2025: "Privacy Policy", and nothing under it
HOUR = dt.timedelta(hours=1)
T0 = dt.datetime(2026, 12, 1, 14, 2, tzinfo=dt.UTC)


@pytest.fixture
def watched(db, web_fixture, alice):
    """LinkedIn's privacy policy with its real text recorded, and alice, who has a LinkedIn step, to alert."""
    return recorded_for(alice, web_fixture, REAL, T0 - dt.timedelta(days=1))


def outcomes(document):
    return list(FetchLog.objects.filter(document=document).order_by("at", "id").values_list("outcome", flat=True))


def test_a_stub_then_the_real_page_back_records_nothing_and_alerts_nobody(watched, web_fixture,
                                                                         django_capture_on_commit_callbacks):
    web_fixture.route("/privacy", STUB)
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched, T0) == "unconfirmed"
    stored = WatchedDocument.objects.get(pk=watched.pk)
    assert stored.pending_hash and stored.pending_since == T0 and stored.pending_reason == "shorter"
    assert stored.next_check_at == T0 + HOUR  # not the usual day
    assert watched.versions.count() == 1
    web_fixture.route("/privacy", REAL)  # the same bytes as the latest version's page
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched, T0 + HOUR) == "flap"
    stored = WatchedDocument.objects.get(pk=watched.pk)
    assert (stored.pending_hash, stored.pending_since, stored.pending_reason) == ("", None, "")
    assert stored.next_check_at >= T0 + HOUR + dt.timedelta(days=1)
    assert watched.versions.count() == 1 and not mail.outbox
    assert outcomes(watched) == ["new-version", "unconfirmed", "flap"]


def test_a_304_for_the_latest_page_while_a_stub_waits_is_a_flap(db, web_fixture):
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    web_fixture.route("/privacy", REAL, etag='"real"')
    check(document, T0 - HOUR)
    web_fixture.route("/privacy", STUB, etag='"stub"')
    assert check(document, T0) == "unconfirmed"
    assert document.etag == '"real"'  # the held page's validators are not kept: the next request asks for the real one
    web_fixture.route("/privacy", REAL, etag='"real"')
    assert check(document, T0 + HOUR) == "flap"
    assert web_fixture.requests[-1][1].get("If-None-Match") == '"real"'
    assert document.versions.count() == 1 and not WatchedDocument.objects.get(pk=document.pk).pending_hash


def test_the_real_text_back_in_a_re_rendered_page_is_a_flap_too(watched, web_fixture):
    web_fixture.route("/privacy", ERROR)
    assert check(watched, T0) == "unconfirmed"
    web_fixture.route("/privacy", page([*PARAGRAPHS, AI], noise="14:59:01"))  # new bytes, the same text
    assert check(watched, T0 + HOUR) == "flap"
    assert watched.versions.count() == 1


def test_a_shrink_seen_twice_is_recorded_at_the_second_check_with_one_alert(watched, web_fixture,
                                                                            django_capture_on_commit_callbacks):
    web_fixture.route("/privacy", STUB)
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched, T0) == "unconfirmed"
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched, T0 + HOUR) == "confirmed"
    version = watched.latest
    assert version.created_at == T0 + HOUR and version.ai_relevant and watched.versions.count() == 2
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert not WatchedDocument.objects.get(pk=watched.pk).pending_hash
    with django_capture_on_commit_callbacks(execute=True):  # the stub stays: nothing new, no second alert
        assert check(watched, T0 + 2 * HOUR) == "same-body"
    assert watched.versions.count() == 2 and len(mail.outbox) == 1
    assert outcomes(watched) == ["new-version", "unconfirmed", "confirmed", "same-body"]


def test_a_confirmed_stub_is_never_called_sure_and_its_page_says_why(watched, web_fixture, client,
                                                                       django_capture_on_commit_callbacks):
    web_fixture.route("/privacy", STUB)
    check(watched, T0)
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched, T0 + HOUR) == "confirmed"
    version = watched.latest
    # Removing the AI-training sentence scores high, but a page that lost most of its text may be a wall that stayed up.
    assert version.ai_relevant and shipped(FEATURES).sure(version.score) and not version.ai_sure and version.drastic
    body = " ".join(mail.outbox[0].body.split())
    assert "it may be an error page, a login wall or a cut-down page that stayed up" in body
    html = client.get(reverse("watch:version", args=[version.id])).content.decode()
    assert "This change may be about AI: optout cannot tell for sure" in html
    assert "This version keeps little of the previous one’s text" in html


def test_the_real_page_back_after_a_confirmed_stub_alerts_nobody_and_says_it_is_back(
        watched, web_fixture, client, django_capture_on_commit_callbacks):
    """Judged against the stub, the real page back "added" its AI sentence: a sure alert ("Check your opt-out still
    holds") for a platform that changed nothing. It is judged against the version before the stub: the same text."""
    web_fixture.route("/privacy", HEADING_ONLY)
    check(watched, T0)
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched, T0 + HOUR) == "confirmed"
    first, stub = watched.versions.order_by("created_at")
    web_fixture.route("/privacy", REAL)
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched, T0 + 2 * HOUR) == "new-version"
    back = watched.latest
    assert (back.ai_relevant, back.ai_sure, back.changed_from, back.compared_with) == (False, False, stub, first)
    # the stub's "maybe" alert, then, for the page back, that it was no change of the platform's (it was left standing,
    # the step marked for a re-check)
    assert len(mail.outbox) == 2
    told = " ".join(mail.outbox[1].body.split())
    assert ("optout reads LinkedIn’s Privacy Policy in full again, and what it says about AI is as it was on 30 "
            "November 2026. The change optout told you of on 1 December 2026 came from a version that held little of "
            "the page’s text") in told
    html = " ".join(client.get(reverse("watch:version", args=[back.id])).content.decode().split())
    assert ("The page is back to the text of 30 November 2026, after a version that held little of it (1 December "
            "2026): this is no change in what it says about AI, so optout alerted nobody.") in html


def test_the_page_back_after_a_stub_with_its_ai_sentence_changed_is_told_as_back_and_never_sure(
        watched, web_fixture, django_capture_on_commit_callbacks):
    web_fixture.route("/privacy", HEADING_ONLY)
    check(watched, T0)
    check(watched, T0 + HOUR)
    asks = "We may use your posts and profile to train the generative AI models that power our features if you agree."
    web_fixture.route("/privacy", page([*PARAGRAPHS, asks]))
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched, T0 + 2 * HOUR) == "new-version"
    back = watched.latest
    assert back.ai_relevant and not back.ai_sure and back.drastic == "restored"
    body = " ".join(mail.outbox[-1].body.split())
    assert ("The page is back after a version that held little of its text (1 December 2026). Compared with the "
            "version before that one (30 November 2026), what it says about AI differs") in body
    assert "Check your opt-out still holds" not in body and "it may be an error page, a login wall" not in body


def test_a_page_much_longer_than_its_only_version_before_is_never_sure_and_says_why(
        db, web_fixture, alice, django_capture_on_commit_callbacks):
    """With no version before the short one, optout cannot tell a page back after a cut-down page from a policy
    rewritten at length: recorded at once, never sure, and the alert says both."""
    document = recorded_for(alice, web_fixture, HEADING_ONLY, T0 - dt.timedelta(days=1))
    web_fixture.route("/privacy", REAL)
    with django_capture_on_commit_callbacks(execute=True):
        assert check(document, T0) == "new-version"
    version = document.latest
    assert version.ai_relevant and not version.ai_sure and version.drastic == "restored" and not version.compared_with
    body = " ".join(mail.outbox[0].body.split())
    assert ("The previous version held little of this one’s text: it may have been a cut-down or error page and this "
            "the page back, or the platform rewrote its page at length") in body


def test_another_page_in_place_of_the_policy_is_told_as_another_page_not_a_cut_down_one(
        watched, web_fixture, django_capture_on_commit_callbacks):
    """LinkedIn's watched address served its European notice (64 KB) in place of the global policy (54 KB): not cut
    down, another page. Its alert said "it may be an error page, a login wall or a cut-down page that stayed up"."""
    notice = [f"Under the laws of the European Economic Area, residents of country {n} may ask the controller for a "
              f"copy of the records we hold on them, and complain to authority {n}." for n in range(12)]
    web_fixture.route("/privacy", page(notice))
    assert check(watched, T0) == "unconfirmed"
    assert WatchedDocument.objects.get(pk=watched.pk).pending_reason == "different"
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched, T0 + HOUR) == "confirmed"
    assert watched.latest.drastic == "different" and not watched.latest.ai_sure
    body = " ".join(mail.outbox[0].body.split())
    assert ("This version shares few sentences with the previous one: it may be another page, another region’s page, "
            "or the page back after a cut-down or error page") in body
    assert "a cut-down page that stayed up" not in body


def test_a_page_with_no_text_is_an_error_not_a_policy_with_everything_removed(watched, web_fixture, client,
                                                                               django_capture_on_commit_callbacks):
    """A page built by JavaScript (or a blank answer) gives optout no text at all: that is a failed reading,
    said in words, never a version in which the platform removed its policy, nor, when the text comes back,
    one in which it added it all again."""
    web_fixture.route("/privacy", b"<html><head><script src='/app.js'></script></head><body><div id='root'></div>"
                                  b"</body></html>")
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched, T0) == "error"
        assert check(WatchedDocument.objects.get(pk=watched.pk), T0 + HOUR) == "error"
    stored = WatchedDocument.objects.get(pk=watched.pk)
    assert watched.versions.count() == 1 and not stored.pending_hash and not mail.outbox
    assert stored.last_error.startswith("it holds no text (it may be built by JavaScript")
    assert "optout could not read this page: it holds no text" in client.get("/watch/linkedin/").content.decode()
    german = client.get("/watch/linkedin/", headers={"accept-language": "de"}).content.decode()
    assert "optout konnte diese Seite nicht lesen: Sie enthält keinen Text" in german and "it holds no text" not in german
    web_fixture.route("/privacy", REAL + b"<!-- rendered on the server again -->")
    with django_capture_on_commit_callbacks(execute=True):
        assert check(WatchedDocument.objects.get(pk=watched.pk), T0 + 2 * HOUR) == "same-text"
    assert watched.versions.count() == 1 and not mail.outbox
    assert not WatchedDocument.objects.get(pk=watched.pk).last_error


def test_a_re_rendered_copy_of_the_waiting_page_confirms_it(watched, web_fixture):
    web_fixture.route("/privacy", page(["Sign in to see this page. Email or phone."], noise="1"))
    assert check(watched, T0) == "unconfirmed"
    web_fixture.route("/privacy", page(["Sign in to see this page. Email or phone."], noise="2"))
    assert check(watched, T0 + HOUR) == "confirmed"
    assert watched.versions.count() == 2


def test_walls_that_differ_every_time_are_recorded_after_a_day_and_the_wait_counts_from_the_first(
        watched, web_fixture, client, django_capture_on_commit_callbacks):
    """An "Access denied, reference #…" page with a new reference at each check never comes again word for
    word. The wait counts from the first of them, the page says since when, and after a day the latest one
    is recorded (a drastic version, never sure) instead of being checked every hour for ever."""
    for hour in range(24):
        web_fixture.route("/privacy", page([f"Access denied. Reference #{1000 + hour}. Please try again later."]))
        with django_capture_on_commit_callbacks(execute=True):
            assert check(WatchedDocument.objects.get(pk=watched.pk), T0 + hour * HOUR) == "unconfirmed"
    stored = WatchedDocument.objects.get(pk=watched.pk)
    assert stored.pending_since == T0 and watched.versions.count() == 1 and not mail.outbox
    shown = " ".join(client.get("/watch/linkedin/").content.decode().split())
    assert "On 1 December 2026 at 14:02 optout found a page much shorter than the last one" in shown
    web_fixture.route("/privacy", page(["Access denied. Reference #2024. Please try again later."]))
    with django_capture_on_commit_callbacks(execute=True):
        assert check(WatchedDocument.objects.get(pk=watched.pk), T0 + 24 * HOUR) == "confirmed"
    version = watched.latest
    assert "Reference #2024" in version.text and version.drastic and not version.ai_sure
    assert not WatchedDocument.objects.get(pk=watched.pk).pending_hash and len(mail.outbox) == 1


def test_an_ordinary_change_is_recorded_at_once(watched, web_fixture, django_capture_on_commit_callbacks):
    changed = [*PARAGRAPHS[:-1], "We keep information for as long as your account exists, and delete it within 30 days.", AI,
               "We also use your messages to train our AI assistant unless you opt out in your settings."]
    web_fixture.route("/privacy", page(changed))
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched, T0) == "new-version"
    assert watched.versions.count() == 2 and watched.latest.created_at == T0
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert not WatchedDocument.objects.get(pk=watched.pk).pending_hash


def test_a_third_text_is_judged_against_the_latest_version_again(watched, web_fixture):
    web_fixture.route("/privacy", STUB)
    assert check(watched, T0) == "unconfirmed"
    first = WatchedDocument.objects.get(pk=watched.pk).pending_hash
    web_fixture.route("/privacy", ERROR)  # another drastic text: it waits in its turn
    assert check(watched, T0 + HOUR) == "unconfirmed"
    stored = WatchedDocument.objects.get(pk=watched.pk)
    assert stored.pending_hash not in ("", first) and stored.pending_since == T0  # the wait counts from the first drastic text
    web_fixture.route("/privacy", page([*PARAGRAPHS[:-1], AI]))  # not drastic against the latest version
    assert check(watched, T0 + 2 * HOUR) == "new-version"
    assert watched.versions.count() == 2 and not WatchedDocument.objects.get(pk=watched.pk).pending_hash
    assert outcomes(watched) == ["new-version", "unconfirmed", "unconfirmed", "new-version"]


def test_another_regions_page_of_the_same_length_waits_too(watched, web_fixture, client):
    regional = [f"Section {n}: this regional notice explains the terms that apply to members in another country."
                for n in range(16)]
    web_fixture.route("/privacy", page(regional))
    assert check(watched, T0) == "unconfirmed"
    assert WatchedDocument.objects.get(pk=watched.pk).pending_reason == "different"
    html = client.get(reverse("watch:platform", args=["linkedin"])).content.decode()
    assert "optout found a page that shares little of its text with the last one" in html
    assert "much shorter" not in html


def test_the_wait_survives_between_runs_and_the_tick_confirms_an_hour_later(watched, web_fixture,
                                                                           django_capture_on_commit_callbacks):
    web_fixture.route("/privacy", STUB)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.run(sync=False, now=T0) == {"unconfirmed": 1}
        assert services.run(due_only=True, sync=False, now=T0 + dt.timedelta(minutes=59)) == {}  # not due yet
        assert services.run(due_only=True, sync=False, now=T0 + HOUR) == {"confirmed": 1}
    assert watched.versions.count() == 2 and watched.latest.created_at == T0 + HOUR
    assert len(mail.outbox) == 1


def test_a_check_run_by_hand_before_the_second_check_is_due_does_not_confirm(watched, web_fixture):
    """`optout watch run` again a minute later found the held page still there and recorded it, alerting
    everyone, although people had been told it is checked again an hour later."""
    web_fixture.route("/privacy", STUB)
    assert check(watched, T0) == "unconfirmed"
    assert services.run(sync=False, now=T0 + dt.timedelta(minutes=1)) == {"unconfirmed": 1}
    held = WatchedDocument.objects.get(pk=watched.pk)
    assert watched.versions.count() == 1 and held.next_check_at == T0 + HOUR and held.pending_since == T0
    assert services.run(sync=False, now=T0 + HOUR) == {"confirmed": 1}
    assert watched.versions.count() == 2


def test_the_confirmation_delay_is_a_setting(watched, web_fixture, settings):
    settings.OPTOUT_WATCH_CONFIRM_MINUTES = 15
    web_fixture.route("/privacy", STUB)
    assert check(watched, T0) == "unconfirmed"
    assert WatchedDocument.objects.get(pk=watched.pk).next_check_at == T0 + dt.timedelta(minutes=15)


def test_the_platform_page_says_a_change_waits_in_the_persons_time_zone(watched, web_fixture, client):
    later = dt.datetime(2030, 12, 1, 14, 2, tzinfo=dt.UTC)  # the second check still ahead, whenever this test runs
    web_fixture.route("/privacy", STUB)
    check(watched, later)
    client.cookies[ZONE_COOKIE] = "Europe/Berlin"  # 14:02 UTC is 15:02 there
    html = " ".join(client.get(reverse("watch:platform", args=["linkedin"])).content.decode().split())
    # no background worker: the page promises no check, and says how to run one
    assert ("On 1 December 2030 at 15:02 optout found a page much shorter than the last one (possibly an error page). "
            "The change is recorded only if a second check finds that page again, and no check runs by itself now"
            ) in html and "it checks again at" not in html
    book_tick(later)  # ticks at 14:02, 14:17, … UTC: the one at 15:02 checks it
    html = client.get(reverse("watch:platform", args=["linkedin"])).content.decode()
    assert ("On 1 December 2030 at 15:02 optout found a page much shorter than the last one (possibly an error page); "
            "it checks again at 16:02 before recording it.") in html
    DBTaskResult.objects.all().delete()
    book_tick(later + dt.timedelta(minutes=9))  # ticks at 14:11, …, 14:56, 15:11: pages are checked only then
    html = client.get(reverse("watch:platform", args=["linkedin"])).content.decode()
    assert "it checks again at 16:11 before recording it." in html
    german = client.get(reverse("watch:platform", args=["linkedin"]), headers={"accept-language": "de"}).content.decode()
    assert "Am 1. Dezember 2030 um 15:02 fand optout eine Seite, die viel kürzer ist" in german
    web_fixture.route("/privacy", REAL)
    check(watched, later + HOUR)
    html = client.get(reverse("watch:platform", args=["linkedin"])).content.decode()
    assert "found a page much shorter" not in html


def test_a_second_check_that_did_not_run_is_not_promised_in_the_past(watched, web_fixture, client):
    """The worker stopped while a change waited: the page says the check was due, not that it will run then."""
    web_fixture.route("/privacy", STUB)
    check(watched, T0)  # 1 December 2026: its second check, at 15:02, is long past
    html = " ".join(client.get(reverse("watch:platform", args=["linkedin"])).content.decode().split())
    assert ("On 1 December 2026 at 14:02 optout found a page much shorter than the last one (possibly an error page). "
            "The change is recorded only if a second check finds that page again. That check was due at 15:02, but no "
            "check runs by itself now") in html
    assert "it checks again at" not in html
    book_tick(T0)  # a worker runs, but has not taken the tick due then: still no promise
    html = " ".join(client.get(reverse("watch:platform", args=["linkedin"])).content.decode().split())
    assert ("On 1 December 2026 at 14:02 optout found a page much shorter than the last one (possibly an error page). "
            "The second check, due at 15:02, has not run yet; the change is recorded only if it finds that page "
            "again.") in html
    assert "it checks again at" not in html and "not running" not in html


def test_the_status_command_lists_a_waiting_change(watched, web_fixture, monkeypatch):
    from optout.watch.tests.test_reextract_documents import declared

    declared(monkeypatch, url=watched.url)  # the command applies the data files first: the same address
    web_fixture.route("/privacy", STUB)
    check(watched, T0)
    local = T0.astimezone(zoneinfo.ZoneInfo(timezone.get_current_timezone_name()))
    result = CliRunner().invoke(build_app(), ["watch", "status", "--platform", "linkedin"])
    assert result.exit_code == 0, result.output
    assert "linkedin/privacy-policy" in result.output and "1 version" in result.output
    assert f"at {local:%H:%M} optout found a page much shorter than the last one" in " ".join(result.output.split())
    bad = CliRunner().invoke(build_app(), ["watch", "status", "--platform", "nope"])
    assert bad.exit_code != 0 and "optout knows no platform 'nope'" in bad.output


def test_an_error_while_a_change_waits_keeps_it_waiting(watched, web_fixture):
    web_fixture.route("/privacy", STUB)
    assert check(watched, T0) == "unconfirmed"
    web_fixture.route("/privacy", status=500)
    assert check(watched, T0 + HOUR) == "error"
    assert WatchedDocument.objects.get(pk=watched.pk).pending_since == T0
    web_fixture.route("/privacy", STUB)
    assert check(watched, T0 + 2 * HOUR) == "confirmed"
    assert watched.versions.count() == 2


def test_a_page_is_promised_the_tick_that_checks_it_not_the_time_it_falls_due():
    from optout.ops.ticks import INTERVAL
    from optout.watch.status import TICK_EVERY, first_check_at

    assert TICK_EVERY == INTERVAL

    tick = dt.datetime(2026, 12, 2, 14, 31, tzinfo=dt.UTC)
    assert first_check_at(tick - dt.timedelta(minutes=9), tick) == tick  # due 14:22: the 14:31 tick checks it
    assert first_check_at(tick + dt.timedelta(hours=25, minutes=2), tick) == tick + 101 * INTERVAL  # 15:33 → 15:46
    assert first_check_at(tick + 4 * INTERVAL, tick) == tick + 4 * INTERVAL


def test_a_part_that_reads_like_an_error_message_waits_and_once_confirmed_is_never_sure(
        watched, web_fixture, client, django_capture_on_commit_callbacks):
    """A part of the page that did not load (Meta's "This page isn't available") in place of the AI sentence keeps
    most of the page: it waits for a second check as a stub does, and seen again it is recorded, quoted, never sure."""
    later = dt.datetime(2030, 12, 1, 14, 2, tzinfo=dt.UTC)
    broken = page([*PARAGRAPHS, "This page isn’t available"])
    web_fixture.route("/privacy", broken)
    assert check(watched, later) == "unconfirmed"
    assert WatchedDocument.objects.get(pk=watched.pk).pending_reason == "error"
    book_tick(later)
    html = " ".join(client.get(reverse("watch:platform", args=["linkedin"])).content.decode().split())
    assert ("On 1 December 2030 at 14:02 optout found a page with a part that reads like an error message (a part "
            "that may not have loaded); it checks again at 15:02 before recording it.") in html
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched, later + HOUR) == "confirmed"
    version = watched.latest
    assert version.ai_relevant and shipped(FEATURES).sure(version.score) and not version.ai_sure
    assert version.drastic and version.error_line == "This page isn’t available"
    body = " ".join(mail.outbox[0].body.split())
    assert ("One of the two versions has a line that reads like an error message (“This page isn’t available”): a part "
            "of the page may not have loaded when it was read") in body
    html = " ".join(client.get(reverse("watch:version", args=[version.id])).content.decode().split())
    assert "This change may be about AI: optout cannot tell for sure" in html
    assert "reads like an error message (“This page isn’t available”)" in html
    assert "keeps little of the previous one’s text" not in html
    german = client.get(reverse("watch:version", args=[version.id]), headers={"accept-language": "de"}).content.decode()
    assert "Eine der beiden Versionen enthält eine Zeile, die wie eine Fehlermeldung klingt („This page isn’t available“)" \
        in " ".join(german.split())
    web_fixture.route("/privacy", REAL)  # the part loads again: judged against the text before the error, the same
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched, later + 2 * HOUR) == "new-version"
    back = watched.latest
    assert not back.ai_relevant and back.compared_with == version.changed_from
    assert len(mail.outbox) == 2 and "it was no change of the platform’s" in " ".join(mail.outbox[1].body.split())


def test_a_second_check_on_the_next_day_is_said_at_its_time_on_its_day(watched, web_fixture, client):
    """"it checks again at 2 December 2030, 00:30" read as a time; now the time, then its day."""
    later = dt.datetime(2030, 12, 1, 22, 30, tzinfo=dt.UTC)  # 23:30 in Berlin; the check an hour later, past midnight
    web_fixture.route("/privacy", STUB)
    check(watched, later)
    client.cookies[ZONE_COOKIE] = "Europe/Berlin"
    book_tick(later)
    html = client.get(reverse("watch:platform", args=["linkedin"])).content.decode()
    assert "it checks again at 00:30 on 2 December 2030 before recording it." in html
    german = client.get(reverse("watch:platform", args=["linkedin"]), headers={"accept-language": "de"}).content.decode()
    assert "00:30 Uhr am 2. Dezember 2030" in german


def test_a_wall_in_place_of_a_page_without_ai_is_looked_past_when_the_page_comes_back(
        db, web_fixture, alice, client, django_capture_on_commit_callbacks):
    """A cookie wall in place of a policy that said nothing about AI was recorded as an ordinary change (it changed
    nothing about AI), so the policy back with a new training clause was compared with the wall: the whole policy
    "added", and the alert quoted whichever of its sentences came first."""
    document = recorded_for(alice, web_fixture, page(PARAGRAPHS), T0 - dt.timedelta(days=1))
    web_fixture.route("/privacy", STUB)
    check(document, T0)
    with django_capture_on_commit_callbacks(execute=True):
        assert check(document, T0 + HOUR) == "confirmed"
    wall = document.latest
    assert not wall.ai_relevant and wall.drastic == "shorter" and not mail.outbox
    html = " ".join(client.get(reverse("watch:version", args=[wall.id])).content.decode().split())
    assert "it may be an error page, a login wall or a cut-down page" in html
    web_fixture.route("/privacy", REAL)  # the policy back, with one sentence more: about training
    check(document, T0 + 2 * HOUR)  # held: it keeps little of the wall's text
    with django_capture_on_commit_callbacks(execute=True):
        assert check(document, T0 + 3 * HOUR) == "confirmed"
    back = document.latest
    assert back.compared_with.text == page_text_of(document, 0) and back.ai_relevant and not back.ai_sure
    assert [reason["text"] for reason in back.reasons] == [AI]
    body = " ".join(mail.outbox[-1].body.split())
    assert "train and develop the generative AI models" in body and "Compared with the version before that one" in body
    # which version it is compared with, to the minute: flaps come hours apart
    html = " ".join(client.get(reverse("watch:version", args=[back.id])).content.decode().split())
    assert re.search(r"compared with \d+ \w+ 2026, \d\d:\d\d</a>", html), html[:2000]


def page_text_of(document, index):
    return document.versions.order_by("created_at", "id")[index].text
