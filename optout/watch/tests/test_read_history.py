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


def test_history_page_lists_versions_and_flags(client, db):
    _versions(["# Policy\n\nHello.\n", "# Policy\n\nHello.\n\nWe use your posts to train our generative AI.\n"])
    html = client.get(reverse("watch:platform", args=["linkedin"])).content.decode()
    assert "LinkedIn: policy history" in html and "About AI" in html and "first version" in html
    assert client.get(reverse("watch:platform", args=["nope"])).status_code == 404
