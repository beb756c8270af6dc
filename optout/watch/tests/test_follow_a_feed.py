"""A feed entry tells a feed reader what the version's page and the alert tell: how far optout can vouch for
the change, and the words of the platform's page as text, never as markup."""

import datetime as dt
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from optout.watch.services.versions import store_version
from optout.watch.tests.documents import only_linkedin_privacy
from optout.watch.tests.test_check_documents import PARAGRAPHS
from optout.watch.tests.test_see_a_language_switch import ENGLISH, FRENCH

ATOM = "{http://www.w3.org/2005/Atom}"
T0 = dt.datetime(2026, 12, 1, 14, 2, tzinfo=dt.UTC)
AI = "We may use your posts, profile and other content to train the generative AI models that power our features."


@pytest.fixture
def document(db):
    return only_linkedin_privacy("https://example.org/privacy")


def versions(document, *texts):
    previous = None
    for index, text in enumerate(texts):
        previous = store_version(document, text, f"{index:064d}", T0 + dt.timedelta(days=index), source="fetch",
                                 previous=previous)
    return previous


def entry(client):
    """The title and the summary's HTML (as a feed reader reads it) of the newest entry of LinkedIn's feed."""
    feed = ElementTree.fromstring(client.get(reverse("watch:platform_feed", args=["linkedin"])).content)
    newest = feed.find(f"{ATOM}entry")
    summary = newest.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    return newest.find(f"{ATOM}title").text, summary.text


def test_a_page_that_kept_little_of_its_text_says_it_may_be_an_error_page(client, document):
    latest = versions(document, "\n\n".join([*PARAGRAPHS, AI]), "Sign in to continue.\n\nPrivacy Policy")
    assert latest.drastic and latest.ai_relevant
    title, summary = entry(client)
    assert title == "Maybe AI-relevant change: LinkedIn: Privacy Policy"
    # what optout read this time, not "LinkedIn removed from its Privacy Policy …", a fact the page may not bear out
    assert summary.startswith("As optout read LinkedIn’s Privacy Policy this time, a sentence about AI training is "
                              "missing from it:")
    assert "it may be an error page, a login wall or a cut-down page that stayed up" in summary


def test_a_page_in_another_language_says_it_was_not_judged(client, document):
    latest = versions(document, "\n\n".join(FRENCH * 3), "\n\n".join(ENGLISH * 3))
    assert latest.languages == "fr en"
    title, summary = entry(client)
    assert title == "Change in another language, not judged: LinkedIn: Privacy Policy"
    assert summary.startswith("The page changed language (French → English).")


def test_an_unsure_and_a_sure_change_carry_the_alerts_advice(client, document):
    latest = versions(document, "\n\n".join(PARAGRAPHS), "\n\n".join([*PARAGRAPHS, AI]))
    assert latest.ai_sure
    assert entry(client)[1].endswith("Check your opt-out still holds.")
    latest.ai_sure = False
    latest.save()
    assert entry(client)[1].endswith("optout cannot tell for sure whether this is about AI: read what changed before "
                                     "you act.")


def test_markup_quoted_from_a_page_reaches_the_reader_as_text(client, document):
    hostile = "<a href='https://evil.example/login'>Sign in</a> <img src=x onerror=alert(1)>: " + AI
    versions(document, "\n\n".join(PARAGRAPHS), "\n\n".join([*PARAGRAPHS, hostile]))
    _, summary = entry(client)
    assert "<a " not in summary and "<img" not in summary
    # an HTML tag the page left in its text is dropped from the quote (its words stay); other markup shows as text
    assert "“Sign in &lt;img src=x" in summary and "evil.example" not in summary


