"""News is read once the person opens what it links to: the header's count keeps only what they have not seen.

The dashboard links through `notify:open`, which marks that news read on the way; the e-mail and the channels
link to the page itself, which, like any other way to it (the watch page, a bookmark), marks it read once shown."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import make_plan
from optout.notify.models import Notification
from optout.notify.services import notify
from optout.watch import services
from optout.watch.models import WatchedDocument
from optout.watch.normalise import normalise, text_hash

OLD = "# Privacy Policy\n\nWe collect your name and e-mail address.\n\nWe use data to keep LinkedIn safe.\n"
NEW = OLD + "\nWe may use your posts and profile to train generative AI models that power our features.\n"


def badge(html: str) -> str:
    """The header's unread count, as words (what a screen reader says of it)."""
    found = re.search(r'class="badge warn news-badge">(.*?)</span></span>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found[1]).split()) if found else ""


def alert_about_ai(person):
    make_plan(person, "EU", ["linkedin"])
    services.sync_documents()
    document = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    services.record_text(document, normalise(OLD), text_hash(normalise(OLD)), timezone.now() - dt.timedelta(days=30))
    version = services.record_text(document, normalise(NEW), text_hash(normalise(NEW)), timezone.now())
    assert services.deliver_alerts(version) == 1
    return Notification.objects.get(owner=person)


def test_opening_the_change_an_alert_is_about_clears_it_from_the_header(client, alice):
    """The person read the change (reached from the watch page, say), and the header still counted the alert
    on that page and every page after: only the dashboard's "Mark as read" cleared it."""
    alert = alert_about_ai(alice)
    client.force_login(alice)
    assert badge(client.get("/watch/").content.decode()) == "1 (1 unread news item)"
    page = client.get(alert.url).content.decode()
    assert "optout judges this change to be about AI" in page and badge(page) == ""  # not counted on the page itself
    assert badge(client.get("/watch/").content.decode()) == ""
    alert.refresh_from_db()
    assert alert.read_at is not None


def test_a_step_the_news_is_about_reads_it_and_a_list_it_points_to_does_not(client, alice):
    """Landing on the watch page from the menu says nothing of having read the news that sent someone there."""
    step = make_plan(alice, "EU", ["linkedin"])[0]
    reminder = notify(alice, "Time to re-check a step.", reverse("plans:action", args=[step.number]))
    notify(alice, "optout could not read 3 pages of your platforms for days.", reverse("watch:index"))
    client.force_login(alice)
    assert badge(client.get(reverse("watch:index")).content.decode()) == "2 (2 unread news items)"
    assert badge(client.get(reminder.url).content.decode()) == "1 (1 unread news item)"
    assert list(Notification.objects.filter(read_at__isnull=True).values_list("url", flat=True)) == ["/watch/"]


def test_the_dashboards_link_and_the_emails_mark_the_news_read_on_the_way(client, alice, settings):
    settings.SITE_URL = "https://optout.example.org"
    alert = alert_about_ai(alice)
    other = notify(alice, "Another piece of news.", "/watch/linkedin/")
    client.force_login(alice)
    dashboard = client.get(reverse("plans:dashboard")).content.decode()
    link = reverse("notify:open", args=[alert.id])
    assert f'href="{link}"' in dashboard and badge(dashboard) == "2 (2 unread news items)"
    assert f"https://optout.example.org{alert.url}" in mail.outbox[0].body  # the alert's e-mail: the page itself

    response = client.get(link, follow=True)
    assert response.redirect_chain == [(alert.url, 302)]
    assert badge(response.content.decode()) == "1 (1 unread news item)"  # the other news is still unread
    assert client.get(link).url == alert.url  # followed again: the same page, nothing else changes
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_news_of_someone_else_cannot_be_opened_and_a_link_asks_to_log_in_first(client, alice, bob):
    alert = alert_about_ai(alice)
    link = reverse("notify:open", args=[alert.id])
    response = client.get(link)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(bob)
    assert client.get(link).status_code == 404  # as if it did not exist
    assert client.get(reverse("notify:open", args=[alert.id + 1000])).status_code == 404
    assert Notification.objects.get(pk=alert.pk).read_at is None


def test_news_that_names_an_address_off_this_site_leads_to_the_dashboard_not_away(client, alice):
    client.force_login(alice)
    for url in ("//evil.example/login", "https://evil.example/login", "/\\evil.example/login", "plans:dashboard"):
        news = Notification.objects.create(owner=alice, text="News.", url=url)
        assert client.get(reverse("notify:open", args=[news.id])).url == reverse("plans:dashboard")
        news.refresh_from_db()
        assert news.read_at is not None


def test_an_emails_link_outlives_the_news_and_opens_the_page_signed_in_as_anyone(client, alice, bob, settings):
    """Read news is pruned after half a year, and a family's computer may be signed in to the other person's account:
    an e-mail's link still opens the (public) change."""
    from optout.notify.services import mark_read
    from optout.ops.prune import prune

    settings.SITE_URL = "https://optout.example.org"
    alert = alert_about_ai(alice)
    link = re.search(r"https://optout\.example\.org(/\S+/)", mail.outbox[0].body)[1]
    assert link == alert.url
    mark_read(alice, [alert.pk])
    prune(now=timezone.now() + dt.timedelta(days=181))
    assert not Notification.objects.filter(pk=alert.pk).exists()
    for person in (alice, bob):
        client.force_login(person)
        assert client.get(link).status_code == 200


def test_a_page_that_fails_or_is_not_found_leaves_its_news_unread(alice, monkeypatch, settings):
    """The header marks the news of the page it is drawn on: drawn on an error page, it had marked the news of a page
    the person never saw."""
    from django.test import Client

    from optout.watch import views as watch_views

    settings.DEBUG = False
    news = notify(alice, "optout has not been able to read LinkedIn's privacy policy.", "/watch/linkedin/")
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    monkeypatch.setattr(watch_views, "platform_documents", lambda slug: 1 / 0)  # any fault in the page's view
    assert client.get("/watch/linkedin/").status_code == 500
    missing = notify(alice, "A change.", "/watch/versions/999999/")
    assert client.get("/watch/versions/999999/").status_code == 404
    assert Notification.objects.filter(pk__in=[news.pk, missing.pk], read_at__isnull=True).count() == 2
    monkeypatch.undo()
    assert "1 unread news item" in client.get("/watch/linkedin/").content.decode()  # the missing page's news is left
    assert Notification.objects.get(pk=news.pk).read_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_page_the_news_is_about_is_shown_while_the_background_worker_writes(client, alice, bob):
    """A change's page opened during the worker's first check (which holds SQLite's write lock for many seconds) was
    a 500 for everyone: it began a write transaction to mark news read, for people with no news and nobody signed in
    too. Now only news there is is written, after the page, and a busy database leaves it unread, not the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    alert = alert_about_ai(alice)
    writes = re.compile(r"^\s*(?:BEGIN|UPDATE|INSERT|DELETE)\b", re.I)
    for person in (None, bob):
        if person:
            client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(alert.url).status_code == 200
        assert not [query["sql"] for query in queries if writes.match(query["sql"])]
    if connection.vendor != "sqlite":
        return
    import sqlite3

    from django.test import Client

    anonymous = Client()
    client.force_login(alice)  # signing in writes: before the worker holds the database
    worker = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    worker.execute("BEGIN IMMEDIATE")  # what a running check holds while it records
    try:
        assert anonymous.get(alert.url).status_code == 200
        assert client.get(alert.url).status_code == 200  # its news could not be marked: it waits for the next visit
    finally:
        worker.execute("ROLLBACK")
        worker.close()
    assert Notification.objects.get(pk=alert.pk).read_at is None
    assert client.get(alert.url).status_code == 200
    assert Notification.objects.get(pk=alert.pk).read_at is not None
