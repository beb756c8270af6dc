"""Alerts come from durable state: a crash between storing an AI-relevant version and telling people
is repaired by the next run, which tells each person exactly once."""

import re
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from typer.testing import CliRunner

from conftest import make_plan
from optout.catalog.models import PolicyChange
from optout.cli import build_app
from optout.lib.dates import format_date, format_datetime
from optout.notify.models import Notification
from optout.plans.models import Action, Status
from optout.plans.services import set_status
from optout.watch import services
from optout.watch.models import Alert
from optout.watch.services import alerts
from optout.watch.tests.documents import only_linkedin_privacy
from optout.watch.tests.test_check_documents import PARAGRAPHS, page
from optout.watch.tests.test_follow_a_feed import ATOM

AI = "We may use your posts, profile and other content to train the generative AI models that power our features."


@pytest.fixture
def watched(db, web_fixture):
    return only_linkedin_privacy(web_fixture.url("/privacy"))


def test_a_crash_after_the_version_is_stored_is_alerted_exactly_once_by_the_next_run(
        watched, web_fixture, alice, bob, monkeypatch, django_capture_on_commit_callbacks):
    done = make_plan(alice, "EU", ["linkedin"])[0]
    set_status(done, Status.DONE)
    make_plan(bob, "EU", ["reddit"])
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False)
    web_fixture.route("/privacy", page([*PARAGRAPHS, AI]))

    def killed(alert):
        raise SystemExit("the worker was killed")

    monkeypatch.setattr(alerts, "_tell", killed)
    with pytest.raises(SystemExit), django_capture_on_commit_callbacks(execute=True):
        services.run(sync=False)
    version = watched.latest
    assert version.ai_relevant
    assert list(Alert.objects.values_list("owner__email", "delivered_at")) == [("alice@example.org", None)]
    assert not Notification.objects.exists() and not mail.outbox
    assert Action.objects.get(pk=done.pk).status == Status.DONE

    monkeypatch.undo()
    for _ in range(2):  # the restarted worker runs twice: the second run must not tell anyone again
        with django_capture_on_commit_callbacks(execute=True):
            assert services.run(sync=False) == {"same-body": 1}
    assert [(n.owner.email, n.url) for n in Notification.objects.all()] == [("alice@example.org", version.get_absolute_url())]
    # The alert says in one sentence what changed about AI use, quoting the sentence.
    assert Notification.objects.get().text == (
        f"LinkedIn added to its Privacy Policy, about AI training: “{AI}” Check your opt-out still holds.")
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert "optout judges this automatically and is sometimes wrong" in mail.outbox[0].body, "no verdict without its caveat"
    assert Action.objects.get(pk=done.pk).status == Status.NEEDS_RECHECK
    assert Alert.objects.get().delivered_at is not None
    # the step's history links the change's page (it showed a bare "/watch/versions/2/")
    from django.test import Client

    reader = Client()
    reader.force_login(alice)
    html = reader.get(done.get_absolute_url()).content.decode()
    assert f'href="{settings.SITE_URL}{version.get_absolute_url()}"' in html


def test_a_failed_delivery_stays_pending_and_nothing_half_done_remains(watched, web_fixture, alice, monkeypatch):
    done = make_plan(alice, "EU", ["linkedin"])[0]
    set_status(done, Status.DONE)
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False)
    web_fixture.route("/privacy", page([*PARAGRAPHS, AI]))
    services.run(sync=False)  # on_commit does not fire inside the test's transaction: the alert waits, as after a crash

    def broken_notify(owner, text, url="", **options):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(alerts, "notify", broken_notify)
    with pytest.raises(RuntimeError):
        services.deliver_alerts()
    # The step reopened inside the failed delivery was rolled back with it.
    assert Action.objects.get(pk=done.pk).status == Status.DONE
    assert Alert.objects.get().delivered_at is None
    monkeypatch.undo()
    assert services.deliver_alerts() == 1
    assert services.deliver_alerts() == 0
    assert Notification.objects.count() == 1 and Action.objects.get(pk=done.pk).status == Status.NEEDS_RECHECK


def test_a_page_that_flips_back_says_the_change_before_is_undone(watched, web_fixture, alice, client,
                                                                  django_capture_on_commit_callbacks):
    """A review: a page that went A, B, A (one sentence added and dropped, as under a test of two variants) sent
    two alerts, "added", "removed", with nothing saying the page had that text before. Each is still told (a platform
    taking back a change matters to whoever acted on it), saying so."""
    make_plan(alice, "EU", ["linkedin"])
    for paragraphs in (PARAGRAPHS, [*PARAGRAPHS, AI], PARAGRAPHS):
        web_fixture.route("/privacy", page(paragraphs))
        with django_capture_on_commit_callbacks(execute=True):
            services.run(sync=False)
    first, added, back = watched.versions.order_by("created_at", "id")
    assert (added.returns_to, back.returns_to) == (None, first)
    told = [notification.text for notification in Notification.objects.order_by("created_at", "id")]
    assert len(told) == 2 and "is back to its text" not in told[0]
    # hours apart, told apart by their times (as people read them, in their time zone): "its text of 6 December: the
    # change of 6 December"
    back_to, undone = format_datetime(first.shown_at), format_datetime(added.shown_at)
    assert f"The page is back to its text of {back_to}: the change of {undone} is undone." in told[1], told[1]
    shown = " ".join(client.get(back.get_absolute_url()).content.decode().split())
    assert f"The page is back to its text of {back_to}: the change of {undone} is undone." in shown
    # said first, in the e-mail's subject too: "LinkedIn removed from its Privacy Policy …" read as news
    assert told[1].startswith("Undone: LinkedIn removed from its Privacy Policy")
    assert "Undone: LinkedIn removed" in mail.outbox[-1].subject


OTHER = "We may also use your messages to train the AI models that suggest replies to you."


def _checked(web_fixture, django_capture_on_commit_callbacks, texts, when=None):
    for paragraphs in texts:
        web_fixture.route("/privacy", page(paragraphs))
        with django_capture_on_commit_callbacks(execute=True):
            services.run(sync=False, now=when)


def test_a_page_that_keeps_switching_alerts_once_that_it_does_then_nobody_while_it_goes_on(
        watched, web_fixture, alice, client, django_capture_on_commit_callbacks):
    """The Open Terms Archive histories: a page that switches between two texts (a test of two variants, regions
    served their own) made the same AI change again and again, an alert each time (Spotify's privacy policy 28
    times). The first repeat alerts that the page keeps switching; the repeats after it between the same two texts
    alert nobody and say so where they are listed. A change the page has not made before still alerts, and switching
    between two other texts is told once in its turn: people's last alert may say either text is the page's."""
    make_plan(alice, "EU", ["linkedin"])
    a, b, c = PARAGRAPHS, [*PARAGRAPHS, AI], [*PARAGRAPHS, AI, OTHER]
    _checked(web_fixture, django_capture_on_commit_callbacks, [a, b, a, b, a, b, c, b, c, b])
    versions = list(watched.versions.order_by("created_at", "id"))
    first, added, back, again, back_again, added_again, new, new_back, new_again, new_back_again = versions
    assert [v.repeats for v in versions] == [None, None, None, added, back, again, None, None, new, new_back]
    assert [v.quiet for v in versions] == [False] * 4 + [True, True] + [False] * 3 + [True]
    assert [alert.version for alert in Alert.objects.order_by("id")] == [added, back, again, new, new_back, new_again]
    told = [notification.text for notification in Notification.objects.order_by("created_at", "id")]
    assert told[2].startswith(f"LinkedIn added to its Privacy Policy, about AI training: “{AI}”"), told[2]
    assert (f"This page keeps switching between this text and the one before it: it made this same change on "
            f"{format_date(added.shown_at)} too, so optout cannot tell which will stay. While it keeps switching "
            "between the two, optout will not alert you again;") in told[2]
    assert "is back to its text" not in told[2], "the switching is told instead of the flip back"
    assert OTHER in told[3] and "switching" not in told[3]
    assert f"The page is back to its text of {format_date(added_again.shown_at)}" in told[4]
    assert OTHER in told[5] and f"it made this same change on {format_date(new.shown_at)} too" in told[5]

    # Nobody was alerted of the quiet ones: their page, the list of changes and the command say why.
    quiet = ("optout alerted nobody this time: this page keeps switching between this text and the one before it (it "
             f"made this same change on {format_date(again.shown_at)}), and people were told so when it began.")
    shown = " ".join(client.get(added_again.get_absolute_url()).content.decode().split())
    assert quiet in shown
    feed = ElementTree.fromstring(client.get(reverse("watch:platform_feed", args=["linkedin"])).content)
    entries = {entry.find(f"{ATOM}link").get("href"): " ".join(entry.findtext(f"{ATOM}summary").split())
               for entry in feed.iter(f"{ATOM}entry")}
    assert quiet in entries[f"http://testserver{added_again.get_absolute_url()}"]
    assert "alerted nobody" not in entries[f"http://testserver{again.get_absolute_url()}"]
    listed = " ".join(CliRunner().invoke(build_app(), ["watch", "changes"], env={"COLUMNS": "200"}).output.split())
    assert quiet in listed
    history = " ".join(client.get(reverse("watch:platform", args=["linkedin"])).content.decode().split())
    assert (history.count("nobody alerted: the page keeps switching"), history.count("the page keeps switching"),
            history.count("back to an earlier text")) == (3, 5, 2)

    # Steps were marked when the page changed, and when it began switching, not each time it switched since.
    assert (sorted(PolicyChange.objects.values_list("changed_at", flat=True))
            == sorted(v.created_at for v in (added, back, again, new, new_back, new_again)))


