"""A person deletes one of their letters (with their name and address): a draft at once after one question, a sent
letter after being told what goes with it; nobody else can, and only by POST."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from optout.letters import services
from optout.letters.models import LetterEvent, LetterRequest


@pytest.fixture
def draft(alice):
    from optout.accounts.services import set_country

    set_country(alice, "DE")
    return services.draft_request(alice, platform="instagram", kind="objection", own_words="My drawings are my income.", language="en", name="Alice Example",
                                  address="12 Secret Street\n10115 Berlin", email="alice@example.org")


def test_i_delete_a_draft_with_my_name_and_address(alice, alice_client, draft):
    other = services.draft_request(alice, platform="linkedin", kind="access", language="en", name="Alice Example",
                                   email="alice@example.org")
    page = alice_client.get(reverse("letters:detail", args=[draft.number])).content.decode()
    assert reverse("letters:delete", args=[draft.number]) in page
    asked = alice_client.get(reverse("letters:delete", args=[draft.number])).content.decode()
    assert "the letter with your name and address" in asked and "You have sent this letter" not in asked
    assert LetterRequest.objects.filter(pk=draft.pk).exists()  # asking deletes nothing

    done = alice_client.post(reverse("letters:delete", args=[draft.number]), follow=True)

    assert f"Deleted the letter {draft.reference} for good." in done.content.decode()
    assert not LetterRequest.objects.filter(owner=alice, sender_address__contains="Secret Street").exists()
    assert not LetterEvent.objects.filter(request_id=draft.pk).exists()
    assert list(LetterRequest.objects.filter(owner=alice).values_list("pk", flat=True)) == [other.pk]
    assert alice_client.get(reverse("letters:detail", args=[draft.number])).status_code == 404


def test_a_sent_letter_can_be_deleted_after_a_warning_and_its_reminder_stays(alice, alice_client, draft):
    services.mark_sent(draft, dt.date.today() - dt.timedelta(days=40), "email")
    draft.refresh_from_db()
    reminder = services.make_follow_up(draft)
    asked = alice_client.get(reverse("letters:delete", args=[draft.number])).content.decode()
    assert "You have sent this letter." in asked and reminder.reference in asked

    alice_client.post(reverse("letters:delete", args=[draft.number]))

    assert not LetterRequest.objects.filter(pk=draft.pk).exists()
    reminder.refresh_from_db()
    assert reminder.parent is None


def test_only_the_owner_deletes_and_only_by_post_with_csrf(alice, bob_client, draft):
    assert bob_client.get(reverse("letters:delete", args=[draft.number])).status_code == 404
    assert bob_client.post(reverse("letters:delete", args=[draft.number])).status_code == 404
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    assert browser.post(reverse("letters:delete", args=[draft.number])).status_code == 403
    assert browser.put(reverse("letters:delete", args=[draft.number])).status_code in (403, 405)
    assert LetterRequest.objects.filter(pk=draft.pk).exists()
