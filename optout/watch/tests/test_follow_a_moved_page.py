"""A watched address that starts redirecting: to the site's home page or a login page (not the policy: an error,
nothing recorded, nobody alerted), to the policy at a new address (a real move: still watched, a change there held
for a second check and never called sure), or to another region's page. The person is told where the page now
opens. Against the real services and a real loopback server, like the other checks."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from conftest import make_plan
from optout.lib.dates import format_datetime
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
# A platform's front page as it really reads: long, nothing like the policy.
LONG_HOME = page([f"Story {n}: professionals share how they found their next role, grew their network and learnt new "
                  "skills with courses from industry experts this week." for n in range(14)])
# A sign-in page with its long cookie and legal footer (more than half as long as the policy), and its form.
SIGN_IN_FORM = '<form><input type="email" name="session_key"><input type="password" name="session_password"></form>'
LONG_LOGIN = page(["Sign in", "Email or phone", "Password", "Forgot password?", "New to LinkedIn? Join now",
                   *[f"Footer {n}: User Agreement, Cookie Policy, Copyright Policy, Brand Policy, Guest Controls, "
                     "Community Guidelines, Accessibility and Careers." for n in range(9)]], extra=SIGN_IN_FORM)
# A whole policy, as long as real ones are (a sign-in page's text is seldom 2,000 characters).
WHOLE = page([*PARAGRAPHS, *[f"Section {n}: this part of the policy explains how we handle the data of members, the "
                             "choices they have and how to reach our data protection officer." for n in range(8)],
              PROMISE])
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


@pytest.mark.parametrize(("to", "body", "kind"), [
    ("/", HOME, "home-page"),
    ("/en-us/", LONG_HOME, "home-page"),  # in the visitor's language, as long as the policy: the home page all the same
    ("/index.html", LONG_HOME, "home-page"),
    ("/login?next=/privacy", LOGIN, "sign-in"),
    ("/login?next=/privacy", LONG_LOGIN, "sign-in"),  # its footer as long as the policy
    ("/uas/authwall?sessionRedirect=https%3A%2F%2Fwww.linkedin.com%2Fprivacy", LONG_LOGIN, "sign-in"),
], ids=["home-page", "localised-home-page", "index-html", "login-page", "long-login-page", "authwall"])
def test_a_redirect_to_a_page_that_is_not_the_policy_is_an_error_and_alerts_nobody(
        watched, web_fixture, client, django_capture_on_commit_callbacks, to, body, kind):
    address = redirect(web_fixture, to, body, status=302)

    # still an error a day later: a home page or a sign-in page is never recorded as the policy
    outcomes = checks(watched, django_capture_on_commit_callbacks, T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 26 * HOUR,
                      T0 + 27 * HOUR)

    assert outcomes == ["error"] * 5
    document = fresh(watched)
    assert document.versions.count() == 1 and not document.pending_hash and not mail.outbox
    assert PROMISE in document.latest.text
    assert address in document.last_error and document.failing_since == T0
    assert FetchLog.objects.filter(document=document, error_kind=kind).count() == 5
    html = shown(client)
    said = "the site’s home page, not this page" if kind == "home-page" else "which looks like a sign-in page, not this page"
    assert f"optout could not read this page: it leads to {address}, {said}" in html
    assert "Nothing was recorded." in html
    german = shown(client, "de")
    assert address in german and said not in german
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
    # what optout read there, not a fact about the platform (it said "LinkedIn reworded its Privacy Policy …")
    assert "As optout read LinkedIn’s Privacy Policy this time" in mail.outbox[0].subject + body
    assert "LinkedIn reworded" not in body and "LinkedIn added" not in body
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
    redirect(web_fixture, "/?" + "&".join(f"utm_term{n}=abcdefghij" for n in range(60)), HOME, status=302)

    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["error"]

    document = fresh(watched)
    assert len(document.last_error) <= 500 and "…”" in document.last_error
    assert "optout could not read this page: it leads to http://127.0.0.1" in shown(client)


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
    assert "der Startseite der Website, nicht zu dieser Seite" in shown(client, "de")


def test_a_first_check_sent_on_to_another_page_of_the_site_records_it(db, web_fixture, alice,
                                                                      django_capture_on_commit_callbacks):
    """A policy whose catalog address redirects to its current one is read there from the first check."""
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    address = redirect(web_fixture, "/legal/privacy", REAL)

    assert checks(document, django_capture_on_commit_callbacks, T0) == ["new-version"]
    document = fresh(document)
    assert document.versions.count() == 1 and document.read_at == address and not mail.outbox


def test_a_first_check_that_lands_on_the_localised_home_page_records_nothing(db, web_fixture, alice,
                                                                            django_capture_on_commit_callbacks):
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    redirect(web_fixture, "/de-DE/index.html", LONG_HOME)

    assert checks(document, django_capture_on_commit_callbacks, T0) == ["error"]
    assert not fresh(document).versions.exists()


POLICY_DATE = "Mon, 02 Nov 2026 10:00:00 GMT"


def _static_home(request):
    """A static home page, older than the policy: Apache and nginx answer 304 to any If-Modified-Since after its date."""
    if request.headers.get("If-Modified-Since") or request.headers.get("If-None-Match"):
        request.send_response(304)
        request.send_header("Content-Length", "0")
        request.end_headers()
        return
    request.send_response(200)
    request.send_header("Content-Type", "text/html; charset=utf-8")
    request.send_header("Content-Length", str(len(LONG_HOME)))
    request.end_headers()
    request.wfile.write(LONG_HOME)


def test_a_redirect_to_a_home_page_that_would_answer_not_modified_is_not_taken_for_the_unchanged_policy(
        db, web_fixture, alice, client, django_capture_on_commit_callbacks):
    """The policy's validators are sent only to the address they came from: the home page, asked for them, would say
    "not modified", and optout would take the policy, gone, for unchanged, and the home page's address for its own."""
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    web_fixture.route("/privacy", REAL, headers={"Last-Modified": POLICY_DATE, "ETag": '"v1"'})
    assert checks(document, django_capture_on_commit_callbacks, T0 - 24 * HOUR) == ["new-version"]
    assert fresh(document).last_modified == POLICY_DATE

    web_fixture.route("/", _static_home)
    web_fixture.route("/privacy", status=301, headers={"Location": "/"})
    assert checks(document, django_capture_on_commit_callbacks, T0, T0 + 24 * HOUR) == ["error", "error"]
    assert fresh(document).read_at == document.url
    assert "the site’s home page" in shown(client)
    # the home page edited later is no version of the policy either
    web_fixture.route("/", LONG_HOME)
    assert checks(document, django_capture_on_commit_callbacks, T0 + 48 * HOUR, T0 + 49 * HOUR) == ["error", "error"]
    assert fresh(document).versions.count() == 1 and not mail.outbox


