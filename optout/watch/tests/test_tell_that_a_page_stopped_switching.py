"""A page that kept switching between two texts, and then stopped: the people told it kept switching (and that optout
would not alert them again while it went on) are told which text it kept, once, when it has kept it for
`REPEATS_WITHIN`."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_plan
from optout.lib.dates import format_date
from optout.notify.models import Notification
from optout.watch import services
from optout.watch.services.versions import REPEATS_WITHIN
from optout.watch.tests.documents import only_linkedin_privacy
from optout.watch.tests.test_alert_people import AI, OTHER, _checked
from optout.watch.tests.test_check_documents import PARAGRAPHS

DAY = dt.timedelta(days=1)
WITH_AI = [*PARAGRAPHS, AI]


@pytest.fixture
def watched(db, web_fixture):
    return only_linkedin_privacy(web_fixture.url("/privacy"))


@pytest.fixture
def switched(watched, web_fixture, alice, django_capture_on_commit_callbacks):
    """The page added the AI clause, dropped it, added it again (people told it keeps switching) and dropped it again
    (quiet), one change a day, two months ago; alice uses LinkedIn throughout. Returns the start."""
    make_plan(alice, "EU", ["linkedin"])
    start = timezone.now() - 60 * DAY
    for day, paragraphs in enumerate([PARAGRAPHS, WITH_AI, PARAGRAPHS, WITH_AI, PARAGRAPHS]):
        _checked(web_fixture, django_capture_on_commit_callbacks, [paragraphs], when=start + day * DAY)
    return start


def _notices(owner) -> list[str]:
    return [n.text for n in Notification.objects.filter(owner=owner).order_by("created_at", "id")]


def test_people_told_a_page_keeps_switching_are_told_once_which_text_it_kept(
        switched, watched, web_fixture, alice, bob, client, django_capture_on_commit_callbacks):
    *_, switching, last = watched.versions.order_by("created_at", "id")
    assert switching.repeats is not None and not switching.quiet and last.quiet
    told = _notices(alice)
    assert len(told) == 3 and told[2].startswith("LinkedIn added to its Privacy Policy")
    assert (f"While it keeps switching between the two, optout will not alert you again; it will tell you when the page "
            f"has kept one of them for {REPEATS_WITHIN.days} days.") in told[2]
    make_plan(bob, "EU", ["linkedin"])  # uses LinkedIn since: he was never told it kept switching

    # A day short of the window, the page may still switch back: nothing to tell yet.
    _checked(web_fixture, django_capture_on_commit_callbacks, [PARAGRAPHS], when=last.created_at + REPEATS_WITHIN - DAY)
    assert len(_notices(alice)) == 3

    when = last.created_at + REPEATS_WITHIN + DAY
    _checked(web_fixture, django_capture_on_commit_callbacks, [PARAGRAPHS], when=when)
    *_, notice = _notices(alice)
    assert notice == (
        f"LinkedIn’s Privacy Policy has stopped switching between two texts: optout has found no change in what it says "
        f"about AI since {format_date(last.shown_at)}, {REPEATS_WITHIN.days + 1} days ago. The text it kept is the one "
        f"of this change: LinkedIn removed from its Privacy Policy, about AI training: “{AI}” Check your opt-out still "
        "holds.")
    assert Notification.objects.filter(owner=alice).latest("created_at").url == last.get_absolute_url()
    assert _notices(bob) == []
    last.refresh_from_db()
    assert last.settled_at == when

    # Once: the runs after it tell nobody again.
    _checked(web_fixture, django_capture_on_commit_callbacks, [PARAGRAPHS], when=when + DAY)
    assert len(_notices(alice)) == 4

    # The version's page, the platform's list and the command say where the switching stopped.
    page = " ".join(client.get(last.get_absolute_url()).content.decode().split())
    assert (f"Then the page stopped switching: it kept this text, and on {format_date(when)} optout told the people it "
            "had told of the switching.") in page
    history = " ".join(client.get(reverse("watch:platform", args=["linkedin"])).content.decode().split())
    assert history.count("the page stopped switching on this text") == 1


def test_a_page_that_stopped_on_the_text_with_the_change_says_the_change_stays(
        watched, web_fixture, alice, django_capture_on_commit_callbacks):
    """Stopped on the text the switching began with: the notice quotes the clause added, which is the page's now."""
    make_plan(alice, "EU", ["linkedin"])
    start = timezone.now() - 60 * DAY
    for day, paragraphs in enumerate([PARAGRAPHS, WITH_AI, PARAGRAPHS, WITH_AI]):
        _checked(web_fixture, django_capture_on_commit_callbacks, [paragraphs], when=start + day * DAY)
    last = watched.latest
    _checked(web_fixture, django_capture_on_commit_callbacks, [WITH_AI], when=last.created_at + REPEATS_WITHIN + DAY)
    notice = _notices(alice)[-1]
    assert "has stopped switching" in notice
    assert f"The text it kept is the one of this change: LinkedIn added to its Privacy Policy, about AI training: “{AI}”" in notice


def test_nothing_is_told_while_optout_cannot_read_the_page_and_it_is_told_once_it_reads_it_again(
        switched, watched, web_fixture, alice, django_capture_on_commit_callbacks):
    last = watched.latest
    web_fixture.route("/privacy", b"down for maintenance", status=503)
    for days in (10, 20, 31):
        with django_capture_on_commit_callbacks(execute=True):
            services.run(sync=False, now=last.created_at + days * DAY)
    watched.refresh_from_db()
    assert watched.failing_since is not None and watched.last_checked_at == last.created_at + 31 * DAY
    assert not any("stopped switching" in text for text in _notices(alice)), "a page optout cannot read may switch"
    _checked(web_fixture, django_capture_on_commit_callbacks, [PARAGRAPHS], when=last.created_at + 32 * DAY)
    assert sum("stopped switching" in text for text in _notices(alice)) == 1


def test_an_ai_change_alerted_since_leaves_nothing_to_tell(switched, watched, web_fixture, alice,
                                                           django_capture_on_commit_callbacks):
    """Its own alert said what the page says now."""
    last = watched.latest
    _checked(web_fixture, django_capture_on_commit_callbacks, [[*PARAGRAPHS, OTHER]], when=last.created_at + 5 * DAY)
    assert OTHER in _notices(alice)[-1]
    _checked(web_fixture, django_capture_on_commit_callbacks, [[*PARAGRAPHS, OTHER]], when=last.created_at + 40 * DAY)
    assert not any("stopped switching" in text for text in _notices(alice))
    last.refresh_from_db()
    assert last.settled_at is None


def test_a_change_not_about_ai_since_does_not_stop_the_notice(switched, watched, web_fixture, alice,
                                                              django_capture_on_commit_callbacks):
    """A reworded footer after the last switch: what the page says about AI is still the text it kept."""
    last = watched.latest
    edited = [*PARAGRAPHS[:-1], PARAGRAPHS[-1] + " Last reviewed this spring."]
    _checked(web_fixture, django_capture_on_commit_callbacks, [edited], when=last.created_at + 5 * DAY)
    assert not watched.latest.ai_relevant
    _checked(web_fixture, django_capture_on_commit_callbacks, [edited], when=last.created_at + 31 * DAY)
    assert sum("stopped switching" in text for text in _notices(alice)) == 1
