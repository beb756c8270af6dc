"""A flagged change says how sure optout is: a high score reads as "optout judges this change to be
about AI"; a low one still alerts (a missed change costs people their work) but says plainly that
optout cannot tell for sure, on the version page, in the lists and in the alert, in the person's language."""

import pytest
from django.core import mail
from django.urls import reverse

from conftest import make_plan
from optout.accounts.models import Profile
from optout.notify.models import Notification
from optout.plans.models import Action, Status
from optout.plans.services import set_status
from optout.watch import services
from optout.watch.services.alerts import summary
from optout.watch.tests.documents import only_linkedin_privacy
from optout.watch.tests.test_check_documents import PARAGRAPHS, page

SURE = "We may use your posts, profile and other content to train the generative AI models that power our features."
UNSURE = "Our assistant can answer questions about your account using AI."


@pytest.fixture
def watched(db, web_fixture):
    return only_linkedin_privacy(web_fixture.url("/privacy"))


def _change(web_fixture, sentence, capture):
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False)
    web_fixture.route("/privacy", page([*PARAGRAPHS, sentence]))
    with capture(execute=True):
        services.run(sync=False)


def test_a_change_optout_is_sure_of_reads_as_its_judgement(watched, web_fixture, alice, client,
                                                           django_capture_on_commit_callbacks):
    make_plan(alice, "EU", ["linkedin"])
    _change(web_fixture, SURE, django_capture_on_commit_callbacks)
    version = watched.latest
    assert version.ai_relevant and version.ai_sure
    assert Notification.objects.get(owner=alice).text.endswith("Check your opt-out still holds.")
    assert mail.outbox[-1].subject.startswith("optout: LinkedIn added to its Privacy Policy, about AI training")
    html = client.get(reverse("watch:version", args=[version.id])).content.decode()
    assert "optout judges this change to be about AI" in html and "cannot tell for sure" not in html
    listing = client.get(reverse("watch:platform", args=["linkedin"])).content.decode()
    assert "About AI" in listing and "Maybe about AI" not in listing


def test_a_change_optout_is_unsure_of_still_alerts_and_says_it_cannot_tell(watched, web_fixture, alice, client,
                                                                           django_capture_on_commit_callbacks):
    done = make_plan(alice, "EU", ["linkedin"])[0]
    set_status(done, Status.DONE)
    _change(web_fixture, UNSURE, django_capture_on_commit_callbacks)
    version = watched.latest
    assert version.ai_relevant and not version.ai_sure
    text = Notification.objects.get(owner=alice).text
    assert UNSURE in text and text.endswith(
        "optout cannot tell for sure whether this is about AI: read what changed before you act.")
    assert Action.objects.get(pk=done.pk).status == Status.NEEDS_RECHECK, "recall first: the step is still re-checked"
    # a subject is often all that is read: it says so too
    assert mail.outbox[-1].subject.startswith("optout: Maybe about AI: LinkedIn added to its Privacy Policy")  # the badge's words
    html = client.get(reverse("watch:version", args=[version.id])).content.decode()
    assert "This change may be about AI: optout cannot tell for sure" in html
    assert "optout judges this change to be about AI" not in html
    listing = client.get(reverse("watch:platform", args=["linkedin"])).content.decode()
    assert "Maybe about AI" in listing


def test_the_alert_says_how_sure_optout_is_in_the_persons_language(watched, web_fixture, alice,
                                                                   django_capture_on_commit_callbacks):
    make_plan(alice, "EU", ["linkedin"])
    Profile.objects.update_or_create(owner=alice, defaults={"language": "de"})
    _change(web_fixture, UNSURE, django_capture_on_commit_callbacks)
    assert Notification.objects.get(owner=alice).text.endswith(
        "optout kann nicht sicher sagen, ob dies KI betrifft: Lesen Sie, was sich geändert hat, bevor Sie handeln.")


def test_the_alert_counts_the_other_ai_sentences_in_good_grammar(watched, web_fixture, alice,
                                                                 django_capture_on_commit_callbacks):
    make_plan(alice, "EU", ["linkedin"])
    Profile.objects.update_or_create(owner=alice, defaults={"language": "pl"})
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False)
    more = "You can turn this off under Settings > Data privacy > Data for Generative AI Improvement."
    web_fixture.route("/privacy", page([*PARAGRAPHS, SURE, more]))
    with django_capture_on_commit_callbacks(execute=True):
        services.run(sync=False)
    assert "(i jeszcze 1 zdanie o AI)" in Notification.objects.get(owner=alice).text
    assert summary(watched.latest).endswith("(and 1 more sentence about AI)")
