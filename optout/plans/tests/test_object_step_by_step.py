"""The objection form as one guided sequence whose parts are stored on the step (reloads, other devices)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from conftest import CONFIRMATION_EML, make_plan
from optout.plans import services
from optout.plans.models import Action, Objection, Status


def _objection(alice):
    make_plan(alice, "EU", ["instagram"])
    return Action.objects.get(owner=alice, mechanism="eu-objection-form")


def _parts(html: str) -> list[str]:
    """The ids of the sequence's parts in page order, with their state."""
    import re

    return re.findall(r'<li id="(\w+)" class="part([^"]*)"', html)


def test_the_parts_come_in_order_and_the_reason_comes_first(alice_client, alice):
    action = _objection(alice)
    html = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    assert [name for name, _ in _parts(html)] == ["reason", "form", "code", "sent", "confirmation"]
    assert dict(_parts(html))["reason"].strip() == "current"
    assert html.index('id="reason"') < html.index("start the clock") < html.index('id="confirmation"')
    assert 'href="https://help.instagram.com/contact/233964459562201"' in html
    # the confirmation comes from the platform; its parent company is not the one that answers in every region
    assert "Attach Instagram's confirmation" in html and "Meta Platforms, Inc." not in html


def test_the_reason_is_saved_as_typed_in_the_chosen_language_and_survives_a_reload(alice_client, alice, client):
    action = _objection(alice)
    url = reverse("plans:action_reason", args=[action.number])
    data = {"language": "de", "contents": ["artwork"], "harms": ["livelihood"],
            "own_words": "Meine Zeichnungen sind mein Einkommen"}
    fragment = alice_client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert "Ich bin Fotograf" not in fragment  # gender-neutral German: the sentence is about the work
    assert "Ich fotografiere und veröffentliche meine Arbeiten" in fragment and "beruflich" not in fragment
    assert "meine Kunstwerke und Illustrationen" in fragment and "Meine Zeichnungen sind mein Einkommen." in fragment
    assert "I object" not in fragment
    stored = Objection.objects.get(action=action)
    assert stored.language == "de" and stored.contents == ["artwork"] and stored.own_words.startswith("Meine")
    page = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()  # a reload
    assert "Meine Zeichnungen sind mein Einkommen</textarea>" in page
    assert 'value="de" selected' in page and 'value="artwork" checked' in page.replace('id="id_contents_1" ', "")
    assert dict(_parts(page))["form"].strip() == "current"


def test_each_part_remembers_its_state(alice_client, alice):
    action = _objection(alice)
    services.save_reason(action, language="en", contents=[], harms=[], own_words="")
    alice_client.post(reverse("plans:action_opened", args=[action.number]), HTTP_X_REQUESTED_WITH="fetch")
    assert Objection.objects.get(action=action).form_opened_at is not None
    alice_client.post(reverse("plans:action_code", args=[action.number]))
    html = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    assert dict(_parts(html))["sent"].strip() == "current" and "I entered the code and sent the objection" in html
    # the code's life comes from guides, not from Meta: the page says so before a person races the clock
    assert "Guides report that it works for 60 minutes (the platform does not say)" in " ".join(html.split())
    alice_client.post(reverse("plans:action_sent", args=[action.number]))
    html = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    assert dict(_parts(html))["confirmation"].strip() == "current"
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("confirmation.eml", CONFIRMATION_EML, content_type="message/rfc822")
    alice_client.post(reverse("plans:action_email", args=[action.number]), {"eml": upload, "finish": "1"})
    action.refresh_from_db()
    assert action.status == Status.DONE
    html = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    assert all("done" in state for _, state in _parts(html))


def test_the_clock_shows_the_persons_time_zone(alice_client, alice):
    action = _objection(alice)
    alice.profile.time_zone = "Europe/Berlin"
    alice.profile.save()
    moment = timezone.now() - dt.timedelta(minutes=5)
    services.request_code(action, now=moment)
    html = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    local = timezone.localtime(action.code_expires_at, timezone=dt.timezone(dt.timedelta(0))).astimezone(
        __import__("zoneinfo").ZoneInfo("Europe/Berlin"))
    assert f"The code is valid until {local:%H:%M} (Europe/Berlin time)." in html


