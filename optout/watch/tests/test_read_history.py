"""History pages, diffs and Atom feeds: what anyone can read, with hostile text kept inert."""

import datetime as dt
from xml.etree import ElementTree

from django.urls import reverse
from django.utils import timezone

from optout.plans.services import feed_for
from optout.watch import services
from optout.watch.models import WatchedDocument
from optout.watch.normalise import normalise, text_hash

ATOM = "{http://www.w3.org/2005/Atom}"


def _versions(texts):
    services.sync_documents()
    document = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    start = timezone.now() - dt.timedelta(days=len(texts))
    out = []
    for index, text in enumerate(texts):
        text = normalise(text)
        out.append(services.record_text(document, text, text_hash(text), start + dt.timedelta(days=index)))
    return out


def test_the_diff_escapes_whatever_the_page_said(client, db):
    first, second = _versions(["# Policy\n\nHello.\n", "# Policy\n\nHello <script>alert(1)</script> world.\n"])
    html = client.get(reverse("watch:version", args=[second.id])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<ins>" in html
    side = client.get(reverse("watch:version", args=[second.id]), {"view": "side"}).content.decode()
    assert "&lt;script&gt;" in side and "<table class=\"diff side\">" in side
    assert client.get(reverse("watch:version", args=[999999])).status_code == 404


def test_platform_and_personal_atom_feeds(client, alice, db):
    from optout.accounts.services import add_platform_account

    _, ai = _versions(["# Policy\n\nHello.\n", "# Policy\n\nHello.\n\nWe use your posts to train our generative AI.\n"])
    feed = ElementTree.fromstring(client.get(reverse("watch:platform_feed", args=["linkedin"])).content)
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["AI-relevant change: LinkedIn: Privacy Policy"]
    assert client.get(reverse("watch:platform_feed", args=["myspace"])).status_code == 404
    add_platform_account(alice, "linkedin")
    token = feed_for(alice, create=True).token
    personal = ElementTree.fromstring(client.get(reverse("watch:person_feed", args=[token])).content)
    assert len(personal.findall(f"{ATOM}entry")) == 1
    assert client.get(reverse("watch:person_feed", args=["wrong"])).status_code == 404


def test_a_feed_speaks_the_language_of_its_reader(client, alice, db):
    """A personal feed is read by a feed reader that sends no language: it is written in the one the person
    chose. A platform's public feed follows the language the reader asks for."""
    from optout.accounts.services import add_platform_account, set_language

    _, ai = _versions(["# Policy\n\nHello.\n", "# Policy\n\nHello.\n\nWe use your posts to train our generative AI.\n"])
    add_platform_account(alice, "linkedin")
    set_language(alice, "de")
    token = feed_for(alice, create=True).token
    personal = ElementTree.fromstring(client.get(reverse("watch:person_feed", args=[token])).content)
    assert personal.find(f"{ATOM}title").text == "Änderungen auf Ihren Plattformen (optout)"
    assert [e.find(f"{ATOM}title").text for e in personal.findall(f"{ATOM}entry")] == [
        "KI-relevante Änderung: LinkedIn: Privacy Policy"]
    assert "LinkedIn hat" in personal.find(f"{ATOM}entry").find(f"{ATOM}summary").text  # the one-line summary too
    assert personal.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"

    french = ElementTree.fromstring(client.get(reverse("watch:platform_feed", args=["linkedin"]),
                                               HTTP_ACCEPT_LANGUAGE="fr").content)
    assert french.find(f"{ATOM}title").text == "LinkedIn : modifications de ses politiques (optout)"
    assert [e.find(f"{ATOM}title").text for e in french.findall(f"{ATOM}entry")] == [
        "Modification concernant l’IA : LinkedIn: Privacy Policy"]
    # the request after it, with no language, is English again: the person's language did not leak
    english = ElementTree.fromstring(client.get(reverse("watch:platform_feed", args=["linkedin"])).content)
    assert english.find(f"{ATOM}title").text == "LinkedIn: changes to its policies (optout)"


def test_history_page_lists_versions_and_flags(client, db):
    _versions(["# Policy\n\nHello.\n", "# Policy\n\nHello.\n\nWe use your posts to train our generative AI.\n"])
    html = client.get(reverse("watch:platform", args=["linkedin"])).content.decode()
    assert "LinkedIn: policy history" in html and "About AI" in html and "first version" in html
    assert client.get(reverse("watch:platform", args=["nope"])).status_code == 404


def test_a_page_optout_no_longer_watches_keeps_its_history_and_promises_no_check(client, db):
    """A document taken out of the data files keeps its history, listed last, and the page says it is no
    longer watched instead of when it is checked next or that a drastic change waits for a second look."""
    _versions(["# Policy\n\nHello.\n", "# Policy\n\nHello again.\n"])
    WatchedDocument.objects.filter(platform="linkedin").exclude(doc_id="privacy-policy").update(active=True)
    WatchedDocument.objects.filter(platform="linkedin", doc_id="privacy-policy").update(
        active=False, pending_hash="0" * 64, pending_since=timezone.now(), next_check_at=timezone.now())
    html = " ".join(client.get(reverse("watch:platform", args=["linkedin"])).content.decode().split())
    dropped = html[html.index("LinkedIn: Privacy Policy</h2>"):]
    assert "optout no longer watches this page" in dropped and "first version" in dropped
    assert "checks again at" not in dropped and "The next check runs at" not in dropped
    others = html[:html.index("LinkedIn: Privacy Policy</h2>")]
    assert "Not checked yet" in others  # the documents still watched come first, with their next check


def test_control_and_invisible_characters_neither_make_a_change_nor_break_the_feeds(client, db):
    """A page may carry characters that show nothing: control characters (which XML cannot carry: a feed
    quoting one failed for everyone), bidirectional marks, word joiners. They are dropped when a page is
    read, and a text stored before that still gives a feed."""
    ai = "We may use your posts and profile to train the generative AI models that power our features."
    versions = _versions(["# Policy\n\nHello.\n", f"# Policy\n\nHello.\n\n{ai.replace('generative', 'gener\x01ative')}\n",
                          f"# Policy\n\nHello\u200e.\u2060\n\n{ai}\n"])
    assert ai in versions[1].text and versions[2] is None  # the marks alone are no change
    document = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    old = document.latest
    stored = f"# Policy\n\nHello.\n\n{ai}\n\nWe also use your private messages to train\x1b our AI models.\n"  # read before
    legacy = services.record_text(document, stored, text_hash(stored), timezone.now())
    assert legacy.ai_relevant and legacy.changed_from == old
    response = client.get(reverse("watch:platform_feed", args=["linkedin"]))
    assert response.status_code == 200
    feed = response.content.decode()
    assert "\x1b" not in feed and "\x01" not in feed and "private messages to train our AI models" in feed
    ElementTree.fromstring(response.content)  # well-formed XML


def test_a_long_history_is_listed_in_a_few_queries(client, db, django_assert_max_num_queries):
    """Years of imported history: the platform page lists hundreds of versions without reading their texts."""
    _versions([f"# Policy\n\nWe keep your data for {n} days.\n" for n in range(1, 121)])
    with django_assert_max_num_queries(20):
        html = client.get(reverse("watch:platform", args=["linkedin"])).content.decode()
    assert html.count("first version") == 1