def test_a_not_modified_answer_at_another_address_is_no_answer_about_this_page(
        watched, web_fixture, client, django_capture_on_commit_callbacks):
    """A server that says "not modified" where it was not asked (no validators go to another address)."""
    def not_modified(request):
        request.send_response(304)
        request.send_header("Content-Length", "0")
        request.end_headers()

    web_fixture.route("/legal/privacy", not_modified)
    web_fixture.route("/privacy", status=301, headers={"Location": "/legal/privacy"})
    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["error"]
    assert fresh(watched).read_at == watched.url
    assert "answered without the whole page (HTTP 304)" in shown(client)


def test_a_policy_moved_and_rewritten_shorter_is_said_to_perhaps_not_be_this_page_then_recorded_never_sure(
        watched, web_fixture, client, django_capture_on_commit_callbacks):
    """A policy moved to /legal/privacy and rewritten, shorter: optout cannot tell it from another page. It says so
    for a day, then records it (after a second check), never sure, with the address it was read at."""
    new_policy = page(["Our new, simpler privacy policy.",
                       "We use what you post to train the generative AI models behind our features.",
                       "You can object in your settings, under Data for Generative AI Improvement.",
                       "We keep your data while your account is open."])
    address = redirect(web_fixture, "/legal/privacy", new_policy)

    assert checks(watched, django_capture_on_commit_callbacks, T0, T0 + 12 * HOUR) == ["error", "error"]
    html = shown(client)
    assert f"it now leads to {address}, which may not be this page" in html
    # counted from the first time it was found there, not "a day from now" at each check
    assert f"if optout still finds that page there at a check from {format_datetime(T0 + 24 * HOUR)} on" in html
    assert "which is not this page" not in html and not mail.outbox

    assert checks(watched, django_capture_on_commit_callbacks, T0 + 25 * HOUR, T0 + 26 * HOUR) == [
        "unconfirmed", "confirmed"]
    version = fresh(watched).latest
    assert version.moved_to == address and version.ai_relevant and not version.ai_sure
    assert fresh(watched).read_at == address and len(mail.outbox) == 1