def test_the_clock_names_utc_once_while_optout_does_not_know_the_persons_zone(alice_client, alice):
    """It said: The code is valid until 14:05 UTC (UTC time)."""
    action = _objection(alice)
    alice.profile.refresh_from_db()
    alice.profile.time_zone = ""
    alice.profile.save()
    del alice_client.cookies["optout_tz"]  # what a browser sends once its page has told optout its zone
    services.request_code(action, now=timezone.now())
    html = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
    expires = action.code_expires_at.astimezone(dt.UTC)
    assert f"The code is valid until {expires:%H:%M} UTC." in html and "(UTC time)" not in html


def test_when_the_form_fails_the_letter_opens_with_the_same_reason(alice_client, alice):
    action = _objection(alice)
    services.save_reason(action, language="fr", contents=["photos"], harms=["privacy"],
                         own_words="Mes photos de mariage ne sont pas des données d'entraînement")
    response = alice_client.post(reverse("plans:action_form_failed", args=[action.number]))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('letters:new')}?action={action.number}&kind=objection"
    html = alice_client.get(response["Location"]).content.decode()
    assert "Mes photos de mariage ne sont pas des données d&#x27;entraînement</textarea>" in html
    assert '<option value="fr" selected>' in html
    assert 'value="photos"' in html and 'value="privacy"' in html
    import re

    assert re.search(r'value="photos"[^>]*checked', html) and re.search(r'value="privacy"[^>]*checked', html)
    assert "form did not work" in action.events.last().text


def test_another_persons_step_cannot_be_touched(bob_client, alice):
    action = _objection(alice)
    for name in ("action_reason", "action_opened", "action_form_failed"):
        assert bob_client.post(reverse(f"plans:{name}", args=[action.number]), {"language": "de"}).status_code == 404
    assert not Objection.objects.exists()


def test_the_reason_saved_while_the_form_opens_elsewhere_does_not_undo_the_opening(alice, monkeypatch):
    """The reason saves as the person types; the click that opens the form is reported by another request.
    Whichever finishes last, both are kept (a whole-row save by the reason used to undo the opening)."""
    from optout.plans.services import objection as sequence

    action = _objection(alice)
    services.save_reason(action, language="de", contents=["artwork"], harms=[], own_words="")
    read_while_typing = Objection.objects.get(action=action)  # the typing request reads the row …
    services.form_opened(action)  # … the form is opened and reported meanwhile …
    monkeypatch.setattr(sequence, "_stored", lambda _action: read_while_typing)
    services.save_reason(action, language="de", contents=["artwork"], harms=[], own_words="Mein Stil")  # … then it saves
    stored = Objection.objects.get(action=action)
    assert stored.own_words == "Mein Stil" and stored.form_opened_at is not None
    monkeypatch.undo()
    first = stored.form_opened_at
    services.form_opened(action, now=first + dt.timedelta(minutes=5))
    assert Objection.objects.get(action=action).form_opened_at == first, "the first opening is kept"


def test_the_polish_objection_keeps_its_cases_whatever_is_ticked():
    """Polish said "Dotyczy to w szczególności: moje posty …": "dotyczy" asks for the genitive, and the ticked items
    are in the nominative ("moja muzyka"). Now a verb whose case the items' forms already have, and every item plural."""
    from django.utils import translation

    from optout.plans.reasons import CONTENT_CHOICES, build_reason

    with translation.override("pl"):
        text = build_reason(contents=[code for code, _label in CONTENT_CHOICES], harms=[], translate=translation.gettext)
        nothing = build_reason(contents=[], harms=[], translate=translation.gettext)
    assert "Obejmuje to w szczególności zdjęcia i filmy z moją twarzą, moje prace i ilustracje" in text
    assert "moje utwory muzyczne i nagrania" in text and "moja muzyka" not in text and "Dotyczy to" not in text
    assert "Obejmuje to w szczególności moje posty i udostępnione przeze mnie treści." in nothing


def test_polish_letters_speak_for_nobody_of_one_gender():
    """The Polish reminder said "wysłałem(-am) … Prosiłem(-am) … otrzymałem(-am)", a man's form with a woman's
    ending in brackets, in the person's own letter."""
    import re
    from pathlib import Path

    letters = Path(__file__).resolve().parents[2] / "data" / "letters"
    for path in [letters / "pl.yaml", *letters.glob("*/pl.yaml")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\w\((?:-?a|-?am|-?aś)\)", text), path
        assert not re.search(r"\b\w+łem\b", text), path  # a man's past tense: "wysłałem"
