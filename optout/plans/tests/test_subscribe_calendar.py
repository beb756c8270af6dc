"""The private calendar feed: valid iCalendar with re-check dates and deadlines, revocable."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from optout.plans import services
from optout.plans.models import CalendarFeed, Status


def _feed(client, token):
    return client.get(reverse("plans:calendar_feed", args=[token]))


def test_the_feed_lists_rechecks_and_confirmation_deadlines(client, alice_client, alice, alice_plan, settings):
    settings.SITE_URL = "https://optout.example.org"  # a site the internet can reach
    done = services.set_status(alice_plan[0], Status.DONE)
    waiting = services.objection_sent(alice_plan[2])
    alice_client.post(reverse("plans:calendar"), {"do": "create"})
    feed = CalendarFeed.objects.get(owner=alice)
    page = alice_client.get(reverse("plans:calendar")).content.decode()
    assert f"https://optout.example.org/plan/calendar/{feed.token}.ics" in page and "webcal://" in page
    response = _feed(client, feed.token)  # no login: calendar apps cannot log in
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    recheck = events[f"recheck-{done.number}.{alice.profile.calendar_id}@optout"]
    assert recheck.decoded("DTSTART") == timezone.localdate(done.recheck_at)
    assert recheck.decoded("DTEND") - recheck.decoded("DTSTART") == dt.timedelta(days=1)
    assert str(recheck["SUMMARY"]).startswith("Re-check LinkedIn")
    assert str(recheck["URL"]).endswith(reverse("plans:action", args=[done.number]))
    deadline = events[f"confirm-{waiting.number}.{alice.profile.calendar_id}@optout"]
    assert deadline.decoded("DTSTART") == timezone.localdate(waiting.remind_at)
    assert not any(uid.startswith("letter-") for uid in events)
    for event in calendar.walk("VEVENT"):
        assert event["DTSTAMP"] and event.walk("VALARM")


def test_regenerating_kills_the_old_address_and_revoking_kills_all(client, alice_client, alice, alice_plan):
    alice_client.post(reverse("plans:calendar"), {"do": "create"})
    old = CalendarFeed.objects.get(owner=alice).token
    alice_client.post(reverse("plans:calendar"), {"do": "regenerate"})
    new = CalendarFeed.objects.get(owner=alice).token
    assert new != old
    assert _feed(client, old).status_code == 404 and _feed(client, new).status_code == 200
    response = alice_client.post(reverse("plans:calendar"), {"do": "revoke"}, follow=True)
    assert "Calendar address turned off" in response.content.decode()
    assert _feed(client, new).status_code == 404


def test_a_local_install_offers_the_file_and_no_address_calendar_services_cannot_reach(alice_client, alice, alice_plan,
                                                                                        settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    done = services.set_status(alice_plan[0], Status.DONE)
    page = alice_client.get(reverse("plans:calendar")).content.decode()
    assert reverse("plans:calendar_download") in page
    assert "webcal://" not in page and "Make my calendar address" not in page
    assert "which calendar services such as Google's cannot fetch" in page
    response = alice_client.get(reverse("plans:calendar_download"))
    assert response["Content-Disposition"] == 'attachment; filename="optout.ics"'
    events = {str(e["UID"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert f"recheck-{done.number}.{alice.profile.calendar_id}@optout" in events


def test_which_sites_count_as_public():
    from optout.lib.site import host_is_public

    for host in ("127.0.0.1", "localhost", "192.168.1.20", "10.0.0.5", "[::1]", "optout.local", "raspberrypi"):
        assert not host_is_public(host), host
    for host in ("optout.example.org", "93.184.216.34", "2606:4700::1111"):
        assert host_is_public(host), host


def test_the_feed_gives_days_in_the_persons_time_zone_and_words_in_their_language(client, alice, alice_plan):
    """A calendar app fetches the feed without a session: a step done at 18:30 in Los Angeles got its re-check on the
    next day (the server's, UTC), and the words were English for a German reader."""
    from zoneinfo import ZoneInfo

    alice.profile.time_zone, alice.profile.language = "America/Los_Angeles", "de"
    alice.profile.save()
    done = services.set_status(alice_plan[0], Status.DONE)
    evening = dt.datetime(2026, 12, 4, 18, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    done.recheck_at = evening + dt.timedelta(days=90)
    done.save()
    feed = services.feed_for(alice, create=True)
    calendar = Calendar.from_ical(_feed(client, feed.token).content)
    [recheck] = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("recheck-")]
    assert recheck.decoded("DTSTART") == dt.date(2027, 3, 4)  # 02:30 UTC on the 5th
    assert str(recheck["SUMMARY"]).startswith("LinkedIn erneut prüfen: ")
    assert "Plattformen ändern ihre Einstellungen" in str(recheck["DESCRIPTION"])
    assert str(calendar["X-WR-CALNAME"]) == "optout: erneute Prüfungen und Fristen"


def test_an_event_that_moved_has_a_higher_sequence_so_a_reimported_file_updates_it(alice_client, alice, alice_plan):
    """RFC 5545 § 3.8.7.4: calendars that import a file (Outlook, Apple's) replace an event only when its SEQUENCE
    grows; without one, a re-check moved by marking the step done again stayed on its old day."""
    def recheck():
        calendar = Calendar.from_ical(alice_client.get(reverse("plans:calendar_download")).content)
        [event] = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("recheck-")]
        return event.decoded("DTSTART"), int(event["SEQUENCE"])

    action = services.set_status(alice_plan[0], Status.DONE)
    day, sequence = recheck()
    action.recheck_at = action.recheck_at + dt.timedelta(days=30)
    action.save()
    services.set_status(action, Status.DONE, "checked again")
    moved, later = recheck()
    assert later > sequence


@pytest.mark.django_db(transaction=True)
def test_people_who_had_accounts_before_the_upgrade_each_get_their_own_calendar_events():
    """The migration that names each person's events gives every existing profile its own id (a column default
    would have given all of them the same one)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [("accounts", "0005_profile_policy_news")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    user_model, profile_model = apps.get_model("auth", "User"), apps.get_model("accounts", "Profile")
    for name in ("first", "second"):
        profile_model.objects.create(owner=user_model.objects.create(username=name))
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from optout.accounts.models import Profile

    ids = list(Profile.objects.values_list("calendar_id", flat=True))
    assert len(ids) == 2 and None not in ids and ids[0] != ids[1]