def _session_redirect(web_fixture, body: bytes, where: str = "?sid="):
    """A Java or PHP site: /privacy sends each visitor on to the same page with a fresh session id."""
    count = iter(range(10**6))

    def handler(request):
        if "sid=" in request.path or "jsessionid=" in request.path:
            request.send_response(200)
            request.send_header("Content-Type", "text/html; charset=utf-8")
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
        else:
            request.send_response(302)
            request.send_header("Location", f"/privacy{where}{next(count):08x}")
            request.send_header("Content-Length", "0")
            request.end_headers()
    web_fixture.route("/privacy", handler)
    for n in range(20):  # the test server routes by path: a path parameter is part of it
        web_fixture.route(f"/privacy;jsessionid={n:08x}", handler)


@pytest.mark.parametrize("where", ["?sid=", ";jsessionid="])
def test_a_site_that_adds_a_session_id_on_each_visit_alerts_surely_for_a_clear_ai_change(
        watched, web_fixture, client, django_capture_on_commit_callbacks, where):
    _session_redirect(web_fixture, REAL, where)
    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["same-body"]
    assert not fresh(watched).opens_at
    _session_redirect(web_fixture, CHANGED, where)
    assert checks(watched, django_capture_on_commit_callbacks, T0 + 24 * HOUR) == ["new-version"]
    latest = fresh(watched).latest
    assert latest.ai_sure and not latest.moved_to and len(mail.outbox) == 1


def test_a_row_from_before_optout_kept_addresses_whose_old_redirect_shows_a_change_alerts_as_before(
        watched, web_fixture, client, django_capture_on_commit_callbacks):
    """Rows stored before optout kept addresses (read_at empty) do not say where their latest page was read: a
    redirect in place for years is not a move, and a clear change read there is sure, as before."""
    address = redirect(web_fixture, "/legal/privacy", CHANGED)
    WatchedDocument.objects.filter(pk=watched.pk).update(read_at="")

    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["new-version"]
    document = fresh(watched)
    assert document.latest.ai_sure and not document.latest.moved_to and document.read_at == address
    assert len(mail.outbox) == 1


def test_such_a_row_now_sent_to_a_sign_in_page_is_still_an_error(watched, web_fixture,
                                                                 django_capture_on_commit_callbacks):
    redirect(web_fixture, "/login?next=/privacy", LONG_LOGIN, status=302)
    WatchedDocument.objects.filter(pk=watched.pk).update(read_at="")

    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["error"]
    assert fresh(watched).versions.count() == 1 and not mail.outbox


def test_a_policy_back_at_its_own_address_is_not_said_to_open_at_another(watched, web_fixture, client,
                                                                         django_capture_on_commit_callbacks):
    """The policy moved to /legal/privacy unchanged (learnt quietly); later the watched address serves it again,
    changed. The latest version was read at /legal/privacy: the text read back home may be another variant's, so
    the change is held and never sure, as a move is; but no other address is spoken of."""
    redirect(web_fixture, "/legal/privacy", REAL)
    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["same-body"]
    web_fixture.route("/privacy", CHANGED)

    assert checks(watched, django_capture_on_commit_callbacks, T0 + 24 * HOUR) == ["unconfirmed"]
    html = shown(client)
    assert "another address" not in html and "back at its own address" in html and not mail.outbox
    assert checks(watched, django_capture_on_commit_callbacks, T0 + 25 * HOUR) == ["confirmed"]
    document = fresh(watched)
    assert document.read_at == document.url and not document.opens_at
    assert document.latest.ai_relevant and not document.latest.ai_sure
    assert "another address" not in shown(client)
    body = " ".join(mail.outbox[0].body.split())
    assert f"This page opens at its own address again ({document.url})" in body and "another address (" not in body


def test_a_policy_back_at_its_own_address_with_the_latest_text_is_nothing_new(
        watched, web_fixture, client, django_capture_on_commit_callbacks):
    """Review 7 (D8): back home, the same text as the latest version: nothing changed, no other address."""
    redirect(web_fixture, "/legal/privacy", REAL)
    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["same-body"]
    web_fixture.route("/privacy", REAL)

    assert checks(watched, django_capture_on_commit_callbacks, T0 + 24 * HOUR) == ["same-body"]
    document = fresh(watched)
    assert document.read_at == document.url and not document.pending_hash and document.versions.count() == 1
    assert "another address" not in shown(client) and not mail.outbox


