"""A person's time zone: taken from the browser on sign-up, changed under Account, used for every time shown."""

import datetime as dt
import os
import re
import subprocess
import sys

from django.urls import reverse
from django.utils import timezone, translation

from conftest import PASSWORD, make_plan
from optout.accounts.services import profile_for
from optout.lib import dates
from optout.plans.models import Event


def test_sign_up_remembers_the_browsers_time_zone(client, db):
    client.cookies["optout_tz"] = "Europe/Berlin"
    client.post(reverse("account_signup"), {"email": "ida@example.org", "password1": PASSWORD, "password2": PASSWORD})
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(email="ida@example.org")
    assert profile_for(user).time_zone == "Europe/Berlin"


def test_a_made_up_zone_from_the_browser_is_ignored(client, db):
    client.cookies["optout_tz"] = "Mars/Olympus_Mons"
    client.post(reverse("account_signup"), {"email": "jo@example.org", "password1": PASSWORD, "password2": PASSWORD})
    from django.contrib.auth import get_user_model

    assert profile_for(get_user_model().objects.get(email="jo@example.org")).time_zone == ""


def test_the_zone_is_changed_under_account_and_used_on_pages(alice_client, alice):
    actions = make_plan(alice, "EU", ["instagram"])
    at = dt.datetime(2026, 11, 24, 5, 47, tzinfo=dt.UTC)
    Event.objects.create(owner=alice, action=actions[0], at=at, kind=Event.Kind.NOTE, text="a note")
    response = alice_client.post(reverse("accounts:settings"), {"region": "EU", "recheck_days": 90,
                                                                "time_zone": "America/Los_Angeles"})
    assert response.status_code == 302 and profile_for(alice).time_zone == "America/Los_Angeles"
    html = alice_client.get(reverse("plans:action", args=[actions[0].number])).content.decode()
    assert "23 November 2026, 21:47" in html  # 05:47 UTC is the evening before in California
    alice_client.post(reverse("accounts:settings"), {"region": "EU", "recheck_days": 90, "time_zone": "Europe/Berlin"})
    html = alice_client.get(reverse("plans:action", args=[actions[0].number]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "24 November 2026, 06:47" in html and "05:47" not in html


def test_an_unknown_zone_is_refused_with_a_message(alice_client, alice):
    response = alice_client.post(reverse("accounts:settings"), {"region": "EU", "recheck_days": 90, "time_zone": "Nowhere/Else"})
    assert response.status_code == 400 and "Nowhere/Else" in response.content.decode()
    assert profile_for(alice).time_zone == ""


def test_one_format_per_language_in_the_persons_zone():
    moment = dt.datetime(2027, 1, 4, 5, 47, tzinfo=dt.UTC)
    expected = {
        "en": "4 January 2027, 06:47", "de": "4. Januar 2027, 06:47", "fr": "4 janvier 2027, 06:47",
        "es": "4 de enero de 2027, 06:47", "it": "4 gennaio 2027, 06:47", "nl": "4 januari 2027, 06:47",
        "pl": "4 stycznia 2027, 06:47", "pt": "4 de janeiro de 2027, 06:47",
    }
    with timezone.override("Europe/Berlin"):
        for language, text in expected.items():
            with translation.override(language):
                assert dates.format_datetime(moment) == text
                assert dates.format_date(moment.date()) == text.split(", ")[0]


def test_flash_messages_use_the_same_format(alice_client, alice):
    from optout.letters import services as letters

    make_plan(alice, "EU", ["instagram"])
    letter = letters.draft_request(alice, platform="instagram", kind="objection", language="en", name="Alice",
                                   email="alice@example.org")
    response = alice_client.post(reverse("letters:sent", args=[letter.number]),
                                 {"sent_on": timezone.localdate().isoformat(), "channel": "email"}, follow=True)
    letter.refresh_from_db()
    message = str(list(response.context["messages"])[0])
    with translation.override("en"):
        assert message == f"Marked as sent. Answer due by {dates.format_date(letter.deadline)}."
    assert letter.deadline.isoformat() not in message


def test_the_cli_uses_the_computers_zone(tmp_path):
    env = {**os.environ, "TZ": "Asia/Tokyo"}
    env.pop("OPTOUT_TIME_ZONE", None)
    code = ("import os, sys; from optout import cli; cli._system_time_zone(); print(os.environ['OPTOUT_TIME_ZONE'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.strip() == "Asia/Tokyo"


def test_news_and_e_mails_reach_a_person_in_the_language_they_chose(client, db):
    """The language menu is remembered on the profile, so the background worker writes in it."""
    from django.core import mail

    from conftest import make_user
    from optout.plans import services as plans

    carla = make_user("carla@example.org")
    client.force_login(carla)
    client.post(reverse("set_language"), {"language": "it", "next": "/plan/"})
    assert profile_for(carla).language == "it"
    step = make_plan(carla, "EU", ["instagram"])[0]
    plans.set_status(step, "done")
    plans.run_due(timezone.now() + dt.timedelta(days=400))
    news = carla.notifications.get()
    assert news.text.startswith("Ricontrolla") or "ricontrollare" in news.text.lower(), news.text
    assert mail.outbox[-1].body.startswith(news.text)


def test_a_page_made_before_optout_knows_the_zone_names_the_zone_of_its_times(client, db):
    """A first visit, before optout.js has told the server the browser's zone: the times are the server's, and
    a person in New York must not take 13:08 for their own."""
    from optout.watch.models import WatchedDocument
    from optout.watch.services import sync_documents

    sync_documents()
    page = WatchedDocument.objects.filter(platform="linkedin").first()
    page.last_checked_at = dt.datetime(2026, 11, 24, 13, 8, tzinfo=dt.UTC)
    page.save()
    url = reverse("watch:platform", args=["linkedin"])
    client.cookies.pop("optout_tz")
    assert "13:08 UTC" in client.get(url).content.decode()
    client.cookies["optout_tz"] = "America/New_York"
    shown = client.get(url).content.decode()
    assert "08:08" in shown and "UTC" not in shown.split("<main")[1]


def test_time_zones_are_named_by_country_and_city_in_the_readers_language(alice_client, alice):
    alice_client.cookies["django_language"] = "pl"
    page = alice_client.get(reverse("accounts:settings")).content.decode()
    zones = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', page.split('name="time_zone"', 1)[1].split("</select>")[0])
    names = [label for _, label in zones]
    assert ("Europe/Warsaw", "Polska — Warszawa") in zones and ("America/New_York", "Stany Zjednoczone — Nowy Jork") in zones
    assert names.index("Luksemburg — Luksemburg") < names.index("Łotwa — Ryga") < names.index("Macedonia Północna — Skopje")
    # One entry per zone of the world: no old names beside the new (US/Eastern, Asia/Calcutta), no Etc/GMT+5.
    values = {value for value, _ in zones}
    assert {"US/Eastern", "Asia/Calcutta", "Europe/Kiev", "Etc/GMT+5"}.isdisjoint(values) and "Europe/Kyiv" in values
    assert names[0] == "UTC"  # first after "my browser's time zone"


def test_a_zone_chosen_under_an_old_name_stays_chosen(alice_client, alice):
    """Browsers give some zones under their old names (Chrome: Asia/Calcutta); saving the page must not lose them."""
    profile = profile_for(alice)
    profile.time_zone = "Asia/Calcutta"
    profile.save()
    page = alice_client.get(reverse("accounts:settings"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="Asia/Calcutta" selected>India — Kolkata (Asia/Calcutta)</option>' in page
    response = alice_client.post(reverse("accounts:settings"), {"region": "EU", "recheck_days": 90, "time_zone": "Asia/Calcutta"})
    assert response.status_code == 302 and profile_for(alice).time_zone == "Asia/Calcutta"


def test_zones_are_named_in_portugals_portuguese_once_each_by_country_then_city(alice_client, alice):
    """A Portuguese reader read Brazil's names ("Polônia — Varsóvia", "Espanha — Madri"); "UTC" stood twice for a
    person whose zone was UTC; "Guinea Ecuatorial — Malabo" came before "Guinea — Conakri"."""
    profile = profile_for(alice)
    profile.time_zone = "UTC"
    profile.save()

    def zones(language):
        alice_client.cookies["django_language"] = language
        page = alice_client.get(reverse("accounts:settings")).content.decode()
        select = page.split('name="time_zone"', 1)[1].split("</select>")[0]
        return [label for _, label in re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', select)]

    portuguese = zones("pt")
    assert "Polónia — Varsóvia" in portuguese and "Espanha — Madrid" in portuguese
    assert "Polônia — Varsóvia" not in portuguese and "Espanha — Madri" not in portuguese
    assert portuguese.count("UTC") == 1
    spanish = zones("es")
    assert spanish.index("Guinea — Conakri") < spanish.index("Guinea Ecuatorial — Malabo")
    assert spanish.index("Sudán — Jartum") < spanish.index("Sudán del Sur — Juba")
