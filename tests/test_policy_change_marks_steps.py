"""A watched policy changes what it says about AI: the catalog page, the plan steps and `optout catalog stale` say
that the steps checked before may be outdated, until someone re-verifies them."""

from __future__ import annotations

import datetime as dt
import json
from html import unescape

from django.urls import reverse
from django.utils import timezone
from typer.testing import CliRunner

from conftest import make_plan
from optout.catalog.loader import catalog
from optout.catalog.query import PolicyChanged, most_telling, possibly_outdated
from optout.cli import build_app
from optout.watch import services as watch
from optout.watch.models import WatchedDocument
from optout.watch.normalise import normalise, text_hash

BEFORE = "# Privacy Policy\n\nWe collect your e-mail address to run your account.\n\nYou can delete your account at any time.\n"
AFTER = BEFORE + "\nWe may use your posts, profile and other content to train the generative AI models that power our features.\n"


def change_policy(platform: str, document: str, when: dt.datetime):
    watch.sync_documents()
    row = WatchedDocument.objects.get(platform=platform, doc_id=document)
    for index, text in enumerate([BEFORE, AFTER]):
        text = normalise(text)
        version = watch.record_text(row, text, text_hash(text), when - dt.timedelta(days=1 - index))
    assert version.ai_relevant
    return version


def page(client, url) -> str:
    return unescape(client.get(url).content.decode())


def test_an_ai_change_marks_the_platform_page_and_the_plan_step(alice_client, alice, db):
    actions = make_plan(alice, "EU", ["linkedin"])
    step = next(a for a in actions if a.source == "catalog" and a.mechanism == "generative-ai-setting")
    # Later than any last_verified can be (they are never in the future), so always after it.
    when = timezone.now() + dt.timedelta(days=1)
    change_policy("linkedin", "privacy-policy", when)
    date = f"{when.day} {when:%B %Y}"

    html = page(alice_client, reverse("catalog:detail", args=["linkedin"]))
    assert f"Policy changed on {date} — these steps may be outdated." in html
    assert "LinkedIn's policy changed on" in html

    html = page(alice_client, step.get_absolute_url())
    assert f"Policy changed on {date} — these steps may be outdated." in html
    html = page(alice_client, reverse("plans:plan"))
    assert f"Policy changed on {date} — may be outdated" in html

    result = CliRunner().invoke(build_app(), ["catalog", "stale", "--json"])
    row = next(r for r in json.loads(result.output) if r["slug"] == "linkedin")
    assert row["policy_changed_on"] == when.astimezone(dt.UTC).date().isoformat()
    assert row["possibly_outdated"] == ["generative-ai-setting"]
    assert row["policy_change_sure"] is True
    table = CliRunner().invoke(build_app(), ["catalog", "stale"], env={"COLUMNS": "300"}).output
    assert "policy changed on" in table and "these steps may be outdated" in table


def test_a_change_before_the_last_verification_marks_nothing(client, db):
    verified = catalog()["linkedin"].mechanisms[0].last_verified
    change_policy("linkedin", "privacy-policy", timezone.make_aware(dt.datetime.combine(verified, dt.time(9))))
    assert "may be outdated" not in page(client, reverse("catalog:detail", args=["linkedin"]))


def test_a_change_that_is_not_about_ai_marks_nothing(client, db):
    watch.sync_documents()
    row = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    later = timezone.now() + dt.timedelta(days=1)
    for index, text in enumerate([BEFORE, BEFORE + "\nOur office moved to a new street.\n"]):
        text = normalise(text)
        watch.record_text(row, text, text_hash(text), later + dt.timedelta(minutes=index))
    assert "may be outdated" not in page(client, reverse("catalog:detail", args=["linkedin"]))


def test_only_the_platforms_watched_documents_count_and_re_verifying_clears_it():
    platform = catalog()["linkedin"]
    verified = platform.mechanisms[0].last_verified
    later = PolicyChanged(verified + dt.timedelta(days=3))
    assert possibly_outdated(platform, [("privacy-policy", later)]) == {m.id: later for m in platform.mechanisms
                                                                         if m.last_verified < later.day}
    assert possibly_outdated(platform, [("some-other-page", later)]) == {}
    assert possibly_outdated(platform, [("privacy-policy", PolicyChanged(verified))]) == {}