def test_a_page_back_at_its_watched_address_after_a_move_recorded_elsewhere_is_not_a_sure_alert(
        watched, web_fixture, django_capture_on_commit_callbacks):
    """Review 8: the policy moved and was rewritten at /legal/privacy, recorded there (unsure); later /privacy
    serves the old text again. Compared with the text read at /legal/privacy, it is no sure change; and as that text
    shared few sentences with the one before, it is judged against the one before it: the same text, no AI change."""
    short = page(["Our new, simpler privacy policy.", "We keep your data while your account is open."])
    redirect(web_fixture, "/legal/privacy", short)
    assert checks(watched, django_capture_on_commit_callbacks, T0, T0 + 25 * HOUR, T0 + 26 * HOUR) == [
        "error", "unconfirmed", "confirmed"]
    web_fixture.route("/privacy", REAL)

    outcomes = checks(watched, django_capture_on_commit_callbacks, T0 + 50 * HOUR, T0 + 51 * HOUR)

    document = fresh(watched)
    assert outcomes == ["unconfirmed", "confirmed"]
    assert document.read_at == document.url and not document.opens_at
    first = document.versions.order_by("created_at").first()
    assert not document.latest.ai_relevant and document.latest.compared_with == first


def test_a_very_long_address_is_the_same_as_its_stored_copy(watched, web_fixture, django_capture_on_commit_callbacks):
    """Addresses are stored cut to 1,000 characters (a sign-on service's may be longer): compared cut to cut."""
    target = "/legal/privacy?" + "&".join(f"state{n}=abcdefghijklmnop" for n in range(80))
    address = redirect(web_fixture, target, REAL)
    assert len(address) > 1000
    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["same-body"]
    web_fixture.route(target.split("?")[0], CHANGED)
    # the page moved once (learnt quietly), then changed where it is: no longer "moved" at each check
    assert checks(watched, django_capture_on_commit_callbacks, T0 + 24 * HOUR) == ["new-version"]
    assert fresh(watched).latest.ai_sure and not fresh(watched).latest.moved_to


@pytest.mark.parametrize(("url", "home"), [
    ("https://www.linkedin.com/", True), ("https://www.linkedin.com/en/", True), ("https://linkedin.com/en-us", True),
    ("https://www.linkedin.com/de-DE/", True), ("https://www.linkedin.com/fr_FR", True),
    ("https://www.linkedin.com/index.html", True), ("https://www.linkedin.com/home", True),
    ("https://www.linkedin.com/default.aspx", True), ("https://www.linkedin.com/en/index.php", True),
    ("https://de.linkedin.com/", True),
    ("https://www.linkedin.com/tos", False), ("https://www.linkedin.com/ai", False),
    ("https://www.linkedin.com/legal/privacy-policy", False), ("https://www.linkedin.com/en/privacy", False),
    ("https://privacy.linkedin.com/", False),  # a site's own host for its policies
    ("https://www.linkedin.com/?hl=de", True), ("https://www.linkedin.com/?utm_source=x&sid=1", True),
    # a query that picks the page: a PHP or WordPress site's pages all live at "/" or "/index.php"
    ("https://www.linkedin.com/?page_id=3", False), ("https://www.linkedin.com/index.php?title=Privacy", False),
    ("https://www.linkedin.com/en/index.php?p=pages&aid=5", False),
    # a country, then a language (IKEA's /gb/en/, /us/en-us/)
    ("https://www.linkedin.com/gb/en/", True), ("https://www.linkedin.com/us/en-us", True),
    ("https://www.linkedin.com/gb/en/index.html", True),
    ("https://www.linkedin.com/pp/en", False), ("https://www.linkedin.com/en/ai", False),
    # a query that picks no page: where the visitor came from, a flag a removed page is sent home with
    ("https://www.linkedin.com/?from=%2Fprivacy", True), ("https://www.linkedin.com/?notfound=1", True),
    ("https://www.linkedin.com/?pagename=privacy", False),
    ("https://www.linkedin.com/index.php?option=com_content&id=5", False),
    ("https://www.linkedin.com/index.php?route=information/information&information_id=4", False),
])
def test_a_home_page_is_known_by_its_address(url, home):
    from optout.watch.moved import home_page

    assert home_page(url, "https://www.linkedin.com/legal/privacy-policy") is home