def test_a_change_made_again_after_the_page_stopped_switching_alerts_as_news(
        watched, web_fixture, alice, django_capture_on_commit_callbacks):
    """Out of the window of `REPEATS_WITHIN`, a change made again is the platform's news, not the page switching: the
    clause it dropped a month and more ago is back, and whoever read that it was gone must know."""
    from django.utils import timezone

    from optout.watch.services.versions import REPEATS_WITHIN

    make_plan(alice, "EU", ["linkedin"])
    start = timezone.now() - REPEATS_WITHIN - timezone.timedelta(days=5)
    _checked(web_fixture, django_capture_on_commit_callbacks, [PARAGRAPHS, [*PARAGRAPHS, AI]], when=start)
    _checked(web_fixture, django_capture_on_commit_callbacks, [PARAGRAPHS], when=start + timezone.timedelta(days=1))
    _checked(web_fixture, django_capture_on_commit_callbacks, [[*PARAGRAPHS, AI]])
    latest = watched.latest
    assert latest.repeats is None and not latest.quiet and latest.alerts.count() == 1
    told = Notification.objects.order_by("-created_at", "-id").first().text
    assert "switching" not in told and "The page is back to its text of" in told


def test_a_repeat_of_a_change_nobody_was_told_of_alerts(watched, web_fixture, alice, django_capture_on_commit_callbacks):
    """Only a change people were told of makes its repeat quiet: one judged no AI change then (or read from history)
    is told now."""
    make_plan(alice, "EU", ["linkedin"])
    _checked(web_fixture, django_capture_on_commit_callbacks, [PARAGRAPHS, [*PARAGRAPHS, AI], PARAGRAPHS])
    watched.versions.filter(text__contains="generative AI").update(ai_relevant=False, ai_sure=False)
    _checked(web_fixture, django_capture_on_commit_callbacks, [[*PARAGRAPHS, AI], PARAGRAPHS])
    *_, again, back_again = watched.versions.order_by("created_at", "id")
    assert again.repeats is None and again.alerts.count() == 1
    assert back_again.repeats is not None and not back_again.quiet and back_again.alerts.count() == 1


def test_a_reworded_sentence_is_quoted_before_and_after(watched, web_fixture, alice, django_capture_on_commit_callbacks,
                                                        client):
    make_plan(alice, "EU", ["linkedin"])
    before = "We do not use your posts to train AI models, and you can opt out in your settings."
    after = "We use your posts to train AI models, and you can opt out in your settings."
    web_fixture.route("/privacy", page([*PARAGRAPHS, before]))
    services.run(sync=False)
    web_fixture.route("/privacy", page([*PARAGRAPHS, after]))
    with django_capture_on_commit_callbacks(execute=True):
        services.run(sync=False)
    assert Notification.objects.get().text == (
        f"LinkedIn reworded its Privacy Policy about opting out of AI: it now says “{after}” (before: “{before}”) "
        "Check your opt-out still holds.")
    version = watched.latest
    shown = " ".join(client.get(version.get_absolute_url()).content.decode().split())
    assert (f'<strong>Reworded:</strong> <span lang="en">{after}</span> <span class="meta">(before: <span lang="en">'
            f'{before}</span>)</span>') in shown
    german = " ".join(client.get(version.get_absolute_url(), headers={"accept-language": "de"}).content.decode().split())
    assert (f'<strong>Umformuliert:</strong> <span lang="en">{after}</span> <span class="meta">(vorher: <span lang="en">'
            f'{before}</span>)</span>') in german


def test_a_long_alert_shortens_its_quotes_and_keeps_its_caveat(watched, web_fixture, alice,
                                                                django_capture_on_commit_callbacks):
    """In the app and on channels a notification holds 500 characters. Two long quotes and a caveat in
    German do not fit: the quotes are shortened, never the sentence telling people optout is unsure."""
    from optout.accounts.services import set_language

    make_plan(alice, "EU", ["linkedin"])
    set_language(alice, "de")
    before = ("We may use information about how you use our services, including the features you use and the settings "
              "you choose, to develop and improve machine learning models that help us personalise your experience.")
    after = before.replace("the features you use and", "the features you use, the content you post and")
    web_fixture.route("/privacy", page([*PARAGRAPHS, before]))
    services.run(sync=False)
    web_fixture.route("/privacy", page([*PARAGRAPHS, after]))
    with django_capture_on_commit_callbacks(execute=True):
        services.run(sync=False)
    version = watched.latest
    assert version.ai_relevant and not version.ai_sure
    text = Notification.objects.get().text
    assert len(text) <= 500 and text.startswith(
        "LinkedIn hat im Dokument Privacy Policy einen Satz über KI-Training umformuliert: Jetzt heißt es „… including "
        "the features you use, the content you post and the settings you choose, to develop and improve machine")
    assert text.endswith("Lesen Sie, was sich geändert hat, bevor Sie handeln.")
    assert "…" in text  # the quotes, shortened between words
    assert after[:60] in " ".join(mail.outbox[0].body.split())  # the e-mail has room for all of it
    from django.utils import translation

    from optout.watch.services.alerts import summary

    with translation.override("de"):  # … its quotes at full length too: they were the notification's, cut to fit it
        whole = summary(version)
    assert "„We may use information about how you use our services" in whole and whole not in text
    assert whole in " ".join(mail.outbox[0].body.split())


def test_an_alert_does_not_count_sentences_it_did_not_keep(watched, web_fixture, alice, django_capture_on_commit_callbacks):
    """A change keeps its first ten AI sentences as reasons; with more, the alert says "more", not a number."""
    make_plan(alice, "EU", ["linkedin"])
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False)
    added = [f"We may use your posts about topic {n} to train the generative AI models that power feature {n}."
             for n in range(12)]
    web_fixture.route("/privacy", page([*PARAGRAPHS, *added]))
    with django_capture_on_commit_callbacks(execute=True):
        services.run(sync=False)
    assert len(watched.latest.reasons) == 10
    text = Notification.objects.get().text
    assert "(and more sentences about AI)" in text and "9 more" not in text


def test_a_change_at_the_end_of_a_long_sentence_is_quoted_where_it_changed(watched, web_fixture, alice,
                                                                            django_capture_on_commit_callbacks):
    """Cut from its start, a long reworded sentence quoted the same opening twice: the alert must show the words
    that changed."""
    make_plan(alice, "EU", ["linkedin"])
    before = ("When you use our services, including our apps, websites and features such as search, messaging, groups, "
              "events and marketplace, we may use the content you share publicly, such as posts, photos and comments, "
              "to develop and improve our generative AI models, but only if you opt in.")
    after = before.replace("but only if you opt in", "unless you opt out")
    web_fixture.route("/privacy", page([*PARAGRAPHS, before]))
    services.run(sync=False)
    web_fixture.route("/privacy", page([*PARAGRAPHS, after]))
    with django_capture_on_commit_callbacks(execute=True):
        services.run(sync=False)
    text = Notification.objects.get().text
    assert "it now says “… we may use the content you share publicly" in text
    assert "generative AI models, unless you opt out.” (before: “… we may use" in text
    assert "generative AI models, but only if you opt in.”)" in text


def test_a_quote_shows_link_labels_and_the_words_about_ai():
    from optout.watch.quotes import quote

    sentence = ("You can find out more in our [Privacy Centre](https://www.example.com/privacy/center/?entry_point=policy"
                "&section=generative_ai_and_your_information&locale=en_GB), and from **27 May** we will use your public "
                "posts to train Meta AI unless you object\\.")
    assert quote(sentence) == ("You can find out more in our Privacy Centre, and from 27 May we will use your public posts "
                               "to train Meta AI unless you object.")
    assert quote(sentence, length=60) == "… your public posts to train Meta AI unless you object."
    hostile = "[" * 50_000 + "](" * 50_000  # no link: read as it is, in linear time
    assert len(quote(hostile)) <= 160


@pytest.mark.parametrize("language", ["en", "de", "es", "fr", "it", "nl", "pl", "pt"])
def test_the_caveat_fits_even_when_no_quote_does(db, alice, django_capture_on_commit_callbacks, language):
    """The longest platform and document names, a page that kept little of its text: in every language the
    quotes go, shorter and then altogether, before any of the caveat does."""
    from django.utils import translation

    from optout.accounts.services import set_language
    from optout.watch.models import WatchedDocument
    from optout.watch.services.versions import store_version

    make_plan(alice, "EU", ["archive-of-our-own"])
    set_language(alice, language)
    services.sync_documents()
    document = WatchedDocument.objects.get(platform="archive-of-our-own", doc_id="ai-and-data-scraping")
    sentence = ("We may use the works you post publicly, such as stories, comments and tags, to develop and improve our "
                "generative AI models, but only if you opt in to this in your preferences.")
    first = store_version(document, "\n\n".join([*PARAGRAPHS, sentence]), "1" * 64, alerts.timezone.now(),
                          source="fetch", previous=None)
    with django_capture_on_commit_callbacks(execute=True):
        latest = store_version(document, sentence.replace("opt in to this", "opt out of this"), "2" * 64,
                               alerts.timezone.now(), source="fetch", previous=first)
        alerts.deliver_alerts(latest)
    assert latest.drastic and latest.ai_relevant
    text = Notification.objects.get().text
    with translation.override(language):
        caveat = alerts.advice(latest)
    print(len(text), text)
    assert len(text) <= 500 and text.endswith(caveat), text