def test_a_page_in_a_language_optout_does_not_judge_says_so(client, document):
    latest = versions(document, "\n\n".join(FRENCH * 3), "\n\n".join(FRENCH * 3 + ["Nous pouvons utiliser vos "
                                                                                   "publications pour entraîner l’IA."]))
    latest.languages = "fr fr"  # what the judgement records of a change within a French page
    latest.save()
    title, summary = entry(client)
    assert title == "Change not judged (French): LinkedIn: Privacy Policy"
    assert summary.startswith("This page is in French. optout judges changes about AI only in English text")
    page = client.get(latest.get_absolute_url()).content.decode()
    assert "This page is in French." in page and 'class="diff side"' not in page  # one language: read inline


def test_both_feeds_are_valid_atom_every_entry_dated_by_its_version(client, document, alice):
    """RFC 4287 requires atom:id, atom:title and atom:updated in the feed and in each entry: without
    <updated>, strict readers drop the entries or the whole feed."""
    from conftest import make_plan
    from optout.plans.services.feeds import feed_for

    make_plan(alice, "EU", ["linkedin"])
    versions(document, "\n\n".join(PARAGRAPHS), "\n\n".join([*PARAGRAPHS, AI]),
             "\n\n".join([*PARAGRAPHS, AI, "We keep your data for 30 days."]))
    addresses = [reverse("watch:platform_feed", args=["linkedin"]),
                 reverse("watch:person_feed", args=[feed_for(alice, create=True).token])]
    for address in addresses:
        feed = ElementTree.fromstring(client.get(address).content)
        assert all(feed.find(f"{ATOM}{name}") is not None for name in ("id", "title", "updated"))
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 2
        for entry, day in zip(entries, (2, 1), strict=True):
            assert entry.find(f"{ATOM}id").text and entry.find(f"{ATOM}title").text
            updated = dt.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
            assert updated == T0 + dt.timedelta(days=day) == dt.datetime.fromisoformat(entry.find(f"{ATOM}published").text)
        assert dt.datetime.fromisoformat(feed.find(f"{ATOM}updated").text) == T0 + dt.timedelta(days=2)


def test_a_persons_feed_says_which_of_their_platforms_it_cannot_show_changes_of(client, document, alice,
                                                                                unwatched_platforms):
    """An empty feed reads as "no change": for a platform optout does not watch (the platform's own feed is a
    404), or a page it has not read for days (the people who use it are told), it is no news at all."""
    from django.utils import timezone

    from conftest import make_plan
    from optout.accounts.services import set_language
    from optout.lib.dates import format_date
    from optout.plans.services.feeds import feed_for
    from optout.watch.models import WatchedDocument

    make_plan(alice, "EU", ["linkedin", "capcut"])
    address = reverse("watch:person_feed", args=[feed_for(alice, create=True).token])
    feed = ElementTree.fromstring(client.get(address).content)
    assert feed.find(f"{ATOM}subtitle").text == ("optout does not watch the policies of CapCut: no change to them will "
                                                 "show here.")
    make_plan(alice, "EU", ["linkedin", "capcut", "alamy"])
    since = timezone.now() - dt.timedelta(days=4)  # failing for longer than people are told after (3 days)
    WatchedDocument.objects.filter(pk=document.pk).update(failing_since=since, last_checked_at=timezone.now(),
                                                          last_error="x")
    subtitle = ElementTree.fromstring(client.get(address).content).find(f"{ATOM}subtitle").text
    assert subtitle == ("optout does not watch the policies of these platforms: Alamy, CapCut. No change to them will "
                        f"show here. optout has not been able to read LinkedIn’s Privacy Policy (since "
                        f"{format_date(since)}), so a change to it would not show here.")
    set_language(alice, "de")
    subtitle = ElementTree.fromstring(client.get(address).content).find(f"{ATOM}subtitle").text
    assert subtitle.startswith("optout beobachtet die Richtlinien dieser Plattformen nicht: Alamy, CapCut.")
    make_plan(alice, "EU", ["reddit"])  # all watched and read: nothing to say
    assert ElementTree.fromstring(client.get(address).content).find(f"{ATOM}subtitle") is None
