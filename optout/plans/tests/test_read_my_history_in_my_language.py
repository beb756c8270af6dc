"""What optout writes in a step's history (a code asked for, proof added, a reminder) is said in the language of the
page that shows it, as letters' history is: a person who changed language read the old lines in the old one. The
person's own notes stay as they wrote them; a plan imported from elsewhere can say only optout's own sentences."""

import io
import json

from django.urls import reverse

from conftest import make_plan, png_bytes, step_history
from optout.plans import services
from optout.plans.models import Action, Event


def test_optouts_lines_follow_the_page_and_the_persons_notes_stay(alice, alice_client):
    make_plan(alice, "EU", ["instagram"])
    action = Action.objects.get(owner=alice, mechanism="eu-objection-form")
    alice_client.cookies["django_language"] = "de"
    alice_client.post(reverse("plans:action_code", args=[action.number]))
    services.add_screenshot(action, png_bytes(), "bestaetigung.png")
    services.set_status(action, action.status, "Mein eigener Vermerk")
    english, german = step_history(alice_client, action, "en"), step_history(alice_client, action, "de")
    assert "Code asked for. Guides report that it works for 60 minutes" in english
    assert "Screenshot: bestaetigung.png" in english and "Mein eigener Vermerk" in english
    assert "Code asked for" not in german and "Screenshot: bestaetigung.png" not in german
    assert "bestaetigung.png" in german and "Mein eigener Vermerk" in german
    # stored once, in English, for the command line; said again from its sentence and facts
    code = Event.objects.get(action=action, kind="code")
    assert code.text.startswith("Code asked for.") and code.said["facts"] == {"minutes": 60}


def _exported(client) -> dict:
    return json.loads(client.post(reverse("plans:export")).content)


def _imported(client, document: dict):
    upload = io.BytesIO(json.dumps(document).encode())
    upload.name = "plan.json"
    response = client.post(reverse("plans:import"), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_sentences_travel_with_the_plan_and_no_other(alice, alice_client, bob, bob_client):
    make_plan(alice, "EU", ["instagram"])
    action = Action.objects.get(owner=alice, mechanism="eu-objection-form")
    services.request_code(action)
    document = _exported(alice_client)
    events = next(a for a in document["actions"] if a["number"] == action.number)["events"]
    code = next(e for e in events if e["kind"] == "code")
    assert code["said"]["said"].startswith("Code asked for.")
    hostile = dict(code, said={"said": "%(minutes)999999999s", "facts": {"minutes": 1}}, text="as written")
    unknown = dict(code, said={"said": "We never train on your art.", "facts": {}}, text="as written too")
    events += [hostile, unknown]
    _imported(bob_client, document)
    moved = Event.objects.filter(owner=bob, kind="code").order_by("id")
    assert [e.said is not None for e in moved] == [True, False, False]
    german = step_history(bob_client, Action.objects.get(owner=bob, number=action.number), "de")
    assert "as written" in german and "as written too" in german and "999999999" not in german
    assert "Code asked for" not in german


def test_why_a_step_no_longer_applies_follows_the_page(alice, alice_client):
    from optout.accounts.models import Profile

    make_plan(alice, "EU", ["instagram"])
    objection = Action.objects.get(owner=alice, mechanism="eu-objection-form")
    Profile.objects.filter(owner=alice).update(language="fr", region="US")
    services.sync_all_plans()  # in the background, while the person reads French
    objection.refresh_from_db()
    english = "It no longer applies where you live, or the platform no longer offers it."
    assert objection.retired_reason == english
    assert objection.events.get(kind=Event.Kind.RETIRED).text == english
    for language in ("fr", "de", "en"):
        alice_client.cookies["django_language"] = language
        step = alice_client.get(reverse("plans:action", args=[objection.number])).content.decode()
        plan = alice_client.get(reverse("plans:plan")).content.decode()
        for page in (step, plan):
            assert (english in page) == (language == "en"), language
    alice_client.cookies["django_language"] = "de"
    step = alice_client.get(reverse("plans:action", args=[objection.number])).content.decode()
    assert "nicht mehr" in step