def test_the_email_says_steps_were_marked_only_when_some_were(watched, web_fixture, alice, bob,
                                                              django_capture_on_commit_callbacks):
    """Alice finished her LinkedIn step, Bob has not: only Alice's e-mail says her steps are marked for a
    re-check, and her step's history keeps the alert's caveat."""
    for person in (alice, bob):
        make_plan(person, "EU", ["linkedin"])
    step = Action.objects.filter(owner=alice, platform="linkedin").first()
    set_status(step, Status.DONE)
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False)
    ai = "Information about the features you use helps us build machine learning models for new features."
    web_fixture.route("/privacy", page([*PARAGRAPHS, ai]))
    with django_capture_on_commit_callbacks(execute=True):
        services.run(sync=False)
    assert not watched.latest.ai_sure
    bodies = {message.to[0]: " ".join(message.body.split()) for message in mail.outbox}
    assert "Your steps on this platform are marked for a re-check." in bodies["alice@example.org"]
    assert "This change may affect your opt-out." in bodies["bob@example.org"]
    assert "marked for a re-check" not in bodies["bob@example.org"]
    event = Action.objects.get(pk=step.pk).events.last().text
    assert "optout cannot tell for sure whether this is about AI" in event


def test_a_sentence_changed_at_both_ends_is_quoted_in_parts_and_between_words():
    from optout.watch.quotes import quote

    before = ("We may use the content you share publicly, such as posts, photos, comments and reactions on our services "
              "and apps, to develop and improve our generative artificial intelligence models, unless you object in your "
              "settings.")
    after = before.replace("We may", "Our partners may").replace("unless you object in your settings", "and you cannot "
                                                                                                       "object")
    assert quote(after, before) == ("Our partners may use the … artificial intelligence models, and you cannot object.")
    assert quote(before, after) == ("We may use the … artificial intelligence models, unless you object in your "
                                    "settings.")
    for length in range(40, 200, 7):  # any room: never cut inside a word
        for shown in (quote(after, before, length), quote(before, after, length)):
            assert len(shown) <= length + 2
            assert all(word in after.split() or word in before.split() or word == "…" for word in shown.split())


def test_a_quote_never_cuts_away_the_words_that_turn_a_promise_round():
    """Zoom's 2023 terms: quoted around its AI words alone, "Zoom does not use … to train" read "… to train Zoom
    or third-party artificial intelligence models" — a promise shown as a permission."""
    from optout.watch.quotes import quote

    added = ("Zoom does not use any of your audio, video, chat, screen sharing, attachments or other communications-like "
             "Customer Content (such as poll results, whiteboard and reactions) to train Zoom or third-party artificial "
             "intelligence models.")
    assert quote(added) == ("Zoom does not use any of … Customer Content (such as poll results, whiteboard and "
                            "reactions) to train Zoom or third-party artificial intelligence models.")
    objection = ("If you do not opt out, we may use your public posts, your replies, your likes and the information about "
                 "the accounts you follow and interact with to train our machine learning and artificial intelligence "
                 "models.")
    assert quote(objection).startswith("If you do not opt out, we may ")
    for length in range(60, 240, 9):
        for sentence, turn in ((added, "does not use"), (objection, "do not opt out")):
            shown = quote(sentence, length=length)
            assert len(shown) <= length + 2 and turn in shown, (length, shown)
            assert all(word in sentence.split() or word == "…" for word in shown.split())

    before = ("When you use our consumer products, including the Claude apps for desktop and mobile, the Claude Code "
              "command line tool, the Chrome browser extension and the integrations that we offer to individual users "
              "on the Free, Pro and Max plans, we will never use your chats, coding sessions, uploaded files or other "
              "content to train our generative models.")
    after = (before.replace("for desktop", "for web, desktop").replace("command line", "terminal")
             .replace("Chrome browser", "Chrome and Edge browser").replace("the integrations", "the connectors")
             .replace("Pro and Max", "Pro, Team and Max").replace("will never use", "will use"))
    assert "we will never use" in quote(before, after) and "we will use" in quote(after, before)

    # A negation of something else before the AI words is not what the quote keeps
    unrelated = ("If you do not have an account with us, we still collect some information about the device and "
                 "browser you use to visit our websites and apps, such as your IP address, and we use the information "
                 "we collect, including your public posts and the photos you upload, to train our AI models.")
    assert quote(unrelated).startswith("… ") and "do not have" not in quote(unrelated)


def test_a_quote_keeps_a_ban_or_condition_over_the_whole_clause_and_a_negation_cut_off_in_a_reworded_sentence():
    """A reviewer's sure alerts: "Under no circumstances … will we … use it to train" quoted from "will we sell",
    ArtStation's "not to use any of Your Content" cut from the wording that now stands, a "None of" and a
    "prohibited" left out: each read as a permission."""
    from optout.watch.quotes import quote

    for sentence, kept in (
        ("Under no circumstances, including a sale, merger, bankruptcy or reorganisation of the company or any of its "
         "affiliates, will we sell your content to third parties or use it to train artificial intelligence models.",
         "Under no circumstances"),
        ("None of the images, videos, drawings, paintings, photographs, sketches or other artwork that you upload to "
         "our Service will be used by us or our partners to train artificial intelligence models.", "None of"),
        ("Neither we nor our service providers, contractors, affiliates, subsidiaries, partners or licensors will use "
         "the images, videos or other content you upload to the Service to train artificial intelligence models.",
         "Neither we"),
        ("Only if you explicitly agree in a separate consent screen shown when you first upload an image or video to "
         "the Service, including any artwork, will we use that content to train our machine learning models.",
         "Only if you"),
        ("When you use the Services, including our apps, our website, our public application programming interfaces "
         "and our data exports, you are prohibited from using any content you find there to train an AI model.",
         "prohibited from"),
        ("When you use the Services, including our apps, our website, our public application programming interfaces "
         "and our data exports, you may not copy, scrape or use any content you find there to train an AI model.",
         "may not copy"),
    ):
        for length in (120, 160, 200):
            shown = quote(sentence, length=length)
            assert kept in shown and len(shown) <= length + 2, (length, shown)
    # a negation of another verb is not kept: the training is not what it denies
    sold = ("We will not sell your personal information to any third party for money, and we will use the content you "
            "post to the Service, including images, to train our generative artificial intelligence models.")
    assert "will not sell" not in quote(sold)

    before = ("Epic agrees, whether or not Your Content is NoAI Content, not to use any of Your Content or to license "
              "any of Your Content to third parties for use in connection with Generative AI Programs.")
    after = ("Epic agrees, whether or not Your Content is NoAI Content, not to use any of Your Content or to license "
             "any of Your Content to third parties for use (a) in datasets utilized by Generative AI Programs, (b) in "
             "the development of Generative AI Programs, or (c) as inputs to Generative AI Programs.")
    assert "not to use any" in quote(after, before) and "not to use any" in quote(before, after)


def test_a_ban_or_condition_of_another_clause_is_not_joined_to_the_ai_words():
    """A second reviewer: "prohibited" from a clause about scrapers joined to "… use the artwork you upload to train"
    read as a ban on what the platform says it may do; "Unless" of a billing clause read as a condition on training."""
    from optout.watch.quotes import quote

    before = ("Companies that develop artificial intelligence models are prohibited from scraping or copying the content "
              "on the site for any purpose, as explained in section 4 of these terms; we may, however, use the artwork "
              "you upload to train our own generative AI models if you live in the United States.")
    after = before.replace("if you live in the United States", "wherever you live")
    for shown in (quote(before, after), quote(after, before)):
        assert "prohibited" not in shown and "we may, however, use the artwork" in shown, shown
    for sentence, other_clause in (
        ("Unless your subscription was bought through an app store, refunds are handled by e-mail to "
         "billing@example.com, and we will use your public artwork to train our generative AI models.", "Unless"),
        ("If you do not want to pay, or to share your card details with our payment provider, you can keep a free "
         "account with fewer features and a smaller upload limit, and we will use your uploads to train our "
         "generative AI models.", "do not want"),
        ("Under no circumstances will refunds be issued for subscription periods that have already started, but we "
         "use your uploaded artwork and photos to train our generative AI models.", "Under no circumstances"),
    ):
        shown = quote(sentence)
        assert other_clause not in shown and "train our generative AI models" in shown, shown
    # items of a list between semicolons, or asides within asides, stay in the clause of the ban over them (Grindr)
    grindr = ("You will NOT use the Grindr Services; any System-Generated Content or User Content submitted by other "
              "Users (see definitions in Section 13 below); or any other data, output, or information received or derived "
              "from the Grindr Services, to directly or indirectly create, develop, customize, train, test, or otherwise "
              "improve any AI Technology.")
    assert "NOT use the Grindr" in quote(grindr)
    regions = ("Only if you are a resident of California do the additional disclosures in Appendix B of this policy "
               "apply to you, and in all regions we use your public posts to train large language models.")
    assert "Only if" not in quote(regions, length=120)
    # a reworded sentence shows what the dropped words governed
    dropped = ("Under no circumstances will refunds be issued for subscription periods that have already started or for "
               "purchases of digital goods in the shop, and we do not use your uploaded artwork and photos to train our "
               "generative AI models.")
    assert "and we use your uploaded artwork" in quote(dropped.replace("do not use", "use"), dropped)


