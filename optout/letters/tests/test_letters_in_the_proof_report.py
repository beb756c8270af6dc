"""The proof report holds the letters sent: a person who complains to a regulator hands over one record of what they
did — the steps and the letters — and the report showed no letter at all."""

import datetime as dt

from django.urls import reverse

from conftest import make_plan
from optout.letters import services


def test_the_report_lists_each_letter_sent_with_its_recipient_dates_and_history(alice, alice_client, bob_client):
    make_plan(alice, "EU", ["instagram"])
    alice.profile.country = "DE"
    alice.profile.save()
    letter = services.draft_request(alice, platform="instagram", kind="objection", language="en", name="Alice",
                                    email="alice@example.org", own_words="My drawings are my income.")
    draft = services.draft_request(alice, platform="instagram", kind="access", language="en", name="Alice",
                                   email="alice@example.org")
    services.mark_sent(letter, dt.date(2026, 11, 2), "email")
    services.record_answer(letter, "acknowledged", "They will look into it.")
    letter.refresh_from_db()
    html = " ".join(alice_client.get(reverse("plans:report")).content.decode().split())
    section = html[html.index("Letters sent"):]
    assert letter.reference in section and letter.recipient_name in section
    assert "2 November 2026 · E-mail" in section and "Answer due" in section and "Acknowledged" in section
    assert "They will look into it." in section
    assert draft.reference not in section, "a draft was never sent"
    assert "Letters sent" not in bob_client.get(reverse("plans:report")).content.decode()


def test_an_answer_is_dated_the_day_it_came_and_says_what_it_was(alice, alice_client):
    """An answer was dated the day it was typed in (a timely answer looked late to a regulator), and with a note the
    history no longer said whether it was an answer, a confirmation or a refusal."""
    from django.utils import timezone

    make_plan(alice, "EU", ["instagram"])
    letter = services.draft_request(alice, platform="instagram", kind="objection", language="en", name="Alice",
                                    email="alice@example.org", own_words="My drawings are my income.")
    today = timezone.localdate()
    services.mark_sent(letter, today - dt.timedelta(days=30), "email")
    came = today - dt.timedelta(days=4)
    response = alice_client.post(reverse("letters:answer", args=[letter.number]),
                                 {"status": "refused", "note": "They say they have a legitimate interest.",
                                  "told_on": came.isoformat()})
    assert response.status_code == 302
    html = " ".join(alice_client.get(reverse("plans:report")).content.decode().split())
    section = html[html.index("Letters sent"):]
    assert (f"The company refused on {came.day} {came:%B %Y}. They say they have a legitimate interest."
            in section.replace("&#x27;", "'"))
    future = alice_client.post(reverse("letters:answer", args=[letter.number]),
                               {"status": "closed", "told_on": (today + dt.timedelta(days=2)).isoformat()})
    assert future.status_code == 400 and "must be between the day you sent it and today" in future.content.decode()
