"""A watched address that starts redirecting: to the site's home page or a login page (not the policy: an error,
nothing recorded, nobody alerted), to the policy at a new address (a real move: still watched, a change there held
for a second check and never called sure), or to another region's page. The person is told where the page now
opens. Against the real services and a real loopback server, like the other checks."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from conftest import make_plan
from optout.watch.models import FetchLog, WatchedDocument
from optout.watch.tests.documents import only_linkedin_privacy, recorded_for
from optout.watch.tests.test_check_documents import PARAGRAPHS, check, page

PROMISE = "We do not use your posts, profile or other personal data to train generative AI models."
NEW_USE = "We use your posts, profile and other personal data to train the generative AI models behind our features."
REAL = page([*PARAGRAPHS, PROMISE])
CHANGED = page([*PARAGRAPHS, NEW_USE])
HOME = page(["Welcome to your professional community.", "Find jobs, people and learning. Join now."])
LOGIN = page(["Sign in to continue. Email or phone. Password. Forgot your password?"])
REGIONAL = page([f"Section {n}: this notice explains how we handle the data of members in the European Union, under "
                 "the GDPR and the laws of member states." for n in range(16)])
HOUR = dt.timedelta(hours=1)
T0 = dt.datetime(2026, 12, 1, 14, 2, tzinfo=dt.UTC)


@pytest.fixture
def watched(db, web_fixture, alice):
    """LinkedIn's privacy policy with its promise recorded, and alice, who has a LinkedIn step, to alert."""
    return recorded_for(alice, web_fixture, REAL, T0 - dt.timedelta(days=1))


def fresh(document) -> WatchedDocument:
    return WatchedDocument.objects.get(pk=document.pk)


def checks(document, capture, *times) -> list[str]:
    """Check the document at each of `times`, delivering alerts as a run does."""
    outcomes = []
    for when in times:
        with capture(execute=True):
            outcomes.append(check(fresh(document), when))
    return outcomes


def redirect(web_fixture, to: str, body: bytes, status: int = 301) -> str:
    """/privacy now redirects to `to`, which serves `body`; returns the new address."""
    web_fixture.route(to.split("?")[0], body)
    web_fixture.route("/privacy", status=status, headers={"Location": to})
    return web_fixture.url(to)


def shown(client, language: str = "en") -> str:
    html = client.get(reverse("watch:platform", args=["linkedin"]), headers={"accept-language": language})
    return " ".join(html.content.decode().split())


@pytest.mark.parametrize(("to", "body"), [("/", HOME), ("/login?next=/privacy", LOGIN)], ids=["home-page", "login-page"])
def test_a_redirect_to_a_page_that_is_not_the_policy_is_an_error_and_alerts_nobody(
        watched, web_fixture, client, django_capture_on_commit_callbacks, to, body):
    address = redirect(web_fixture, to, body, status=302)

    outcomes = checks(watched, django_capture_on_commit_callbacks, T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 26 * HOUR)

    assert outcomes == ["error"] * 4
    document = fresh(watched)
    assert document.versions.count() == 1 and not document.pending_hash and not mail.outbox
    assert PROMISE in document.latest.text
    assert address in document.last_error and document.failing_since == T0
    assert FetchLog.objects.filter(document=document, error_kind="moved").count() == 4
    html = shown(client)
    assert f"optout could not read this page: it now leads to {address}, which is not this page" in html
    assert "Nothing was recorded." in html
    german = shown(client, "de")
    assert address in german and "which is not this page" not in german
    # the policy back at its address: nothing changed, nothing to tell
    web_fixture.route("/privacy", REAL)
    assert checks(watched, django_capture_on_commit_callbacks, T0 + 27 * HOUR) == ["same-body"]
    assert fresh(watched).versions.count() == 1 and not fresh(watched).last_error and not mail.outbox