def test_an_alert_names_the_page_so_two_pages_of_one_name_are_told_apart(db):
    """Facebook's users are watched for Facebook's terms and for Meta AI's: "Facebook added to its Terms of
    Service" must not stand for both."""
    from django.utils import translation

    from optout.watch.models import WatchedDocument
    from optout.watch.services.versions import store_version

    services.sync_documents()
    sentence = "We may use your public posts and photos to train the generative AI models that power Meta AI."
    named = {}
    for doc_id in ("meta-ai-terms-of-service", "facebook-terms-of-service"):
        document = WatchedDocument.objects.get(platform="facebook", doc_id=doc_id)
        first = store_version(document, "\n\n".join(PARAGRAPHS), "1" * 64, alerts.timezone.now(), source="import",
                              previous=None)
        latest = store_version(document, "\n\n".join([*PARAGRAPHS, sentence]), "2" * 64, alerts.timezone.now(),
                               source="import", previous=first)
        with translation.override("en"):  # a page a test before asked for in German leaves German active
            named[doc_id] = alerts.summary(latest)
    assert named["meta-ai-terms-of-service"].startswith("Facebook added to its Meta AI Terms of Service, about AI")
    assert named["facebook-terms-of-service"].startswith("Facebook added to its Terms of Service, about AI")
    linkedin = only_linkedin_privacy("https://example.org/privacy")  # one page of its name: no service named
    assert alerts._document_name(linkedin) == "Privacy Policy"


def test_someone_who_stopped_using_the_platform_before_the_alert_went_out_is_not_told(
        watched, web_fixture, alice, bob, django_capture_on_commit_callbacks):
    """The people to tell are written down with the version; delivery comes later (after a crash, much later)."""
    make_plan(alice, "EU", ["linkedin", "reddit"])
    make_plan(bob, "EU", ["linkedin"])
    web_fixture.route("/privacy", page(PARAGRAPHS))
    services.run(sync=False)
    web_fixture.route("/privacy", page([*PARAGRAPHS, AI]))
    services.run(sync=False)  # the delivery waits for the commit, which a test never reaches: pending, as after a crash
    assert Alert.objects.filter(delivered_at__isnull=True).count() == 2
    make_plan(alice, "EU", ["reddit"])  # she removes LinkedIn from her platforms
    assert services.deliver_alerts() == 1
    assert [n.owner for n in Notification.objects.all()] == [bob]
    assert [m.to for m in mail.outbox] == [[bob.email]]
    assert not Alert.objects.filter(delivered_at__isnull=True).exists()  # hers is closed, not tried again
    assert services.deliver_alerts() == 0 and Notification.objects.count() == 1


def test_a_reworded_sentence_shows_a_negation_in_both_quotes_when_one_shows_it():
    """ChatGPT Business: a product added at the start of "… isn't used for training" cut the new quote just before
    "isn't", while the old one kept it: read side by side, the promise seemed dropped."""
    from optout.watch.quotes import quote

    before = ("By default, files from Studio Basic, Studio Plus, Studio Teams, the mobile app and the desktop app (after "
              "1 March 2024) are not used for training our models, unless you have chosen to share them with us.")
    after = before.replace("Studio Basic, Studio Plus,", "Studio Basic, Studio Plus, Studio for Schools,")
    assert "are not used" in quote(before, after)  # fits after the change
    assert "Studio for Schools" in quote(after, before) and "are not used" in quote(after, before)
    for length in range(60, 200, 10):  # in any room: both quotes show it, or neither does
        now, then = quote(after, before, length), quote(before, after, length)
        assert ("are not used" in now) == ("are not used" in then) and max(len(now), len(then)) <= length, (now, then)


def test_a_quote_is_anchored_on_words_about_ai_use_not_on_a_company_name():
    """Le Chat and Claude.ai: "Mistral AI" and "Anthropic" matched as AI words, so the quote opened on the company's
    name and cut "provided that such use shall not include the training" and "or to train our models"."""
    from optout.watch.quotes import about_ai_span, quote

    proviso = ("Such statistics will be used for Acme AI’s business purposes, including research, support, billing, "
               "security reviews and improving the products Acme AI sells to its customers in every region, provided "
               "that such use shall not include the training of Acme AI's models.")
    assert "shall not include the training" in quote(proviso.replace("Acme AI", "Mistral AI"))
    company = ("Anthropic is a global company, and when you use our apps your personal data is sent to our servers in "
               "the United States and to other countries where our suppliers work, for example to answer your messages, "
               "or to train our models.")
    assert "or to train our models" in quote(company)
    named = "You can ask OpenAI’s assistant about the weather."
    assert about_ai_span(named) == (named.index("OpenAI"), named.index("OpenAI") + len("OpenAI"))  # no other AI words


def test_a_ban_on_the_reader_over_a_list_is_kept_before_the_ai_words():
    """IGN: "Except as expressly permitted, you may not (i) modify, … (iii) use … for … machine learning" was quoted
    as "Except as expressly permitted, … machine learning model": a ban read as a permission."""
    from optout.watch.quotes import quote

    ban = ("Except as expressly permitted, you may not (i) copy, publish, sell or otherwise exploit any of the articles, "
           "photos or videos on the site, (ii) use any robot or scraper to collect them, or (iii) use any of them in "
           "connection with the development of any software, including any machine learning model.")
    for length in (120, 160):
        shown = quote(ban, length=length)
        assert "you may not" in shown and "machine learning" in shown and len(shown) <= length, shown


def test_a_sentence_wide_no_and_a_right_denied_stay_in_the_quote():
    """Zora: "No output … constitutes … advice" quoted without "No"; ACDelco: "who do not have an independent right to
    use the AI Assistant Interaction Information" quoted from "to use the AI …"."""
    from optout.watch.quotes import quote

    before = ("No answer, summary, chart, score, ranking, forecast, explanation or other information shown by the "
              "Assistant Features constitutes financial, legal, medical or other professional advice of any kind.")
    after = before.replace("by the Assistant Features", "by the AI and Assistant Features")
    for length in (100, 160):
        assert quote(after, before, length).startswith("No answer"), quote(after, before, length)
    before = ("with our suppliers who work for us and who do not have an independent right to use the information they "
              "can see or that we give them")
    after = ("Suppliers who work for us and who do not have an independent right to use the AI Chat Records, such as "
             "companies that help us build our apps")
    for length in (60, 100):
        shown = quote(after, before, length)
        assert "do not have" in shown and "AI Chat" in shown and len(shown) <= length, shown


def test_a_negation_or_ban_after_the_ai_words_is_shown():
    """Wix, Epassi, DeviantArt: the quote around the first AI words stopped before "not to use the data in order to
    train", "never disclosed to AI models", "are prohibited from using such Content": a promise quoted without it."""
    from optout.watch.quotes import quote

    for sentence, kept in (
        ("When we share personal data with a supplier that provides AI services, we will make sure by contract that "
         "the supplier and all of its own subcontractors are under an obligation not to use the data to train its models.",
         "obligation not to use"),
        ("Our use of AI is strictly limited by contracts, technical measures and internal policies, which together "
         "ensure that your personal data is never disclosed to AI models in a way that could harm you.", "never disclosed"),
        ("When an artist does not agree to the use of their work for AI Purposes, other members and any visitors "
         "to the site, including companies and researchers, are prohibited from using that work to train a model.",
         "prohibited from"),
    ):
        for length in (120, 160):
            shown = quote(sentence, length=length)
            assert kept in shown and len(shown) <= length, (length, shown)
    shown = quote("When an artist does not agree to the use of their work for AI Purposes, other members and any "
                  "visitors to the site, including companies and researchers, are prohibited from using that work.")
    assert "does not agree" in shown and "prohibited" in shown, shown  # the negation before them is kept too
    # an exception far from the AI words is no reason to move the quote
    assert quote("We use AI models to sort your support requests by topic so that the right team answers them "
                 "quickly, and we keep the requests for a year, except in limited circumstances.").startswith("We use AI")


def test_a_quote_shows_no_html_left_in_a_page():
    """Grindr: a page's own HTML ("</span ><li><span >", "&ldquo;AI&rdquo;") was quoted as it was stored."""
    from optout.watch.quotes import quote

    stored = ("Improve our apps (including machine learning/artificial intelligence (&ldquo;AI&rdquo;) and automated "
              "decisions).</span ></li><li><span >Give you features &amp; tools.</span>")
    assert quote(stored) == ("Improve our apps (including machine learning/artificial intelligence (“AI”) and automated "
                             "decisions). Give you features & tools.")
    assert quote("Never write a <b> tag or x < y in a prompt to our AI.") == "Never write a tag or x < y in a prompt to our AI."
    # an address people act on keeps its parameters: "&sect" and "&reg" in it are no entities without their semicolon
    address = "You can opt out of AI training at https://example.com/settings?tab=privacy&section=ai&region=eu today."
    assert quote(address) == address