@pytest.mark.parametrize(("url", "signing_in"), [
    ("https://x.example/login?next=/privacy", True), ("https://x.example/uas/login-submit", True),
    ("https://x.example/signin.php", True), ("https://x.example/Sign_In", True), ("https://x.example/oauth2/authorize", True),
    ("https://x.example/authwall?trk=1", True), ("https://x.example/my/account", True),
    ("https://x.example/gate?returnUrl=%2Fprivacy", True), ("https://x.example/gate?redirect_uri=https://x.example/p", True),
    ("https://x.example/legal/privacy", False), ("https://x.example/designing-for-privacy", False),
    ("https://x.example/account/privacy", False), ("https://x.example/privacy?next=2", False),
    ("https://x.example/legal/privacy?from=/privacy", False),
    # the last two parts (Rails' /session/new, Devise's /users/sign_in), a sign-in host
    ("https://x.example/session/new", True), ("https://x.example/users/sign_in", True),
    ("https://x.example/sessions/new?locale=en", True), ("https://x.example/news/new", False),
    ("https://login.x.example/?startURL=%2Fprivacy", True), ("https://accounts.x.example/lookup", True),
    ("https://sso.x.example/", True), ("https://auth.x.example/u/1", True), ("https://signin.x.example/", True),
    ("https://loginradius.x.example/privacy", False),
])
def test_a_sign_in_page_is_known_by_its_address(url, signing_in):
    from optout.watch.moved import sign_in

    assert sign_in(url, "https://www.x.example/privacy") is signing_in
    assert sign_in(url) is signing_in


def test_a_sign_in_host_is_no_sign_in_page_for_a_page_watched_on_it():
    """Some policies live on the accounts host (accounts.firefox.com/legal/privacy): moved there, they are pages
    of that host, not its sign-in page."""
    from optout.watch.moved import sign_in

    assert not sign_in("https://accounts.x.example/legal/privacy/en", "https://accounts.x.example/legal/privacy")
    assert sign_in("https://accounts.x.example/login", "https://accounts.x.example/legal/privacy")


def test_a_home_page_watched_is_its_own_home_page_no_more():
    """The catalog watches Patreon's policy at https://privacy.patreon.com/: its language root is that page."""
    from optout.watch.moved import home_page

    assert not home_page("https://privacy.patreon.com/en-us/", "https://privacy.patreon.com/")
    assert not home_page("https://privacy.patreon.com/", "https://privacy.patreon.com/?hl=en")
    assert home_page("https://www.patreon.com/", "https://www.patreon.com/policy/privacy")


def test_watch_run_counts_a_change_held_for_its_new_address_apart_from_drastic_ones(watched, web_fixture, monkeypatch):
    """One new sentence, read at a new address: held, but no drastic change, and the run says why it waits."""
    from typer.testing import CliRunner

    from optout.cli import build_app
    from optout.watch.tests.test_reextract_documents import declared

    declared(monkeypatch, url=watched.url)  # the command applies the data files first: the same address
    one_more = page([*PARAGRAPHS, PROMISE, "You can download a copy of your data from your settings."])
    address = redirect(web_fixture, "/legal/privacy", one_more)

    said = CliRunner().invoke(build_app(), ["watch", "run", "--platform", "linkedin"])

    assert said.exit_code == 0, said.output
    assert fresh(watched).pending_reason == "moved"
    assert "1 page changed: held until the next check, as it was read at another address than its last version" in said.output
    assert "drastically" not in said.output
    status = " ".join(CliRunner().invoke(build_app(), ["watch", "status", "--platform", "linkedin"]).output.split())
    assert f"it now opens at {address}" in status


def test_watch_status_says_where_a_page_now_opens(watched, web_fixture, monkeypatch,
                                                 django_capture_on_commit_callbacks):
    from typer.testing import CliRunner

    from optout.cli import build_app
    from optout.watch.tests.test_reextract_documents import declared

    declared(monkeypatch, url=watched.url)
    address = redirect(web_fixture, "/legal/privacy", REAL)
    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["same-body"]

    said = CliRunner().invoke(build_app(), ["watch", "status", "--platform", "linkedin"])

    assert said.exit_code == 0, said.output
    assert f"It now opens at another address: {address}." in " ".join(said.output.split())


# --- review 8: what the address says of the page, weighed with the page itself ---------------------------------

