"""A date only the letter asks for (most LGPD requests, a reminder) is said to be asked for, not "due": the page, the
message after sending and the history called it an answer due, as if a law set it."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from conftest import make_plan
from optout.letters import services
from optout.lib import dates


def test_a_brazilian_objection_asks_for_its_date_and_says_no_law_sets_it(alice, alice_client):
    make_plan(alice, "BR", ["instagram"])
    letter = services.draft_request(alice, platform="instagram", kind="objection", language="pt-BR", name="Alice",
                                    email="alice@example.org", own_words="Meus desenhos.")
    assert not letter.deadline_is_legal
    response = alice_client.post(reverse("letters:sent", args=[letter.number]),
                                 {"sent_on": timezone.localdate().isoformat(), "channel": "email"}, follow=True)
    page = " ".join(response.content.decode().split())
    letter.refresh_from_db()
    due = dates.format_date(letter.deadline)
    assert f"Marked as sent. Answer asked for by {due}; no law sets it." in page  # the message, and the status line:
    assert f"Answer asked for by {due}; no law sets it." in page.replace(f"Marked as sent. Answer asked for by {due}", "", 1)
    assert "Answer due by" not in page and "The answer is due by" not in page


def test_a_brazilian_access_request_has_the_laws_date(alice, alice_client):
    make_plan(alice, "BR", ["instagram"])
    letter = services.draft_request(alice, platform="instagram", kind="access", language="pt-BR", name="Alice",
                                    email="alice@example.org")
    services.mark_sent(letter, timezone.localdate() - dt.timedelta(days=1), "email")
    page = alice_client.get(letter.get_absolute_url()).content.decode()
    assert letter.deadline_is_legal and "Answer due by" in page and "Answer asked for by" not in page


def test_a_brazilian_letter_uses_no_gdpr_test_and_offers_no_extension_the_law_does_not_have(alice, alice_client):
    """The LGPD letter said "motivos relacionados à minha situação particular" (the GDPR's test for an objection), and
    its page offered "They extended the deadline", then refused it: the LGPD has no extension."""
    make_plan(alice, "BR", ["instagram"])
    letter = services.draft_request(alice, platform="instagram", kind="objection", language="pt-BR", name="Alice",
                                    email="alice@example.org", harms=["income"], own_words="Meus desenhos.")
    body = " ".join(services.letter_for(letter).paragraphs)
    assert "situação particular" not in body and "Sobre mim e sobre como este uso dos meus dados me afeta:" in body
    services.mark_sent(letter, timezone.localdate(), "email")
    page = alice_client.get(letter.get_absolute_url()).content.decode()
    assert 'value="extended"' not in page and 'value="refused"' in page
    form = alice_client.get(reverse("letters:new")).content.decode()
    assert "it must give reasons from your own situation" not in form