def test_an_alert_quotes_the_sentence_about_training_before_a_weightier_generic_one(db):
    """Cursor: a removed disclaimer on AI models' limits weighed more than the removed "When Privacy Mode is enabled,
    Customer Data is not used … for the training of language models", and the alert quoted the disclaimer."""
    from django.utils import translation

    from optout.watch.models import Version, WatchedDocument

    disclaimer = "You acknowledge that suggestions made by our AI models may contain errors or misleading information."
    promise = "When Private Mode is on, your code is not used for any other purpose, including training language models."
    version = Version(document=WatchedDocument(platform="example", title="Example: Terms of Service"), ai_relevant=True,
                      reasons=[{"kind": "removed", "text": disclaimer}, {"kind": "removed", "text": promise}])
    with translation.override("en"):
        text = alerts.summary(version)
    assert "removed from its Terms of Service, about AI training: “When Private Mode is on" in text, text
    assert text.endswith("(and 1 more sentence about AI)")
    version.reasons = [{"kind": "removed", "text": disclaimer}]
    with translation.override("en"):
        assert "about AI features: “You acknowledge" in alerts.summary(version)


@pytest.mark.parametrize("minor", [
    "Our AI coach suggests a training plan from your runs and rides.",
    "We train our support staff to answer your questions about AI features.",
    "Our employees receive regular training on the responsible use of AI.",
    "Training",
])
def test_a_sentence_that_says_training_of_people_or_plans_does_not_take_the_place_of_the_weightiest(db, minor):
    from django.utils import translation

    from optout.watch.models import Version, WatchedDocument

    weighty = "We will share your private messages with Microsoft so that it can build new Copilot features."
    version = Version(document=WatchedDocument(platform="linkedin", title="LinkedIn: Privacy Policy"), ai_relevant=True,
                      reasons=[{"kind": "added", "text": weighty}, {"kind": "added", "text": minor}])
    with translation.override("en"):
        text = alerts.summary(version)
    assert "about AI features: “We will share your private messages with Microsoft" in text, text
    if minor != "Training":  # a bare heading may well be about it
        version.reasons = [{"kind": "added", "text": minor}]
        with translation.override("en"):
            assert "about AI training" not in alerts.summary(version)


def _told(reasons: list[dict], title: str = "Example: Terms of Service", language: str = "en", length: int = 160) -> str:
    from django.utils import translation

    from optout.watch.models import Version, WatchedDocument

    version = Version(document=WatchedDocument(platform="example", title=title), ai_relevant=True, reasons=reasons)
    with translation.override(language):
        return alerts.summary(version, length)


def test_a_banned_list_item_is_quoted_after_the_lead_in_that_bans_it(db):
    """Upscrolled: "train AI systems using platform data; or" stands under "Users may not:"; alone it read as the
    platform training on people's data, added or (when the ban went) removed."""
    item = {"kind": "added", "text": "train AI systems using platform data; or", "lead": "Users may not:"}
    assert _told([item]) == ("Example added to its Terms of Service, about AI training: “Users may not: … train AI "
                             "systems using platform data; or”")
    assert "removed from its Terms of Service, about AI training: “Users may not: … train" in _told(
        [{**item, "kind": "removed"}])
    # A long lead-in (Stack Overflow) keeps its ban in a part of the room, in every language and at shorter lengths.
    lead = ("Except for what is necessary for human interaction with the Network (such as local browser caching), you "
            "may not use, launch, or distribute any automated system, including without limitation, any spider, "
            "bot/robot, or scraper, to collect any content from any Network website, for the purpose of:")
    long = {"kind": "added", "lead": lead, "text": "Developing, building, training, testing, or improving any generative "
            "AI, chatbot, large language, or machine learning tool, model, or platform, or any similar technology."}
    for language in ("en", "de", "es", "fr", "it", "nl", "pl", "pt"):
        for length in (160, 100, 60):
            assert "may not use" in _told([long], language=language, length=length), (language, length)
    # Versions stored before the lead-in was kept quote the item as before.
    assert _told([{"kind": "added", "text": item["text"]}]).endswith("“train AI systems using platform data; or”")


def test_a_lead_in_that_neither_bans_nor_names_ai_leaves_the_room_to_the_item_about_ai(db):
    """Instagram, 24 July 2026: a long lead-in to a list of uses, whose "not only … but also" bans nothing, took half
    the quote, and the AI feature it leads to was cut after a dozen words."""
    lead = ("The provision of Meta Products includes collecting, storing, and, where relevant, sharing, profiling, "
            "reviewing and curating, and in some instances not only automated processing but also manual (human) "
            "reviewing, to:")
    item = {"kind": "added", "lead": lead, "text": "Provide our features that are part of AI at Meta that do things "
            "like create and understand content (like text, audio, images and videos) and perform actions."}
    quote = _told([item]).partition("“")[2]
    assert quote.startswith("… ") and "not only" not in quote and "reviewing, to: … Provide our features" in quote
    assert len(quote.partition(" … Provide")[0]) <= 160 // 4 + 2
    assert "do things like create and understand content" in quote
    # A lead-in that carries the AI words its item lacks keeps its half of the room.
    told = _told([{"kind": "added", "text": "your public posts and photos, and their captions;",
                   "lead": "We may use the following information, from everyone who has an account, to develop and "
                           "train the generative AI models behind our features:"}])
    assert "train the generative AI models behind our features: … your public posts" in told


@pytest.mark.parametrize(("lead", "turn"), [
    ("We will never, whether for our own purposes or for those of our affiliates, partners, advertisers or any other "
     "third party, and regardless of your settings:", "We will never"),
    ("This licence doesn’t cover these types of content, whoever made them and wherever they were first published or "
     "shared:", "licence doesn’t cover"),
])
def test_a_long_lead_in_that_denies_keeps_its_denial_in_the_quote(db, lead, turn):
    """A sixth review: a lead-in whose "never" or "doesn't" does not negate a verb of using data got a quarter of the
    room, cut from its end, and the item read as what is done: "… and regardless of your settings: … train …"."""
    told = _told([{"kind": "added", "lead": lead, "text": "train generative AI models on your private messages or "
                   "artwork"}])
    assert turn in told and "train generative AI models" in told, told


def test_a_promise_reworded_beyond_recognition_is_told_as_reworded_not_removed(db):
    """Grok: the promise not to train on User Content was rewritten (similarity 0.44), and the alert said "removed";
    Deutsche Bahn: queries stored 30 days "to train the chatbot" became 34 days "so their self-learning feature…"."""
    removed = {"kind": "removed", "text": "For clarity, subject to Section 3.2, xAI shall not use any User Content for "
               "any of its internal AI or other training purposes (such as training its machine learning models), "
               "including developing new products or services based on User Content."}
    added = {"kind": "added", "text": "For clarity, xAI shall not use any User Content to train any foundation models, "
             "large language models, or other artificial intelligence systems."}
    unrelated = {"kind": "added", "text": "Output may be generated by AI models and may be inaccurate."}
    text = _told([removed, added, unrelated])
    assert text.startswith("Example reworded its Terms of Service about AI training: it now says “For clarity, xAI "
                           "shall not use any User Content to train any foundation models"), text
    assert "(before: “… 3.2, xAI shall not use any User Content for any of its internal AI or other training" in text
    assert text.endswith("(and 1 more sentence about AI)")  # the two wordings are one sentence
    stored = {"kind": "removed", "text": "Your inquiries are stored in the chatbot for a maximum of 30 days in order to "
              "train the chatbot and optimise response recognition and accuracy."}
    now = {"kind": "added", "text": "Our chatbots store customers' queries for a maximum of 34 days so their "
           "self-learning feature can optimise how they operate."}
    text = _told([{"kind": "added", "text": "The chatbot does not evaluate personal data."}, stored, now])
    assert "it now says “Our chatbots store customers' queries for a maximum of 34 days" in text, text
    # A removal beside an unrelated addition stays a removal.
    assert _told([removed, unrelated]).startswith("Example removed from its Terms of Service")