def test_a_change_optout_is_sure_of_is_named_before_a_later_one_it_is_not_sure_of():
    sure, unsure = PolicyChanged(dt.date(2026, 3, 1), sure=True), PolicyChanged(dt.date(2026, 5, 1), sure=False)
    assert most_telling([unsure, sure]) == sure
    assert most_telling([unsure, PolicyChanged(dt.date(2026, 1, 1), sure=False)]) == unsure
    assert most_telling([]) is None


UNSURE = BEFORE + "\nYour personal data and your code may be used to train our systems and to develop new features.\n"


def test_a_change_optout_is_not_sure_concerns_ai_is_not_called_one_that_does(alice_client, alice, db):
    """The alert said "optout cannot tell for sure": the catalog, the step and `catalog stale` say so too, and
    give the day where the person is (a change late in the evening in UTC is the next morning in Auckland)."""
    actions = make_plan(alice, "EU", ["linkedin"])
    step = next(a for a in actions if a.source == "catalog" and a.mechanism == "generative-ai-setting")
    alice.profile.time_zone = "Pacific/Auckland"
    alice.profile.save()
    when = (timezone.now() + dt.timedelta(days=2)).replace(hour=20, minute=0, tzinfo=dt.UTC)
    watch.sync_documents()
    row = WatchedDocument.objects.get(platform="linkedin", doc_id="privacy-policy")
    for index, text in enumerate([BEFORE, UNSURE]):
        text = normalise(text)
        version = watch.record_text(row, text, text_hash(text), when - dt.timedelta(days=1 - index))
    assert version.ai_relevant and not version.ai_sure
    next_day = when + dt.timedelta(days=1)
    date = f"{next_day.day} {next_day:%B %Y}"

    html = " ".join(page(alice_client, reverse("catalog:detail", args=["linkedin"])).split())
    assert f"LinkedIn's policy changed on {date}, perhaps in a way that concerns AI (optout cannot tell for sure)" in html
    assert "in a way that concerns AI, after" not in html
    html = " ".join(page(alice_client, step.get_absolute_url()).split())
    assert f"Policy changed on {date} — these steps may be outdated." in html
    assert "before the platform changed its policy, perhaps in what it says about AI (optout cannot tell for sure)" in html
    assert f"Policy changed on {date} — may be outdated" in page(alice_client, reverse("plans:plan"))

    result = CliRunner().invoke(build_app(), ["catalog", "stale", "--json"])
    row = next(r for r in json.loads(result.output) if r["slug"] == "linkedin")
    assert row["policy_change_sure"] is False
    table = " ".join(CliRunner().invoke(build_app(), ["catalog", "stale"], env={"COLUMNS": "400"}).output.split())
    assert "(perhaps about AI: optout cannot tell for sure) — these steps may be outdated" in table


def test_every_watched_document_named_by_a_platform_exists():
    from optout.watch.declarations import declarations

    for slug, platform in catalog().items():
        known = {d.id for d in declarations()[slug].documents} if slug in declarations() else set()
        assert set(platform.watched_documents) <= known, slug


def test_whether_a_step_may_be_outdated_is_the_same_in_every_time_zone(db):
    """The decision compares the change's day in UTC with the day the step was verified: a change early on
    the day after, in UTC, is still the evening before in New York, and must mark the step there too."""
    import zoneinfo

    from optout.catalog.services import outdated_mechanisms, record_policy_change

    platform = catalog()["linkedin"]
    verified = max(m.last_verified for m in platform.mechanisms)
    at = dt.datetime.combine(verified + dt.timedelta(days=1), dt.time(2), tzinfo=dt.UTC)
    record_policy_change("linkedin", "privacy-policy", "Privacy Policy", at, sure=True)
    marked = {}
    for zone in ("UTC", "America/New_York", "Asia/Tokyo"):
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            marked[zone] = outdated_mechanisms("linkedin")
    assert marked["UTC"] and marked["UTC"] == marked["America/New_York"] == marked["Asia/Tokyo"]
    assert {change.at for change in marked["UTC"].values()} == {at}