def test_a_policy_watched_at_its_hosts_root_that_redirects_to_its_language_root_can_be_watched(
        db, web_fixture, alice, django_capture_on_commit_callbacks):
    """The catalog watches Patreon's policy at https://privacy.patreon.com/ (the root of a policy host). Such a root
    commonly sends visitors on to their language's root (/en-us/): the policy itself, read there."""
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/"))
    web_fixture.route("/en-us/", REAL)
    web_fixture.route("/", status=302, headers={"Location": "/en-us/"})

    outcomes = checks(document, django_capture_on_commit_callbacks, T0, T0 + 26 * HOUR)

    assert outcomes == ["new-version", "same-body"], (outcomes, fresh(document).last_error)


@pytest.mark.parametrize("to", ["/legal/account", "/auth/privacy", "/terms/account", "/legal/login-data"])
def test_a_first_check_sent_on_to_a_whole_policy_at_an_address_with_account_or_auth_in_it_records_it(
        db, web_fixture, alice, django_capture_on_commit_callbacks, to):
    """A catalog address that redirects to its policy's current address, which happens to contain a word sign_in
    looks for. The page read there is a whole policy, no sign-in form in sight."""
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    redirect(web_fixture, to, WHOLE)

    outcomes = checks(document, django_capture_on_commit_callbacks, T0, T0 + 26 * HOUR)

    assert outcomes == ["new-version", "same-body"], (outcomes, fresh(document).last_error)


@pytest.mark.parametrize("body", [page(["Sign in", "Email or phone", "Password", "Forgot password?"]),
                                  page(["Sign in", *PARAGRAPHS, *PARAGRAPHS], extra=SIGN_IN_FORM)],
                         ids=["short", "form"])
def test_a_first_check_sent_on_to_a_sign_in_page_records_nothing(db, web_fixture, alice,
                                                                 django_capture_on_commit_callbacks, body):
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    redirect(web_fixture, "/my/account", body)

    assert checks(document, django_capture_on_commit_callbacks, T0, T0 + 26 * HOUR) == ["error", "error"]
    assert not fresh(document).versions.exists()
    assert FetchLog.objects.filter(document=document, error_kind="sign-in").count() == 2


def test_a_policy_moved_to_an_address_with_account_in_it_and_rewritten_is_recorded_after_a_day_never_sure(
        watched, web_fixture, django_capture_on_commit_callbacks):
    """A long page at an address that only sounds like a sign-in page, no sign-in form, nothing alike: it may not be
    this page, for a day, then it is recorded (after a second check), never sure."""
    rewritten = page([f"Part {n}: how we look after the personal data of people who hold an account with us, "
                      "and which choices they have about it." for n in range(12)])
    address = redirect(web_fixture, "/legal/account", rewritten)

    outcomes = checks(watched, django_capture_on_commit_callbacks, T0, T0 + 12 * HOUR, T0 + 25 * HOUR, T0 + 26 * HOUR)

    assert outcomes == ["error", "error", "unconfirmed", "confirmed"]
    assert FetchLog.objects.filter(document=watched, error_kind="moved").count() == 2
    latest = fresh(watched).latest
    assert latest.moved_to == address and not latest.ai_sure


@pytest.mark.parametrize("to", ["/gb/en/", "/us/en-us/", "/?from=%2Fprivacy", "/?notfound=1"])
def test_a_redirect_to_a_long_home_page_is_never_recorded_as_the_policy(
        watched, web_fixture, django_capture_on_commit_callbacks, to):
    """A country-and-language home page (IKEA's /gb/en/) or the home page tagged with where the visitor came from
    (a removed page sent to the front door): a long home page, nothing like the policy."""
    redirect(web_fixture, to, LONG_HOME, status=302)

    outcomes = checks(watched, django_capture_on_commit_callbacks, T0, T0 + HOUR, T0 + 26 * HOUR)

    assert outcomes == ["error"] * 3
    assert PROMISE in fresh(watched).latest.text and not mail.outbox
    assert FetchLog.objects.filter(document=watched, error_kind="home-page").count() == 3


@pytest.mark.parametrize("to", ["/session/new", "/users/sign_in?locale=en"])
def test_a_redirect_to_a_long_sign_in_page_is_never_recorded_as_the_policy(
        watched, web_fixture, django_capture_on_commit_callbacks, to):
    """Rails' and Devise's sign-in pages."""
    redirect(web_fixture, to, LONG_LOGIN, status=302)

    outcomes = checks(watched, django_capture_on_commit_callbacks, T0, T0 + HOUR, T0 + 26 * HOUR)

    assert outcomes == ["error"] * 3 and not mail.outbox
    assert FetchLog.objects.filter(document=watched, error_kind="sign-in").count() == 3