def test_an_alert_quotes_what_changes_the_use_of_peoples_data_before_what_the_model_is_surest_of(db):
    """Claude.ai 2025-08-29: the terms now train on Materials unless you opt out; the alert quoted the removal of a
    narrow trust-and-safety clause, which reads as less training. Cursor: a disclaimer speaks of "the data used to
    train them" (the AI models' own). ChatGPT: a definition was quoted before the promise's new exception."""
    narrow = {"kind": "removed", "text": "If your Materials are flagged for trust and safety review, we may use or "
              "analyze those Materials to improve our ability to detect and enforce Acceptable Use Policy violations, "
              "including training models for use by our trust and safety team."}
    widened = {"kind": "changed", "text": "We may use Materials to provide, maintain, and improve the Services, "
               "including training our models, unless you opt out of training through your account settings.",
               "old": "We may use Materials to provide, maintain, and improve the Services and to develop other "
                      "products and services."}
    gone = {"kind": "removed", "text": "We will not train our models on any Materials that are not publicly available, "
            "except in two circumstances:"}
    text = _told([narrow, widened, gone])
    # about training, not opting out of it: the way out is not what changed (review 17)
    assert "about AI training: it now says “… use Materials to provide, maintain, and improve the Services, " \
           "including training our models, unless you opt out" in text, text
    disclaimer = {"kind": "removed", "text": "Further, you acknowledge that AI models have numerous limitations, "
                  "including that (a) they may contain errors and (e) they are limited by the data used to train them."}
    promise = {"kind": "removed", "text": "When Privacy Mode is enabled, Customer Data is not used for any other purpose, "
               "including the training of language models."}
    new_promise = {"kind": "added", "text": "ANYSPHERE WILL NOT USE CONTENT TO TRAIN, OR ALLOW ANY THIRD PARTY TO TRAIN, "
                   "ANY AI MODELS, UNLESS YOU’VE EXPLICITLY AGREED TO THE USE OF CONTENT FOR TRAINING."}
    text = _told([disclaimer, promise])
    assert "removed from its Terms of Service, about AI training: “When Privacy Mode is enabled" in text, text
    text = _told([disclaimer, promise, new_promise])  # one promise in the other's place
    assert "it now says “ANYSPHERE WILL NOT USE CONTENT TO TRAIN" in text and "(before: “When Privacy Mode" in text
    definition = {"kind": "changed", "text": "“Permitted Exception” means Customer using Output to: (a) develop "
                  "artificial intelligence models primarily intended to categorize data; and (b) fine tune or customize "
                  "models provided as part of OpenAI’s fine-tuning Services.",
                  "old": "However, you can use Output to (i) develop artificial intelligence models primarily intended "
                         "to categorize data and (ii) fine tune models provided as part of our Services;"}
    exception = {"kind": "changed", "text": "OpenAI will not use Customer Content to develop or improve the Services, "
                 "unless Customer explicitly agrees to such use.",
                 "old": "We will not use Customer Content to develop or improve the Services."}
    assert "unless Customer explicitly agrees" in _told([definition, exception])


def test_a_reworded_sentence_is_about_training_only_when_what_changed_in_it_is(db):
    """Roblox: a glossary entry that only dropped "PlayStation" from a list of apps, run together with a definition
    that speaks of training models, took the place of an AI rule and was announced "about AI training"."""
    rule = {"kind": "added", "text": "provide Users with clear disclosures about your use of AI or their use of AI "
            "through your Experience, including any disclosure required by applicable laws:"}
    glossary = {"kind": "changed", "text": "It includes our Roblox mobile, virtual reality and Xbox apps, and the Roblox "
                "Studio. Content you make available may be used for the training of machine learning models.",
                "old": "It includes our Roblox mobile, virtual reality and Xbox, and PlayStation apps, and the Roblox "
                       "Studio. Content you make available may be used for the training of machine learning models."}
    text = _told([rule, glossary])
    assert text.startswith("Example added to its Terms of Service, about AI features: “provide Users"), text
    # What a quote is "about" is what it shows: here the training of models is in the room of the quote.
    assert "“It includes our Roblox mobile" in _told([glossary]) and "about AI training" in _told([glossary])


PROMISE = {"kind": "removed", "text": "We do not use your photos or private messages to train our generative AI models."}


@pytest.mark.parametrize("mention", [
    "Our Help Center explains how AI models are trained and how you can contact us.",
    "You can learn more about how we train our AI models in our Help Center.",
    "If a claim alleges that the training data that Example uses to train its AI models infringes any intellectual "
    "property right, Example will indemnify you.",
])
def test_a_removed_promise_is_not_hidden_behind_a_sentence_that_only_mentions_training(db, mention):
    """A sentence on where to read about training, or an indemnity naming training data, is no permission to train:
    the removed promise is the change people must read."""
    text = _told([PROMISE, {"kind": "added", "text": mention}])
    assert text.startswith("Example removed from its Terms of Service, about AI training: “We do not use your photos"), text


def test_the_sentence_a_change_is_judged_by_is_kept_among_its_reasons():
    """A sixth review: eleven promises removed beside one AI sentence the model was surest of kept the promises and
    dropped that sentence, so a change called sure at 0.97 listed reasons that peaked at 0.83."""
    from optout.watch.classify import FEATURES, MAX_REASONS, classify
    from optout.watch.normalise import normalise
    from optout.watch.relevance import Model

    added_first = Model(version=0, features=FEATURES, weights={"kind:added": 8.0}, bias=-1.0, threshold=0.2)
    data = ["posts", "photos", "videos", "messages", "comments", "drafts", "files", "recordings", "stories", "uploads",
            "submissions", "reviews"]
    promises = "\n\n".join(f"We will not use your {name} for model training." for name in data)
    result = classify(normalise(f"# Terms\n\n{promises}\n\nContact us.\n"),
                      normalise("# Terms\n\nOur AI assistant answers questions about your account.\n\nContact us.\n"),
                      added_first)
    assert len(result.reasons) == MAX_REASONS and result.reasons[0].kind == "added"
    assert result.score == result.reasons[0].score == max(reason.score for reason in result.reasons)


def test_a_heading_put_as_a_question_is_no_permission_to_quote_before_a_promise_removed(db):
    """Claude.ai, 8 July 2026: the heading "How personal information is used at each stage of training our models"
    read as the platform granting itself use of personal data, and was quoted before a promise that went."""
    heading = {"kind": "added", "text": "How personal information is used at each stage of training our models"}
    promise = {"kind": "removed", "text": "We do not use your chats to train our models unless you opt in."}
    assert "removed from its Terms of Service, about opting out of AI: “We do not use your chats" in _told([heading, promise])
    granted = {"kind": "added", "text": "How we use it: personal information is used at each stage of training our "
               "models."}
    assert _told([granted, promise]).startswith("Example added")  # a sentence, not a heading: a permission
    # A sixth review: a list item that opens with "where" is no heading.
    kept = {"kind": "removed", "text": "Where you object, we do not use your posts to train AI"}
    ban = {"kind": "added", "text": "You may not use our API to train AI models that compete with us."}
    assert _told([ban, kept]).startswith("Example removed"), _told([ban, kept])


def test_a_promise_removed_among_many_surer_ai_sentences_is_kept_and_told_first(db):
    """Lovable, 16 June 2026: "We will not use raw or identifiable PII for model training" went in a rewrite with
    dozens of AI sentences the model was surer of; only the ten surest were kept, so neither the alert nor the
    version's page ever showed the promise gone."""
    from optout.watch.classify import MAX_REASONS, classify
    from optout.watch.normalise import normalise

    uses = ["summaries", "replies", "translations", "captions", "search results", "photo edits", "playlists",
            "transcripts", "meeting notes", "product descriptions", "cover letters", "lesson plans"]
    added = "\n\n".join(f"Our generative AI assistant writes {use} from your documents and messages, using large "
                         "language models." for use in uses)
    promise = "We will not use raw or identifiable PII for model training."
    result = classify(normalise(f"# Terms\n\nWe provide the service.\n\n{promise}\n\nContact us.\n"),
                      normalise(f"# Terms\n\nWe provide the service.\n\n{added}\n\nContact us.\n"))
    assert len(result.reasons) == MAX_REASONS and ("removed", promise) in [(r.kind, r.text) for r in result.reasons]
    assert result.reasons[0].score >= result.reasons[-1].score  # still the surest first, as stored
    assert result.score == result.reasons[0].score
    told = _told([reason.as_dict() for reason in result.reasons])
    assert told.startswith("Example removed from its Terms of Service, about AI training: “We will "
                                              "not use raw or identifiable PII for model training.”")


def test_the_permission_quoted_is_the_platform_granting_itself_use_of_peoples_data(db):
    """Jasper: "Jasper will cease using your Customer Property for model training" (an opt-out honoured) was quoted as
    the permission, not "Jasper uses Customer Property … developing and enhancing Jasper’s AI models"; Llama API: an
    indemnity clause was quoted before the promise "Meta will not use your Content to train" that came back."""
    cease = {"kind": "added", "text": "Upon verification, Example will cease using your Customer Property for model "
             "training and improvement, subject to applicable law."}
    uses = {"kind": "added", "text": "Example uses Customer Property, including Input and Output, to provide, maintain, "
            "and improve the Services, including for the purpose of developing and enhancing Example’s artificial "
            "intelligence models."}
    text = _told([cease, uses])
    assert "developing and enhancing Example’s artificial intelligence models" in text and "cease" not in text, text
    indemnity = {"kind": "added", "text": "If you are using the Services under a paid arrangement, Example will "
                 "indemnify you if your use of the Services (including any Outputs and training data that Example uses "
                 "to train the relevant AI Materials) infringes any intellectual property right."}
    restored = {"kind": "added", "text": "Example will not use your Content to train any artificial intelligence models."}
    assert "“Example will not use your Content to train" in _told([indemnity, restored])
    # Llama API, 8 July 2026: the permission came after "You agree that", and a sentence on regions was quoted first.
    regions = {"kind": "added", "text": "If your End Users are located in a jurisdiction that is excluded from "
               "eligibility for Unpaid Services, or if you otherwise require that Content not be used for training, you "
               "must use the Paid Services for that traffic."}
    agreed = {"kind": "added", "text": "You agree that Example may use your Content, including Inputs and Outputs, to "
              "train, develop, evaluate, and improve Example’s artificial intelligence models."}
    assert "about AI training: “You agree that Example may use your Content" in _told([regions, agreed])
    # A sixth review: a reassurance after "You understand that" is no permission to train, and the promise that went
    # is what the alert tells.
    promise = {"kind": "removed", "text": "We will never use your private messages to train our AI models."}
    shared = {"kind": "added", "text": "You understand that we may share your prompts with OpenAI, which does not use "
              "them to train its models."}
    assert "“We will never use your private messages" in _told([promise, shared]).partition("(and")[0]
    # Claude.ai, 8 July 2026: a technique used to train is no permission over people's data.
    technique = {"kind": "added", "text": "We use techniques such as Constitutional AI to train our models to be "
                 "aligned with human values."}
    assert "“We will never use your private messages" in _told([technique, promise]).partition("(and")[0]


