"""Someone who chose to hear only of the changes optout is sure are about AI (their settings: `policy_news`) is not
told of the others, and their finished steps are not reopened for them; the change is still on the watch pages and
in their feed. A change undoing one they were told of, or the end of a page's switching they were told of, is still
told. Everyone else hears of every change that may be about AI, as before."""

from xml.etree import ElementTree

import pytest
from django.core import mail
from django.urls import reverse

from conftest import make_plan
from optout.accounts.services import set_policy_news
from optout.notify.models import Notification
from optout.plans.models import Action, Status
from optout.plans.services import set_status
from optout.plans.services.feeds import feed_for
from optout.watch import services
from optout.watch.models import Alert
from optout.watch.tests.documents import only_linkedin_privacy
from optout.watch.tests.test_check_documents import PARAGRAPHS, page
from optout.watch.tests.test_follow_a_feed import ATOM
from optout.watch.tests.test_say_how_sure import SURE, UNSURE

OTHER = "Our chatbot can answer questions about your orders using AI."


@pytest.fixture
def watched(db, web_fixture):
    return only_linkedin_privacy(web_fixture.url("/privacy"))


def _checks(web_fixture, capture, *texts):
    for paragraphs in texts:
        web_fixture.route("/privacy", page(paragraphs))
        with capture(execute=True):
            services.run(sync=False)


def _done(person):
    step = make_plan(person, "EU", ["linkedin"])[0]
    set_status(step, Status.DONE)
    return step


def test_an_unsure_change_reaches_only_those_who_hear_of_every_change(watched, web_fixture, alice, bob, client,
                                                                       django_capture_on_commit_callbacks):
    alices, bobs = _done(alice), _done(bob)
    set_policy_news(bob, "sure")
    _checks(web_fixture, django_capture_on_commit_callbacks, PARAGRAPHS, [*PARAGRAPHS, UNSURE])
    version = watched.latest
    assert version.ai_relevant and not version.ai_sure
    assert [n.owner for n in Notification.objects.all()] == [alice] and [m.to for m in mail.outbox] == [[alice.email]]
    assert Action.objects.get(pk=alices.pk).status == Status.NEEDS_RECHECK
    assert Action.objects.get(pk=bobs.pk).status == Status.DONE, "no step reopened on a change Bob was not told of"
    assert {(a.owner, a.told, a.delivered_at is not None) for a in Alert.objects.all()} == {(alice, True, True),
                                                                                              (bob, False, True)}
    # still listed where Bob looks for changes: the platform's page and his own feed
    client.force_login(bob)
    assert "Maybe about AI" in client.get(reverse("watch:platform", args=["linkedin"])).content.decode()
    feed = ElementTree.fromstring(client.get(reverse("watch:person_feed",
                                                     args=[feed_for(bob, create=True).token])).content)
    assert any(UNSURE in (entry.findtext(f"{ATOM}summary") or "") for entry in feed.iter(f"{ATOM}entry"))


def test_a_sure_change_reaches_everyone(watched, web_fixture, alice, bob, django_capture_on_commit_callbacks):
    _done(alice)
    bobs = _done(bob)
    set_policy_news(bob, "sure")
    _checks(web_fixture, django_capture_on_commit_callbacks, PARAGRAPHS, [*PARAGRAPHS, SURE])
    assert watched.latest.ai_sure
    assert sorted(n.owner.email for n in Notification.objects.all()) == [alice.email, bob.email]
    assert Action.objects.get(pk=bobs.pk).status == Status.NEEDS_RECHECK
    assert set(Alert.objects.values_list("told", flat=True)) == {True}


def test_the_undoing_of_a_change_they_were_told_of_is_told_however_sure(watched, web_fixture, bob,
                                                                          django_capture_on_commit_callbacks):
    """Bob heard of every change when the page added a sentence, then asked for sure ones only; the page dropped
    the sentence again (A, B, A). He is told that the change he heard of is undone, though optout is not sure of the
    page back; a change he was not told of is not undone to him."""
    _done(bob)
    _checks(web_fixture, django_capture_on_commit_callbacks, PARAGRAPHS, [*PARAGRAPHS, UNSURE])
    assert Notification.objects.filter(owner=bob).count() == 1
    set_policy_news(bob, "sure")
    _checks(web_fixture, django_capture_on_commit_callbacks, PARAGRAPHS)
    back = watched.latest
    assert back.returns_to is not None and back.ai_relevant and not back.ai_sure
    assert Notification.objects.filter(owner=bob).count() == 2
    assert "the change of" in Notification.objects.filter(owner=bob).order_by("-id").first().text
    # he chose sure changes only already: the e-mail does not tell him to choose so
    assert "To be told only of the changes" not in mail.outbox[-1].body

    _checks(web_fixture, django_capture_on_commit_callbacks, [*PARAGRAPHS, UNSURE, OTHER], [*PARAGRAPHS, UNSURE])
    undone, added = list(watched.versions.order_by("-created_at", "-id"))[:2]
    assert all(v.ai_relevant and not v.ai_sure for v in (added, undone)) and undone.returns_to is not None
    assert Alert.objects.filter(owner=bob, version__in=[added, undone], told=False).count() == 2
    assert Notification.objects.filter(owner=bob).count() == 2, "neither that change nor its undoing was told"


def test_the_end_of_a_switching_they_were_not_told_of_is_not_told(watched, web_fixture, alice, bob,
                                                                   django_capture_on_commit_callbacks):
    """A page switching between two texts of a change optout is not sure of: Alice hears of every change, so she is
    told it keeps switching and, when it stopped, which text it kept; Bob asked for sure changes only, and hears of
    neither."""
    import datetime as dt

    from django.utils import timezone

    from optout.watch.services.versions import REPEATS_WITHIN
    from optout.watch.tests.test_alert_people import _checked

    make_plan(alice, "EU", ["linkedin"])
    make_plan(bob, "EU", ["linkedin"])
    set_policy_news(bob, "sure")
    start, day = timezone.now() - 60 * dt.timedelta(days=1), dt.timedelta(days=1)
    for number, paragraphs in enumerate([PARAGRAPHS, [*PARAGRAPHS, UNSURE]] * 2 + [PARAGRAPHS]):
        _checked(web_fixture, django_capture_on_commit_callbacks, [paragraphs], when=start + number * day)
    *_, switching, last = watched.versions.order_by("created_at", "id")
    assert switching.repeats is not None and not switching.ai_sure and last.quiet
    _checked(web_fixture, django_capture_on_commit_callbacks, [PARAGRAPHS], when=last.created_at + REPEATS_WITHIN + day)
    assert "has stopped switching" in Notification.objects.filter(owner=alice).latest("created_at").text
    assert not Notification.objects.filter(owner=bob).exists()


def test_the_email_of_an_unsure_change_says_where_to_choose_sure_ones_only(watched, web_fixture, alice,
                                                                            django_capture_on_commit_callbacks):
    from django.conf import settings

    _done(alice)
    _checks(web_fixture, django_capture_on_commit_callbacks, PARAGRAPHS, [*PARAGRAPHS, UNSURE], [*PARAGRAPHS, SURE])
    unsure, sure = mail.outbox
    where = f"{settings.SITE_URL}{reverse('accounts:settings')}#notifications"
    assert (f"To be told only of the changes optout is sure are about AI, choose so in your settings: {where}"
            in unsure.body)
    html = unsure.alternatives[0][0]
    assert f'<a href="{where}">Be told only of the changes optout is sure are about AI</a>' in html
    assert "To be told only of the changes" not in sure.body, "a sure change needs no such advice"
    assert "Be told only of the changes" not in sure.alternatives[0][0]