def test_a_page_that_may_not_be_this_one_is_not_recorded_an_hour_after_an_unrelated_day_of_failures(
        watched, web_fixture, client, django_capture_on_commit_callbacks):
    """The site was down for a day (HTTP 503). It comes back sending /privacy on to a short page that shares nothing
    with the policy, at an address moved.py does not know (/start): the day it may not be this page is counted
    from then, not from the first failure."""
    web_fixture.route("/privacy", b"down", status=503)
    assert checks(watched, django_capture_on_commit_callbacks, T0, T0 + 12 * HOUR) == ["error", "error"]
    address = redirect(web_fixture, "/start", HOME, status=302)

    assert checks(watched, django_capture_on_commit_callbacks, T0 + 25 * HOUR, T0 + 26 * HOUR) == ["error", "error"]
    assert not mail.outbox and fresh(watched).versions.count() == 1
    assert f"from {format_datetime(T0 + 49 * HOUR)} on" in shown(client)

    outcomes = checks(watched, django_capture_on_commit_callbacks, T0 + 49 * HOUR, T0 + 50 * HOUR)

    assert outcomes == ["unconfirmed", "confirmed"]
    latest = fresh(watched).latest
    assert latest.moved_to == address and not latest.ai_sure


def test_a_day_of_may_not_be_this_page_starts_again_after_the_page_is_read(
        watched, web_fixture, django_capture_on_commit_callbacks):
    """A day of "may not be this page" long ago, then the policy read again: a new redirect waits its own day."""
    redirect(web_fixture, "/start", HOME, status=302)
    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["error"]
    web_fixture.route("/privacy", REAL)
    assert checks(watched, django_capture_on_commit_callbacks, T0 + 2 * HOUR) == ["same-body"]
    redirect(web_fixture, "/start", HOME, status=302)

    assert checks(watched, django_capture_on_commit_callbacks, T0 + 30 * HOUR, T0 + 31 * HOUR) == ["error", "error"]


# --- review 8: what the platform page says of where a page now opens --------------------------------------------

def test_the_platform_page_does_not_say_the_page_opens_where_it_no_longer_does(
        watched, web_fixture, client, django_capture_on_commit_callbacks):
    """The policy moved to /legal/privacy unchanged (learnt quietly); a week later /privacy sends visitors to the
    home page. The platform page says it leads to the home page, not that it "now opens" at /legal/privacy."""
    moved = redirect(web_fixture, "/legal/privacy", REAL)
    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["same-body"]
    home = redirect(web_fixture, "/", HOME, status=302)
    assert checks(watched, django_capture_on_commit_callbacks, T0 + 24 * HOUR) == ["error"]

    for language, now_opens in (("en", "It now opens at another address"), ("de", "unter einer anderen Adresse")):
        html = shown(client, language)
        assert home in html
        assert f"{now_opens}: {moved}" not in html, language


def test_the_platform_page_names_one_address_a_page_now_opens_at(
        watched, web_fixture, client, django_capture_on_commit_callbacks):
    """Moved to /legal/privacy unchanged (learnt), then sent on to /eu/privacy with a changed AI sentence (held)."""
    moved = redirect(web_fixture, "/legal/privacy", REAL)
    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["same-body"]
    held = redirect(web_fixture, "/eu/privacy", CHANGED)
    assert checks(watched, django_capture_on_commit_callbacks, T0 + 24 * HOUR) == ["unconfirmed"]

    html = shown(client)
    assert f"it now opens at {held}" in html
    assert f"It now opens at another address: {moved}" not in html


def test_the_day_a_page_may_not_be_this_one_is_the_one_the_words_count():
    from optout.watch import confirm
    from optout.watch.status import NOT_THE_PAGE_FOR

    assert NOT_THE_PAGE_FOR == confirm.MAX_WAIT


