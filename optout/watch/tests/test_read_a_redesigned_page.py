"""A page that loses (or gets back) the parts its declaration names is read whole, and compared only with a page
read whole: a redesign is optout's change of reading, never the platform's change of words."""

import datetime as dt

import pytest
from django.core import mail

from optout.watch.models import WatchedDocument
from optout.watch.services.documents import current_key
from optout.watch.tests.documents import recorded_for
from optout.watch.tests.test_check_documents import PARAGRAPHS, check

DAY = dt.timedelta(days=1)
T0 = dt.datetime(2026, 12, 1, 14, 2, tzinfo=dt.UTC)
PROMISE = "We do not use your posts, profile or other personal data to train generative AI models."
CALLOUT = "In short: we never train AI models on your private messages."
NEW_USE = "From 3 November we use your public posts to train the AI models behind our writing assistant."


def page(wrapper: str = "main", *, more: str = "") -> bytes:
    """The policy inside `wrapper`, with a boxed summary trafilatura leaves out of a page it reads whole."""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    extra = f"<p>{more}</p>" if more else ""
    return (f"<html><head><title>Privacy</title></head><body><nav><a href='/'>Home</a> <a href='/jobs'>Jobs</a></nav>"
            f"<{wrapper} class='policy'><h1>Privacy Policy</h1><aside class='callout'><p><strong>{CALLOUT}</strong>"
            f"</p></aside>{body}<h2>Generative AI</h2><p>{PROMISE}</p>{extra}</{wrapper}>"
            f"<footer><p>LinkedIn Corporation 2026.</p></footer></body></html>").encode()


@pytest.fixture
def watched(db, web_fixture, alice):
    return recorded_for(alice, web_fixture, page(), T0 - 3 * DAY, select=["main"], remove=[])


def fresh(document) -> WatchedDocument:
    return WatchedDocument.objects.get(pk=document.pk)


def check_with_alerts(document, when, capture) -> str:
    with capture(execute=True):
        return check(fresh(document), when)


def test_a_redesign_without_the_declared_part_alerts_nobody_and_is_read_whole_from_then_on(
        watched, web_fixture, django_capture_on_commit_callbacks):
    assert CALLOUT in fresh(watched).latest.text  # read from <main>, the summary box with it
    web_fixture.route("/privacy", page("div"))

    assert check_with_alerts(watched, T0, django_capture_on_commit_callbacks) in ("new-version", "same-text")

    assert not mail.outbox
    document = fresh(watched)
    assert document.extraction == current_key(document, whole=True)
    assert not document.versions.filter(ai_relevant=True).exists()
    # the previous page was read again whole, as optout's own change: the box trafilatura drops went in that one
    technical = document.versions.get(technical=True)
    assert CALLOUT not in technical.text and PROMISE in technical.text


def test_a_real_change_made_with_the_redesign_is_still_told(watched, web_fixture, django_capture_on_commit_callbacks):
    web_fixture.route("/privacy", page("div", more=NEW_USE))

    assert check_with_alerts(watched, T0, django_capture_on_commit_callbacks) == "new-version"

    latest = fresh(watched).latest
    assert latest.ai_relevant and not latest.technical
    assert [reason["kind"] for reason in latest.reasons] == ["added"]
    assert "public posts to train" in latest.reasons[0]["text"]
    assert len(mail.outbox) == 1 and "public posts" in mail.outbox[0].body


def test_a_page_that_switches_between_layouts_alerts_nobody_and_goes_back_to_its_parts(
        watched, web_fixture, django_capture_on_commit_callbacks):
    for day, wrapper in enumerate(["div", "main", "div", "main"], start=1):
        web_fixture.route("/privacy", page(wrapper) + b" " * day)  # other bytes each time: read, not 304
        check_with_alerts(watched, T0 + day * DAY, django_capture_on_commit_callbacks)
        assert not mail.outbox, wrapper
    document = fresh(watched)
    assert not document.versions.filter(ai_relevant=True).exists()
    # the page with <main> came back after one read whole: it was read whole to compare like with like, and the
    # next page with <main> from its parts again
    web_fixture.route("/privacy", page("main", more=NEW_USE))
    assert check_with_alerts(watched, T0 + 6 * DAY, django_capture_on_commit_callbacks) == "new-version"
    document = fresh(watched)
    assert document.extraction == current_key(document)
    assert CALLOUT in document.latest.text  # the parts again, with their summary box
    assert document.latest.ai_relevant and [r["kind"] for r in document.latest.reasons] == ["added"]
    assert len(mail.outbox) == 1