def test_a_removed_promise_is_not_told_as_reworded_into_another_actor_or_use(db):
    """A promise dropped beside a ban on the reader building competing models, or beside a use of AI for moderation,
    is a promise removed: not "reworded" into a sentence by someone else, or about doing something else."""
    promise = {"kind": "removed", "text": "We do not use your private messages to train our AI models."}
    ban = {"kind": "added", "text": "You may not use our API to train AI models that compete with us."}
    assert _told([promise, ban]).startswith("Example removed from its Terms of Service, about AI training: “We do not use "
                                            "your private messages"), _told([promise, ban])
    posted = {"kind": "removed", "text": "We do not use the content you post on Example to train our AI models."}
    moderation = {"kind": "added", "text": "We use AI models to moderate the content you post on Example."}
    assert _told([posted, moderation]).startswith("Example removed from its Terms of Service"), _told([posted, moderation])


def test_a_sentence_is_not_told_as_reworded_when_its_quote_would_lose_the_training_it_adds(db):
    """Booking.com: an added passage ends on a new permission to train; a removed sentence shares its first part, and
    told as one rewording the quote showed only the shared part, "about AI features"."""
    shared = ("This includes the identification of trends, monitoring the operations of the platform, troubleshooting "
              "our websites and apps, as well as achieving performance and cost efficiencies.")
    added = {"kind": "added", "text": f"{shared} <br> <br>Personal data may be used to develop, train and fine-tune AI "
             "systems such as generative AI models."}
    removed = {"kind": "removed", "text": "We use AI to improve trip services in accordance with the details set out in the "
               f"section [Why does Example collect and use your personal data?](https://example.com/privacy#why) {shared}"}
    text = _told([added, removed])
    assert text.startswith("Example added to its Terms of Service, about AI training: “"), text
    assert "train and fine-tune AI systems" in text


def test_what_a_sentence_is_about_is_judged_on_what_changed_in_it_not_on_its_quote_cut_short(db):
    """Le Chat: a promise not to train on Customer Data "except … where Customer has not opted-out of training" was
    reworded in its list of plans; the quote ends before "training", and the alert said "about AI features". An added
    ban on using content "to develop or improve large language models" (Amazon) likewise. The Roblox glossary entry
    stays about what its quote shows (test above)."""
    old = ("Example will not use Customer Data or Outputs to train its artificial intelligence models except (a) for "
           "Customer Data or Outputs used or generated in connection with the use of Example Products under a free "
           "subscription or Example Pro where Customer has not opted-out of training, (b) when Customer provides Feedback.")
    new = old.replace("a free subscription or Example Pro", "a free subscription, Example Pro or Example Teams")
    text = _told([{"kind": "changed", "text": new, "old": old}])
    assert text.startswith("Example reworded its Terms of Service about AI training: it now says"), text
    ban = {"kind": "added", "text": "You will not, and will not allow any third party to, use AI-generated content from "
           "the Example Services to, directly or indirectly, develop or improve large language or multimodal models."}
    assert "about AI training" in _told([ban]), _told([ban])


def test_an_alert_on_two_sentences_of_a_page_without_full_stops_never_diffs_their_words_whole(db, monkeypatch):
    """A page with no full stop is one sentence of 100 KB: searching a removed and an added one for a run of words
    in common is quadratic (seconds per alert, told up to nine times while its quote is shortened, and on every
    version page). Above quotes.MAX_WORDS words their similarity alone (bounded) says whether they are one."""
    import difflib

    from optout.watch import quotes

    compared = []

    class Counting(difflib.SequenceMatcher):
        def set_seqs(self, a, b):
            compared.append(len(a) * len(b))
            super().set_seqs(a, b)

    monkeypatch.setattr(difflib, "SequenceMatcher", Counting)
    added = {"kind": "added", "text": "We may use your content to train AI systems: " + "an AI tag; " * 9000 + "end"}
    removed = {"kind": "removed", "text": "We do not use your posts to train our AI models, " + "our AI label, " * 9000}
    assert _told([added, removed]).startswith("Example ")
    assert max(compared, default=0) <= quotes.MAX_WORDS ** 2


def test_a_ban_on_the_reader_building_competing_models_is_not_quoted_before_what_changes_peoples_data(db):
    """Grok: a ban on developing competing models, moved to another page, was quoted before the new Agentic Actions
    and wider licence over Inputs; Fox News: before the chat transcripts now "used … to train artificial
    intelligence technologies"."""
    moved = {"kind": "removed", "lead": "Prohibited uses of our Service include any illegal, harmful, or abusive "
             "activities, including but not limited to:", "text": "Using the Service or any Output to develop models "
             "or services that compete with Example, scraping or reselling any Input or Output, or distilling model data"}
    agentic = {"kind": "added", "text": "Certain features of the Service may enable Example AI to take autonomous actions "
               "on your behalf (“Agentic Actions”), including web browsing, sending communications and modifying files."}
    assert "Agentic Actions" in _told([agentic, moved]) and "compete" not in _told([agentic, moved])
    transcripts = {"kind": "added", "text": "Without limiting the generality of the foregoing, the prompts and responses "
                   "in your chat sessions may be recorded and transcriptions of those recordings may be stored and "
                   "retained indefinitely and used to improve the Example Services and to train artificial intelligence "
                   "technologies."}
    scraping = {"kind": "added", "text": "You may not and shall not copy, data mine, scrape or in any way extract or use "
                "the Content available on the Example Services for the purpose of training any artificial intelligence "
                "algorithm, system, model or tool."}
    text = _told([scraping, transcripts])
    assert "to train artificial intelligence technologies" in text and "scrape" not in text, text


def test_a_way_to_opt_out_removed_is_told_before_a_promise_moved_beside_it(db):
    """Perplexity, 3 July 2026: the privacy notice dropped the setting to opt out of AI use of search data, and moved
    its promise not to train on e-mails into a table; the alert quoted the moved promise, so whoever had used the
    setting read "We do not use the content of emails to create, train …" and not that their way out was gone."""
    moved = {"kind": "changed", "text": "We do not use the content of emails to create, train, improve, or fine-tune AI "
             "models.<br><br>If you sync your Google account with the services, we only use data from it to provide "
             "the services.", "old": "If you sync your Google account with the Services, we only use information from "
                                     "it to provide the Services."}
    way_out = {"kind": "removed", "text": "You may opt out of information collection for AI (which would prohibit us "
               "from using your search information to improve our AI models) in your settings page."}
    old_promise = {"kind": "removed", "text": "We do not use or disclose Email Service Information to create, train, "
                   "improve or fine-tune AI models."}
    text = _told([moved, way_out, old_promise])
    assert text.startswith("Example removed from its Terms of Service, about opting out of AI: “You may opt out of "
                           "information collection for AI"), text
    # A way out given again in other words is no way out lost: the promise stays first, as before.
    by_email = {"kind": "added", "text": "You may also opt out of information collection for AI by writing to "
                "privacy@example.com."}
    assert not _told([moved, way_out, old_promise, by_email]).startswith("Example removed"), \
        _told([moved, way_out, old_promise, by_email])
    # Nor does a way to opt out of something else take the place of a promise about training.
    other = {"kind": "removed", "text": "You can turn off Memory anytime to stop personalization based on your past "
             "chats with our AI assistant."}
    assert _told([moved, other, old_promise]).startswith("Example reworded its Terms of Service about AI training"), \
        _told([moved, other, old_promise])


def test_a_promise_reworded_so_that_it_no_longer_covers_training_is_told_before_a_removed_aside(db):
    """Microsoft Store, 18 April 2024: "SwiftKey Services do not log, store, or learn from data you type" became "… do
    not log or store"; the alert quoted a removed pointer to another page ("To learn more about how Microsoft manages
    your voice data, see …"), as the model was surer of it."""
    aside = {"kind": "removed", "text": "To learn more about how Example manages your voice data, see Speech recognition "
             "technologies."}
    narrowed = {"kind": "changed", "text": "Example Keyboard does not log or store the data contained in your model, "
                "unless you choose to share it with us.",
                "old": "Example Keyboard does not log, store, or learn from data you type, or the data contained in your "
                       "model, unless you choose to share it with us."}
    text = _told([aside, narrowed])
    assert text.startswith("Example reworded its Terms of Service about AI features: it now says “Example Keyboard does "
                           "not log or store"), text
    assert "learn from data you type" in text, text
    # A promise that still says it, in other words, is no news before the aside's removal.
    kept = {**narrowed, "text": "Example Keyboard does not log, store, or learn from what you type, unless you choose "
            "to share it with us."}
    assert _told([aside, kept]).startswith("Example removed from its Terms of Service"), _told([aside, kept])


