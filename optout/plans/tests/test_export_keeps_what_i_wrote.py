"""Export, then import again, loses nothing the file says it holds: the reasons written for objections and the
profile's country, time zone and language come back; a replacing import never deletes what the file does not carry;
the export page says what the file holds and what it does not."""

import io
import json

import pytest
from django.urls import reverse

from conftest import make_plan
from optout.accounts.services import profile_for, set_country, set_language, set_time_zone
from optout.plans.models import Action, Objection

REASON = {"language": "de", "contents": ["artwork"], "harms": ["livelihood"],
          "own_words": "Meine Zeichnungen sind mein Einkommen"}


@pytest.fixture
def alices_objection(alice, alice_client):
    make_plan(alice, "EU", ["instagram", "linkedin"])
    action = Action.objects.get(owner=alice, mechanism="eu-objection-form")
    assert alice_client.post(reverse("plans:action_reason", args=[action.number]), REASON).status_code == 302
    alice_client.post(reverse("plans:action_opened", args=[action.number]), HTTP_X_REQUESTED_WITH="fetch")
    set_country(alice, "DE")
    set_time_zone(alice, "Europe/Berlin")
    set_language(alice, "de")
    return action


def _export(client) -> bytes:
    response = client.post(reverse("plans:export"))
    assert response.status_code == 200
    return response.content


def _import(client, data: bytes, *, replace: bool = False):
    upload = io.BytesIO(data)
    upload.name = "plan.json"
    response = client.post(reverse("plans:import"), {"file": upload, "replace": "on" if replace else ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def _reason(user, number: int) -> dict:
    return Objection.objects.filter(owner=user, action__number=number).values(
        "language", "contents", "harms", "own_words", "reason_saved_at", "form_opened_at", "form_failed_at").get()


def test_my_objection_reasons_and_settings_move_to_another_account(alice, bob, alice_client, bob_client,
                                                                   alices_objection):
    _import(bob_client, _export(alice_client))

    assert _reason(bob, alices_objection.number) == _reason(alice, alices_objection.number)
    assert _reason(bob, alices_objection.number)["own_words"] == REASON["own_words"]
    moved = profile_for(bob)
    assert (moved.country, moved.region, moved.time_zone, moved.language) == ("DE", "EU", "Europe/Berlin", "de")
    page = bob_client.get(reverse("plans:action", args=[alices_objection.number])).content.decode()
    assert "Meine Zeichnungen sind mein Einkommen</textarea>" in page


def test_replacing_my_plan_with_my_own_export_keeps_my_objection_reasons(alice, alice_client, alices_objection):
    before = _reason(alice, alices_objection.number)

    _import(alice_client, _export(alice_client), replace=True)

    assert _reason(alice, alices_objection.number) == before


def test_replacing_with_an_export_from_before_reasons_were_exported_keeps_them_and_my_settings(
        alice, alice_client, alices_objection):
    older = json.loads(_export(alice_client))
    older["version"] = 3
    for action in older["actions"]:
        del action["objection"]
    for name in ("country", "time_zone", "language"):
        del older["profile"][name]
    del older["presets"]
    before = _reason(alice, alices_objection.number)

    _import(alice_client, json.dumps(older).encode(), replace=True)

    assert _reason(alice, alices_objection.number) == before
    profile = profile_for(alice)
    assert (profile.country, profile.time_zone, profile.language) == ("DE", "Europe/Berlin", "de")


def test_a_reason_in_the_file_is_checked_before_anything_is_stored(bob, bob_client, alice_client, alices_objection):
    data = json.loads(_export(alice_client))
    step = next(a for a in data["actions"] if a["objection"])
    step["objection"]["language"] = "xx"
    upload = io.BytesIO(json.dumps(data).encode())
    upload.name = "plan.json"
    refused = bob_client.post(reverse("plans:import"), {"file": upload})
    assert refused.status_code == 400 and ".objection.language" in refused.content.decode()
    assert not Action.objects.filter(owner=bob).exists()


def test_the_export_page_says_what_the_file_holds_and_what_it_does_not(alice_client):
    page = alice_client.get(reverse("plans:export")).content.decode()
    assert "whole plan" not in page
    assert "the reasons you wrote for objections" in page and "image-marking presets" in page
    assert "It does not hold your notification channels" in page and "make a new calendar address" in page