def test_a_change_back_at_its_own_address_is_told_in_each_language(
        watched, web_fixture, client, django_capture_on_commit_callbacks):
    redirect(web_fixture, "/legal/privacy", REAL)
    assert checks(watched, django_capture_on_commit_callbacks, T0) == ["same-body"]
    web_fixture.route("/privacy", CHANGED)
    assert checks(watched, django_capture_on_commit_callbacks, T0 + 24 * HOUR) == ["unconfirmed"]

    for language, said in (("de", "wieder unter ihrer eigenen Adresse"), ("fr", "de retour à sa propre adresse"),
                           ("es", "de nuevo en su propia dirección"), ("it", "di nuovo al suo indirizzo"),
                           ("nl", "weer op haar eigen adres"), ("pl", "znowu pod jej własnym adresem"),
                           ("pt", "de novo no seu próprio endereço")):
        html = shown(client, language)
        assert f"{said} ({watched.url})" in html, language


# An e-mail-first sign-in page (no password field until the next step) with a long legal footer.
LONG_EMAIL_FIRST = page(["Sign in", "Email or phone", "Continue", "Continue with Google", "New to LinkedIn? Join now",
                         *[f"Footer {n}: User Agreement, Privacy Policy, Cookie Policy, Copyright Policy, Brand Policy, "
                           "Guest Controls, Community Guidelines, Accessibility, Careers and Ad Choices." for n in range(20)]],
                        extra='<form><input type="email" name="session_key"><button>Continue</button></form>')


def test_a_first_check_sent_to_a_sign_in_page_that_asks_to_come_back_here_records_nothing(
        db, web_fixture, alice, django_capture_on_commit_callbacks):
    """A sign-in page that names the watched page as where to go back to (`?session_redirect=<it>`) is one, however
    long its footer and whether or not it asks for the password yet."""
    from urllib.parse import quote

    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    back = quote(web_fixture.url("/privacy"), safe="")
    redirect(web_fixture, f"/uas/login?session_redirect={back}", LONG_EMAIL_FIRST, status=302)

    assert checks(document, django_capture_on_commit_callbacks, T0, T0 + 26 * HOUR) == ["error", "error"]
    assert not fresh(document).versions.exists() and not mail.outbox


def test_a_long_sign_in_page_that_asks_to_come_back_here_is_never_recorded(watched, web_fixture,
                                                                           django_capture_on_commit_callbacks):
    redirect(web_fixture, "/login?next=/privacy", LONG_EMAIL_FIRST, status=302)

    outcomes = checks(watched, django_capture_on_commit_callbacks, T0, T0 + 25 * HOUR, T0 + 26 * HOUR)

    assert outcomes == ["error"] * 3 and not mail.outbox
    assert PROMISE in fresh(watched).latest.text


@pytest.mark.parametrize("home", ["/us/", "/us/index.html", "/in-en/", "/us-en/"])
def test_a_policy_under_a_country_part_sent_to_that_countrys_home_page_is_never_recorded(
        db, web_fixture, alice, django_capture_on_commit_callbacks, home):
    """Spotify's policy lives at /us/legal/privacy-policy/: a removed page there is sent to /us/, its country's home."""
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/us/legal/privacy-policy/"))
    web_fixture.route("/us/legal/privacy-policy/", REAL)
    assert check(document, T0 - 48 * HOUR) == "new-version"
    web_fixture.route(home, LONG_HOME)
    web_fixture.route("/us/legal/privacy-policy/", status=301, headers={"Location": home})

    outcomes = checks(document, django_capture_on_commit_callbacks, T0, T0 + HOUR, T0 + 26 * HOUR, T0 + 27 * HOUR)

    assert outcomes == ["error"] * 4 and not mail.outbox
    assert PROMISE in fresh(document).latest.text


def test_a_two_letter_page_is_no_home_page_unless_the_watched_address_starts_with_it():
    from optout.watch.moved import home_page

    assert not home_page("https://www.linkedin.com/ai", "https://www.linkedin.com/legal/privacy-policy")
    assert home_page("https://www.linkedin.com/us/", "https://www.linkedin.com/us/legal/privacy-policy")
    assert not home_page("https://www.linkedin.com/us/", "https://www.linkedin.com/legal/privacy-policy")


def test_a_whole_policy_with_a_sign_in_box_in_its_header_is_no_sign_in_page(db, web_fixture, alice,
                                                                              django_capture_on_commit_callbacks):
    """Some sites (Archive of Our Own) put a small sign-in form in every page's header or menu: its password field
    says nothing of the page; a sign-in page's own form is in its content."""
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    box = b"<header><form action='/users/login'><input name='user'><input type='password' name='pw'></form></header>"
    redirect(web_fixture, "/legal/account", WHOLE.replace(b"<body>", b"<body>" + box, 1))

    assert checks(document, django_capture_on_commit_callbacks, T0) == ["new-version"]