def test_a_moved_policy_with_a_changed_ai_sentence_is_held_then_told_with_its_new_address(
        watched, web_fixture, client, django_capture_on_commit_callbacks):
    address = redirect(web_fixture, "/legal/privacy", CHANGED)

    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["unconfirmed"]
    held = fresh(watched)
    assert held.versions.count() == 1 and not mail.outbox
    assert held.pending_url == address
    assert f"optout found this page changed at another address: it now opens at {address}" in shown(client)

    assert checks(watched, django_capture_on_commit_callbacks, T0 + HOUR) == ["confirmed"]
    document = fresh(watched)
    version = document.latest
    assert version.moved_to == address and version.ai_relevant and not version.ai_sure
    assert NEW_USE in version.text
    assert document.read_at == address and not document.pending_url
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    body = " ".join(mail.outbox[0].body.split())
    assert f"This page now opens at another address ({address})" in body
    html = " ".join(client.get(version.get_absolute_url()).content.decode().split())
    assert f"This page now opens at another address ({address})" in html
    # watched at its new address from then on: an unchanged page is nothing new, a change there alerts as usual
    assert checks(watched, django_capture_on_commit_callbacks, T0 + 2 * HOUR) == ["same-body"]
    web_fixture.route("/legal/privacy", page([*PARAGRAPHS, PROMISE]))
    assert checks(watched, django_capture_on_commit_callbacks, T0 + 3 * HOUR) == ["new-version"]
    assert fresh(watched).latest.ai_sure and not fresh(watched).latest.moved_to and len(mail.outbox) == 2


def test_a_redirect_to_another_regions_page_is_held_and_told_with_its_address(
        watched, web_fixture, client, django_capture_on_commit_callbacks):
    address = redirect(web_fixture, "/eu/privacy", REGIONAL, status=302)

    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["unconfirmed"]
    assert fresh(watched).pending_url == address and not mail.outbox
    html = shown(client)
    assert "optout found a page that shares little of its text with the last one" in html
    assert f"It now opens at another address: {address}." in html
    # the visitor is sent back to the policy an hour later (a variant served now and then): nothing happened
    web_fixture.route("/privacy", REAL)
    assert checks(watched, django_capture_on_commit_callbacks, T0 + HOUR) == ["flap"]
    assert fresh(watched).versions.count() == 1 and not fresh(watched).pending_url and not mail.outbox
    # sent there again, and still an hour later: recorded, never sure, with the address it was read at
    redirect(web_fixture, "/eu/privacy", REGIONAL, status=302)
    assert checks(watched, django_capture_on_commit_callbacks, T0 + 2 * HOUR, T0 + 3 * HOUR) == ["unconfirmed", "confirmed"]
    version = fresh(watched).latest
    assert version.moved_to == address and version.ai_relevant and not version.ai_sure
    assert len(mail.outbox) == 1
    assert f"This page now opens at another address ({address})" in " ".join(mail.outbox[0].body.split())


def test_a_redirect_that_only_adds_a_trailing_slash_changes_nothing(
        watched, web_fixture, django_capture_on_commit_callbacks):
    redirect(web_fixture, "/privacy/", CHANGED)

    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["new-version"]
    version = fresh(watched).latest
    assert version.ai_sure and not version.moved_to and len(mail.outbox) == 1


@pytest.mark.parametrize(("before", "after"), [
    ("https://www.linkedin.com/legal/privacy-policy", "http://www.linkedin.com/legal/privacy-policy"),
    ("https://www.linkedin.com/legal/privacy-policy", "https://WWW.LinkedIn.com/legal/privacy-policy/"),
    ("https://www.linkedin.com/legal/privacy-policy", "https://www.linkedin.com:443/legal/privacy-policy#ai"),
    ("https://www.linkedin.com/legal/privacy-policy",
     "https://www.linkedin.com/legal/privacy-policy?utm_source=mail&utm_medium=email&trk=footer&gclid=x"),
    ("https://linkedin.com/legal/privacy-policy", "https://www.linkedin.com/legal/privacy-policy"),
    ("https://example.org/privacy?lang=en", "https://example.org/privacy?fbclid=1&lang=en"),
    ("https://example.org/privacy", "https://example.org/privacy?sid=4f2a&PHPSESSID=9c1"),
    ("https://example.org/privacy", "https://example.org/privacy;jsessionid=A1B2C3?ASPSESSIONIDQA=x&cfid=1&cftoken=2"),
    ("https://bücher.example/datenschutz", "https://xn--bcher-kva.example/datenschutz"),
    ("https://example.org/privacy?" + "a" * 1200, "https://example.org/privacy?" + "a" * 1000),  # stored cut
])
def test_the_same_address_written_otherwise_is_the_same_address(before, after):
    from optout.watch.moved import same_address

    assert same_address(before, after) and same_address(after, before)