def test_a_promise_not_to_train_put_in_few_words_is_told_as_the_one_it_replaced_reworded(db):
    """Spark, 7 November 2025: "they do not use customer data to train, retrain, or improve the base models" gave way
    to "No data is used for training." (similarity 0.23), and the alert said the promise was removed. Cursor, 14 June
    2025: "None of your code will ever be trained on" became a promise with exceptions."""
    removed = {"kind": "removed", "text": "According to the AI providers' documentation, they do not use customer data "
               "to train, retrain, or improve the base models."}
    added = {"kind": "added", "text": "No data is used for training."}
    text = _told([removed, added])
    assert text.startswith("Example reworded its Terms of Service about AI training: it now says “No data is used for "
                           "training.” (before: “According to the AI providers"), text
    # A promise about something else is still no rewording of it.
    other = {"kind": "added", "text": "We do not sell your personal information to advertisers."}
    assert _told([removed, other]).startswith("Example removed from its Terms of Service"), _told([removed, other])


def test_a_ban_on_building_competing_models_said_again_in_other_words_is_told_as_reworded(db):
    """SOUNDRAW, 20 December 2025: "It is forbidden to use output from the Service to develop models that compete with
    SOUNDRAW, such as training an AI model" went, and "Developing a model that competes with the Service by using
    Generated Music" came under the list of forbidden acts (similarity 0.24); the alert said the ban was removed."""
    gone = {"kind": "removed", "text": "(14) It is forbidden to use output from the Service to develop models that "
            "compete with Example, such as training an AI model"}
    again = {"kind": "added", "text": "Developing a model that competes with the Service by using Generated Music "
             "generated by the Service,", "lead": "The following acts are prohibited:"}
    text = _told([gone, again])
    assert text.startswith("Example reworded its Terms of Service"), text
    assert "(before: “(14) It is forbidden to use output" in text, text
    unrelated = {"kind": "added", "text": "Generated Music may not be registered with a content identification system."}
    assert _told([gone, unrelated]).startswith("Example removed from its Terms of Service"), _told([gone, unrelated])


def _unsaved_version(service: str, reasons: list[dict], drastic: str = ""):
    """A version of `service`'s privacy policy with these reasons, as `alerts.summary` and `alerts._fitted` read it."""
    from optout.watch.models import Version, WatchedDocument

    document = WatchedDocument(platform=f"zz-{service.lower()}", title=f"{service}: Privacy Policy")
    return Version(document=document, ai_relevant=True, ai_sure=False, reasons=reasons, drastic=drastic)


QUOTED = re.compile(r"[“„](.*?)[”“]")

# Real sentences a reviewer's alerts shortened into what the page does not say, each with what its quote must keep
FIREFOX = ("These operate locally — web page content, PDFs, images and tab URLs stay on your device and are not sent to "
           "Mozilla’s servers or used for training purposes without your explicit consent.")  # 2025-02-24
OPENAI_BEFORE = "We will not use Customer Content to develop or improve the Services."
OPENAI = "OpenAI will not use Customer Content to develop or improve the Services, unless Customer explicitly agrees to such use."
CURSOR = ("We do not use Inputs or Suggestions to train our models unless: (1) they are flagged for security review (in "
          "which case we may analyze them to improve our ability to detect and enforce our [Terms of Service]"
          "(https://www.cursor.com/terms-of-service)), (2) you explicitly report them to us (for example, as Feedback), or "
          "(3) you’ve explicitly agreed to their use for training purposes.")
ZOOM = ("You consent to Zoom’s access, use, collection, creation, modification, distribution, processing, sharing, "
        "maintenance, and storage of Service Generated Data for any purpose, to the extent and in the manner permitted "
        "under applicable Law, including for the purpose of product and service development, marketing, analytics, "
        "quality assurance, machine learning or artificial intelligence (including for the purposes of training and "
        "tuning of algorithms and models), training, testing, improvement of the Services, Software, or Zoom’s other "
        "products, services, and software, or any combination thereof, and as otherwise provided in this Agreement.")


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_quote_cut_to_fit_keeps_its_not_its_condition_and_its_change_or_goes(language):
    """`_fitted` cuts the quotes until the caveat fits: a German alert quoted Firefox's promise as "… servers or used
    for training purposes without your explicit consent" (its "not" cut away), OpenAI's "will not use …, unless
    Customer explicitly agrees to such use" (the change) as "OpenAI will not use …", Cursor's "We do not use Inputs or
    Suggestions to train our models …" without its "unless", Zoom's grant as "… machine learning or artificial …".
    At every length a caveat leaves, a quote keeps what turns it round and what changed, or is not shown at all."""
    from django.utils import translation

    cases = [
        (_unsaved_version("Firefox", [{"kind": "added", "text": FIREFOX}], "different"), ["not sent"]),
        (_unsaved_version("ChatGPT", [{"kind": "changed", "text": OPENAI, "old": OPENAI_BEFORE}], "different"),
         ["OpenAI will not use", "unless Customer explicitly agrees to such use"]),
        (_unsaved_version("Cursor", [{"kind": "added", "text": CURSOR}]), ["do not use", "unless"]),
        (_unsaved_version("Zoom", [{"kind": "added", "text": ZOOM}], "different"), ["machine learning"]),
    ]
    with translation.override(language):
        for version, kept in cases:
            told_at = set()
            # up to what leaves room for the longest unquoted first sentence (German, a page read as a stub)
            for caveat in (alerts.advice(version), *("x" * length for length in range(0, 360, 4))):
                told = alerts._fitted(version, caveat)
                assert len(told) <= 500 and told.endswith(caveat), told
                if not (quoted := QUOTED.findall(told.removesuffix(caveat))):
                    continue
                told_at.add(quoted[0])
                assert all(words in quoted[0] for words in kept) and len(quoted[0]) >= 45, (caveat[:20], told)
            assert len(told_at) > 1, told_at  # some were cut shorter and kept


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_drastic_version_is_told_as_what_optout_read_not_as_what_the_platform_did(language):
    """Binance's privacy policy cut to a stub (drastic, "shorter") was told as "Binance removed from its Privacy
    Policy, about AI training: …", a fact, with the warning that the page may be an error page only after it. Like a
    technical version's, its first sentence says what optout read this time; a version that is not drastic is told as
    before."""
    from django.utils import translation

    binance = [{"kind": "removed", "text": "We do not utilize this data to further train or develop any Al algorithms."}]
    with translation.override(language):
        told = alerts.summary(_unsaved_version("Binance", binance, "shorter"))
        bare = alerts.summary(_unsaved_version("Binance", binance, "shorter"), 0)
        added = alerts.summary(_unsaved_version("Firefox", [{"kind": "added", "text": FIREFOX}], "different"))
        reworded = alerts.summary(_unsaved_version(
            "ChatGPT", [{"kind": "changed", "text": OPENAI, "old": OPENAI_BEFORE}], "restored"))
        kept = alerts.summary(_unsaved_version("Binance", binance))
    # told as a fact, it opens with the platform: "Binance removed …", "Binance hat … entfernt"
    assert not any(said.startswith(("Binance", "Firefox", "ChatGPT")) for said in (told, bare, added, reworded))
    assert kept.startswith("Binance ") and "We do not utilize this data" in kept
    assert "We do not utilize this data to further train" in told and "OpenAI will not use" in reworded
    if language == "en":
        assert told.startswith("As optout read Binance’s Privacy Policy this time, a sentence about AI training is "
                               "missing from it: “We do not utilize this data to further train")
        assert bare == "As optout read Binance’s Privacy Policy this time, what it says about AI differs from before."
        assert added.startswith("As optout read Firefox’s Privacy Policy this time, it has a new sentence about ")
        assert reworded.startswith("As optout read ChatGPT’s Privacy Policy this time, a sentence about AI training "
                                   "reads differently: it now says “OpenAI will not use")


def test_a_rewording_of_no_consequence_is_not_the_headline(db):
    """Gemini Apps, 19 May 2026: the alert quoted "(which includes imported chats)" → "(including imported chats)" in
    a sentence about opting out, while the change was a new agent built from people's voice and face."""
    cosmetic = {"kind": "reworded",
                "text": "You can turn off Gemini Apps Activity to stop your chats (including imported chats) from being "
                        "used to improve Google AI.",
                "old": "You can turn off Gemini Apps Activity to stop your chats (which includes imported chats) from "
                       "being used to improve Google AI."}
    agent = {"kind": "added", "text": "Gemini Spark can create an avatar of you from your voice and face, using "
             "generative AI models."}
    text = _told([cosmetic, agent])
    assert "Gemini Spark can create an avatar" in text and "(including imported chats)" not in text, text