@pytest.mark.parametrize(("before", "after"), [
    ("https://www.linkedin.com/legal/privacy-policy", "https://www.linkedin.com/"),
    ("https://www.linkedin.com/legal/privacy-policy", "https://www.linkedin.com/legal/privacy-policy/eu"),
    ("https://www.linkedin.com/legal/privacy-policy", "https://www.linkedin.com/legal/privacy-policy?lang=de"),
    ("https://www.linkedin.com/legal/privacy-policy", "https://www.linkedin.cn/legal/privacy-policy"),
    ("https://example.org/privacy?lang=en", "https://example.org/privacy?lang=fr"),
])
def test_another_address_is_another_address(before, after):
    from optout.watch.moved import same_address

    assert not same_address(before, after)


def test_a_page_never_redirected_is_checked_as_before(watched, web_fixture, django_capture_on_commit_callbacks):
    web_fixture.route("/privacy", CHANGED)
    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["new-version"]
    version = fresh(watched).latest
    assert version.ai_sure and not version.moved_to and len(mail.outbox) == 1
    assert fresh(watched).read_at == watched.url


def test_a_row_from_before_optout_kept_addresses_learns_where_its_page_opens_and_alerts_nobody(
        watched, web_fixture, client, django_capture_on_commit_callbacks):
    """Rows stored before optout kept the address a page was read at say none: the watched address. A redirect in
    place since then, to the same page, is learnt at the next check, quietly."""
    address = redirect(web_fixture, "/legal/privacy", REAL)
    WatchedDocument.objects.filter(pk=watched.pk).update(read_at="")  # as the migration leaves existing rows

    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["same-body"]

    document = fresh(watched)
    assert document.read_at == address and document.opens_at == address
    assert document.versions.count() == 1 and not document.pending_hash and not mail.outbox
    assert f"It now opens at another address: {address}." in shown(client)
    web_fixture.route("/legal/privacy", CHANGED)  # a change there is compared as usual from then on
    assert checks(watched, django_capture_on_commit_callbacks, T0 + HOUR) == ["new-version"]
    assert fresh(watched).latest.ai_sure and len(mail.outbox) == 1


def test_a_page_that_moves_unchanged_is_watched_at_its_new_address(watched, web_fixture,
                                                                  django_capture_on_commit_callbacks):
    address = redirect(web_fixture, "/legal/privacy", page([*PARAGRAPHS, PROMISE], noise="moved"))

    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["same-text"]

    document = fresh(watched)
    assert document.read_at == address and document.versions.count() == 1 and not mail.outbox


def test_a_long_address_is_quoted_cut_and_the_message_still_fits(watched, web_fixture, client,
                                                                 django_capture_on_commit_callbacks):
    redirect(web_fixture, "/?" + "&".join(f"session{n}=abcdefghij" for n in range(60)), HOME, status=302)

    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["error"]

    document = fresh(watched)
    assert len(document.last_error) <= 500 and "…”" in document.last_error
    assert "optout could not read this page: it now leads to http://127.0.0.1" in shown(client)


def test_a_first_check_that_lands_on_the_sites_home_page_records_nothing(db, web_fixture, alice, client,
                                                                         django_capture_on_commit_callbacks):
    """A page added to the catalog whose address already leads to the home page (a policy moved, its old address
    sent to the front door): the home page must not become the text every later one is compared with."""
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    address = redirect(web_fixture, "/", HOME)

    outcomes = checks(document, django_capture_on_commit_callbacks, T0, T0 + 26 * HOUR)

    assert outcomes == ["error", "error"]
    document = fresh(document)
    assert not document.versions.exists() and not mail.outbox
    assert FetchLog.objects.filter(document=document, error_kind="home-page").count() == 2
    html = shown(client)
    assert f"optout could not read this page: it leads to {address}, the site’s home page, not this page." in html
    assert "Nothing was recorded." in html
    assert "die Startseite" in shown(client, "de")


def test_a_first_check_sent_on_to_another_page_of_the_site_records_it(db, web_fixture, alice,
                                                                      django_capture_on_commit_callbacks):
    """A policy whose catalog address redirects to its current one is read there from the first check."""
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    address = redirect(web_fixture, "/legal/privacy", REAL)

    assert checks(document, django_capture_on_commit_callbacks, T0) == ["new-version"]
    document = fresh(document)
    assert document.versions.count() == 1 and document.read_at == address and not mail.outbox
